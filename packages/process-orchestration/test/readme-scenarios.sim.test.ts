/**
 * Scenarios written from packages/process-orchestration/README.md alone, as a new user would: build what the
 * README shows, synthesize it, run it locally with @statecraft/testing and check what the README promises.
 */
// eslint-disable-next-line import/no-extraneous-dependencies -- imported by its published name, as a README reader does
import {
  ApprovalChannel, ApprovalGate, ExecutionStatus, ExecutionStatusHandler, InputField, InputValidation, JobGraph,
  PollSchedule, PollUntilDone, ProcessOrchestrator, ProcessSchedule, RetryPolicy, Saga,
} from '@statecraft/process-orchestration';
import {
  describedExecution, installMatchers, MockCall, SimulatorOptions, TaskFailure, WorkflowDefinition,
  WorkflowSimulator,
} from '@statecraft/testing';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';

installMatchers();

/**
 * A simulator for these README checks. Each workflow's coverage is proven by its own test files, so these runs write
 * no coverage report (scripts/workflow-coverage.js gates the reports).
 */
function readmeCheck(definition: WorkflowDefinition, options: SimulatorOptions = {}): WorkflowSimulator {
  return new WorkflowSimulator(definition, { ...options, writeCoverageReport: false });
}

/** The README's "A complete example", built in a fresh stack. */
function settlementExample() {
  const app = new App();
  const stack = new Stack(app, 'NightlySettlement');
  const job = (name: string, functionName: string) => {
    const task = tasks.LambdaInvoke.jsonata(stack, name, {
      lambdaFunction: lambda.Function.fromFunctionName(stack, `${name}Fn`, functionName),
      payload: sfn.TaskInput.fromObject({ runDate: '{% $states.input.runDate %}', region: '{% $states.input.region %}' }),
      retryOnServiceExceptions: false,
    });
    RetryPolicy.transientAwsErrors().applyTo(task);
    return task;
  };
  const markRunFailed = tasks.DynamoUpdateItem.jsonata(stack, 'Mark Run Failed', {
    table: dynamodb.Table.fromTableName(stack, 'Runs', 'settlement-runs'),
    key: { runDate: tasks.DynamoAttributeValue.fromString('{% $states.input.runDate %}') },
    updateExpression: 'SET #s = :failed, #e = :error',
    expressionAttributeNames: { '#s': 'status', '#e': 'error' },
    expressionAttributeValues: {
      ':failed': tasks.DynamoAttributeValue.fromString('FAILED'),
      ':error': tasks.DynamoAttributeValue.fromString('{% $states.input.failure.Error %}'),
    },
  });
  const settlement = new ProcessOrchestrator(stack, 'Settlement', {
    processName: 'nightly-settlement',
    inputValidation: InputValidation.of([
      InputField.timestamp('runDate', { required: true }),
      InputField.string('region', { required: true, allowedValues: ['eu', 'us'] }),
      InputField.number('batchSize', { minimum: 1, maximum: 1000 }),
    ]),
    jobGraph: new JobGraph([
      { name: 'extract-orders', work: job('Extract Orders', 'extract-orders') },
      { name: 'extract-payments', work: job('Extract Payments', 'extract-payments') },
      { name: 'reconcile', work: job('Reconcile', 'reconcile'), dependsOn: ['extract-orders', 'extract-payments'] },
      { name: 'report', work: job('Publish Report', 'publish-report'), dependsOn: ['reconcile'] },
    ]),
    failureHandler: markRunFailed,
    timeout: Duration.hours(2),
    schedule: ProcessSchedule.cron({ minute: '0', hour: '2', timeZone: TimeZone.EUROPE_BERLIN }, {
      input: { region: 'eu', runDate: '2026-01-01T00:00:00Z' },
      flexibleWindow: Duration.minutes(15),
    }),
    alarms: { executionsFailed: 1, durationPercentile: 'p90' },
  });
  return { stack, settlement };
}

const example = settlementExample();
const definition = WorkflowDefinition.fromStateMachine(example.settlement.stateMachine, { name: 'readme-scenarios-settlement' });
const healthy = {
  integrations: {
    'lambda:invoke': { return: { StatusCode: 200, Payload: { ok: true } } },
    'dynamodb:updateItem': { return: {} },
  },
};
const validInput = { runDate: '2026-01-01T00:00:00Z', region: 'eu' };

describe('README "A complete example"', () => {
  test('a valid run passes Validate Input, then runs the job graph in three stages and succeeds', async () => {
    const result = await readmeCheck(definition, { mocks: healthy }).run(validInput);
    expect(result).toSucceed();
    const stages = result.visited.map((v) => v.name).filter((n) => n.startsWith('Stage '));
    // "Job graph": "the fewest sequential stages, each a Parallel `Stage N (<job names>)`".
    expect(stages).toEqual([
      'Stage 1 (extract-orders, extract-payments)', 'Stage 2 (reconcile)', 'Stage 3 (report)',
    ]);
    expect(result.visited[0].name).toBe('Validate Input');
    expect(result.taskInvocations['lambda:invoke']).toBe(4);
  });

  test('"invalid input is refused before anything runs": {} fails with the cause the README prints', async () => {
    const result = await readmeCheck(definition, { mocks: healthy }).run({});
    // README "Named errors": the input-validation cause, one sentence per invalid field in declaration order.
    expect(result).toFailWith('Statecraft.InvalidInput');
    expect(result.cause).toBe("Input field 'runDate' is invalid: expected an RFC 3339 timestamp (required); "
      + "Input field 'region' is invalid: expected a non-empty string, one of 'eu', 'us' (required)");
    expect(result.taskInvocations).toEqual({});
  });

  test('"a failed run is marked in a table": the failure handler gets the error at failure and re-raises Statecraft.ProcessFailed', async () => {
    let markedError: unknown;
    const sim = readmeCheck(definition, {
      mocks: {
        states: {
          Reconcile: () => { throw new TaskFailure('Reconcile.MismatchFound', 'ledger and payments differ'); },
        },
        integrations: {
          'lambda:invoke': healthy.integrations['lambda:invoke'],
          'dynamodb:updateItem': (call) => {
            markedError = (call.input as any).ExpressionAttributeValues[':error'].S;
            return {};
          },
        },
      },
    });
    const result = await sim.run(validInput);
    // README "Named errors": Statecraft.ProcessFailed, "the cause is the original { Error, Cause } as JSON".
    expect(result).toFailWith('Statecraft.ProcessFailed');
    expect(JSON.parse(result.cause!)).toEqual({ Error: 'Reconcile.MismatchFound', Cause: 'ledger and payments differ' });
    expect(markedError).toBe('Reconcile.MismatchFound');
    expect(result.visited.map((v) => v.name)).not.toContain('Publish Report');
  });

  test('"RetryPolicy presets: transientAwsErrors() (throttling and 5xx, ... 6 times)": six throttles are retried, a seventh is not', async () => {
    const throttled = (times: number) => ({
      ...healthy,
      states: {
        'Extract Orders': (call: { attempt: number }) => {
          if (call.attempt < times) throw new TaskFailure('Lambda.TooManyRequestsException', 'Rate exceeded');
          return { StatusCode: 200, Payload: {} };
        },
      },
    });
    const recovered = await readmeCheck(definition, { mocks: throttled(6) }).run(validInput);
    expect(recovered).toSucceed();
    expect(recovered.visited.filter((v) => v.name === 'Extract Orders')).toHaveLength(7);
    // Full jitter: each wait is at most 2, 4, 8, 16, 32 then 60 (capped) seconds.
    expect(recovered.elapsedSeconds).toBeLessThanOrEqual(2 + 4 + 8 + 16 + 32 + 60);

    const exhausted = await readmeCheck(definition, { mocks: throttled(7) }).run(validInput);
    expect(exhausted).toFailWith('Statecraft.ProcessFailed', 'Lambda.TooManyRequestsException');
  });

  test('"runs every night at 02:00 Berlin time" through a schedule with a 15-minute flexible window', () => {
    const template = Template.fromStack(example.stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
    });
  });

  test('"timeout: Duration.hours(2)" becomes the execution timeout', () => {
    expect((definition.asl as any).TimeoutSeconds).toBe(7200);
  });
});

describe('README "What it builds" and "Defaults"', () => {
  const app = new App();
  const stack = new Stack(app, 'Defaults');
  const orchestrator = new ProcessOrchestrator(stack, 'Minimal', {
    processName: 'minimal',
    definition: new sfn.Pass(stack, 'Work'),
  });
  const template = Template.fromStack(stack);
  const minimal = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'readme-scenarios-minimal' });

  test('Standard, X-Ray on, logs at level ALL with execution data', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
    });
  });

  test('Timeout: 1 hour', () => {
    expect((minimal.asl as any).TimeoutSeconds).toBe(3600);
  });

  test('log group under /aws/vendedlogs/states/, kept 1 year, retained', () => {
    const groups = template.findResources('AWS::Logs::LogGroup');
    const [group] = Object.values(groups) as any[];
    expect(JSON.stringify(group.Properties.LogGroupName)).toContain('/aws/vendedlogs/states/');
    expect(group.Properties.RetentionInDays).toBe(365);
    expect(group.DeletionPolicy).toBe('Retain');
  });

  test('an SNS topic under a created rotating KMS key that refuses non-TLS publishing', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.values(topics)).toHaveLength(1);
    expect((Object.values(topics)[0] as any).Properties.KmsMasterKeyId).toBeDefined();
    const policies = JSON.stringify(template.findResources('AWS::SNS::TopicPolicy'));
    expect(policies).toContain('aws:SecureTransport');
  });

  test('notifications: an EventBridge rule for FAILED, TIMED_OUT and ABORTED', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        'detail': { status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
      },
    });
  });

  test('5 CloudWatch alarms, the p99 duration alarm at 80% of the timeout', () => {
    const alarms = template.findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms)).toHaveLength(5);
    const duration = Object.values(alarms).find((a: any) => a.Properties.ExtendedStatistic === 'p99') as any;
    expect(duration).toBeDefined();
    // ExecutionTime is reported in milliseconds; 80% of 3,600 s.
    expect(duration.Properties.Threshold).toBe(0.8 * 3600 * 1000);
  });

  test('Retries: none added to your tasks', () => {
    expect(JSON.stringify(minimal.asl.States)).not.toContain('"Retry"');
  });
});

describe('README "Bad props fail at synth time with one error that lists every problem"', () => {
  test('a job cycle and a 400-day timeout are both named with the construct path and prop', () => {
    const stack = new Stack(new App(), 'Stack');
    const pass = (id: string) => new sfn.Pass(stack, id);
    expect(() => {
      new ProcessOrchestrator(stack, 'Settlement', {
        processName: 'bad',
        jobGraph: new JobGraph([
          { name: 'extract', work: pass('Extract'), dependsOn: ['load'] },
          { name: 'transform', work: pass('Transform'), dependsOn: ['extract'] },
          { name: 'load', work: pass('Load'), dependsOn: ['transform'] },
        ]),
        timeout: Duration.days(400),
      });
      Template.fromStack(stack);
    }).toThrow(/Invalid props for Stack\/Settlement \(2 problems\)[\s\S]*- jobGraph: jobs form a cycle: [\s\S]*- timeout: 400 days is out of range: STANDARD executions allow 1 second to 365 days/);
  });
});

describe('README "Building blocks": Saga', () => {
  test('a failed step compensates the completed steps in reverse order and fails with Statecraft.SagaFailed', async () => {
    const stack = new Stack(new App(), 'SagaStack');
    const step = (name: string, withCompensation: boolean) => ({
      name,
      action: new tasks.CallAwsService(stack, `${name} Action`, {
        service: 'dynamodb', action: 'putItem', iamResources: ['*'], parameters: { TableName: name, Item: { id: { S: 'order-1' } } },
      }),
      compensation: withCompensation ? new tasks.CallAwsService(stack, `Undo ${name}`, {
        service: 'dynamodb', action: 'deleteItem', iamResources: ['*'], parameters: { TableName: name, Key: { id: { S: 'order-1' } } },
      }) : undefined,
    });
    const saga = new Saga(stack, 'Fulfil Order', { steps: [step('Reserve', true), step('Charge', true), step('Ship', true)] });
    const orchestrator = new ProcessOrchestrator(stack, 'Orders', { processName: 'orders', definition: saga });
    const def = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'readme-scenarios-saga' });
    const order: string[] = [];
    const result = await readmeCheck(def, {
      mocks: {
        states: {
          'Reserve Action': { return: {} },
          'Charge Action': { return: {} },
          'Ship Action': { throw: { error: 'Carrier.Unavailable', cause: 'no truck' } },
          'Undo Reserve': () => { order.push('Reserve'); return {}; },
          'Undo Charge': () => { order.push('Charge'); return {}; },
        },
      },
    }).run({});
    expect(result).toFailWith('Statecraft.SagaFailed');
    // "cause `saga step <step> failed with <error>`"
    expect(result.cause).toContain('saga step Ship failed with Carrier.Unavailable');
    expect(order).toEqual(['Charge', 'Reserve']);
    // "The last step's compensation can never run, so it is not emitted."
    expect(JSON.stringify(def.asl)).not.toContain('Undo Ship');
  });
});

describe('README "Building blocks": Approval gate', () => {
  const stack = new Stack(new App(), 'ApprovalStack');
  const topic = new sns.Topic(stack, 'Approvers');
  const gate = new ApprovalGate(stack, 'Approve Release', { channel: ApprovalChannel.toSnsTopic(topic), timeout: Duration.hours(4) });
  // The execution must outlive the gate (the orchestrator's default timeout is 1 hour).
  const orchestrator = new ProcessOrchestrator(stack, 'Release', {
    processName: 'release', definition: gate.next(new sfn.Pass(stack, 'Release It')), timeout: Duration.hours(8),
  });
  const def = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'readme-scenarios-approval' });
  const requestState = gate.requestTask.stateId;

  test('publishes { subject, taskToken, executionId, timeoutSeconds } and continues on {"approved": true}', async () => {
    let message: any;
    const result = await readmeCheck(def, {
      mocks: { states: { [requestState]: (call: MockCall) => { message = (call.input as any).Message; return { approved: true }; } } },
    }).run({});
    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toContain('Release It');
    const published = typeof message === 'string' ? JSON.parse(message) : message;
    expect(published).toMatchObject({ taskToken: expect.stringContaining('statecraft-token:'), timeoutSeconds: 4 * 3600 });
    expect(published).toHaveProperty('subject');
    expect(published).toHaveProperty('executionId');
  });

  test('anything else fails with Statecraft.ApprovalRejected, the cause carrying the approver\'s reason', async () => {
    const result = await readmeCheck(def, {
      mocks: { states: { [requestState]: { return: { approved: false, reason: 'change freeze' } } } },
    }).run({});
    expect(result).toFailWith('Statecraft.ApprovalRejected', 'change freeze');
  });

  test('nobody answering within the timeout fails with Statecraft.ApprovalTimedOut', async () => {
    const result = await readmeCheck(def, {
      mocks: { states: { [requestState]: { return: { approved: true }, durationSeconds: 4 * 3600 + 1 } } },
    }).run({});
    expect(result).toFailWith('Statecraft.ApprovalTimedOut');
  });
});

describe('README "Building blocks": Execution status handler', () => {
  test('Read Event gives the handler $.execution (Input parsed) and $.failure; an abort reads Statecraft.ExecutionAborted', async () => {
    const stack = new Stack(new App(), 'HandlerStack');
    const watched = new ProcessOrchestrator(stack, 'Watched', { processName: 'watched', definition: new sfn.Pass(stack, 'Work') });
    const seen = new sfn.Pass(stack, 'Seen');
    const handler = new ExecutionStatusHandler(stack, 'CleanUp', {
      stateMachine: watched.stateMachine, statuses: [ExecutionStatus.ABORTED, ExecutionStatus.TIMED_OUT], handler: seen, processName: 'clean-up',
    });
    const def = WorkflowDefinition.fromStateMachine(handler.stateMachine, { name: 'readme-scenarios-status-handler' });
    const event = {
      'version': '0',
      'id': 'e-1',
      'detail-type': 'Step Functions Execution Status Change',
      'source': 'aws.states',
      'account': '111111111111',
      'time': '2026-12-07T00:00:00Z',
      'region': 'us-east-1',
      'resources': [],
      'detail': {
        executionArn: 'arn:aws:states:us-east-1:111111111111:execution:watched:run-1',
        stateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:watched',
        name: 'run-1',
        status: 'ABORTED',
        startDate: 1,
        stopDate: 2,
        input: '{"day":"2026-12-06"}',
        output: null,
        error: null,
        cause: null,
        redriveCount: 0,
      },
    };
    const result = await readmeCheck(def).run(event);
    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toContain('Read Event');
    const output = result.output as any;
    expect(output.execution).toMatchObject({
      Arn: event.detail.executionArn,
      Name: 'run-1',
      StateMachineArn: event.detail.stateMachineArn,
      Status: 'ABORTED',
      RedriveCount: 0,
      Input: { day: '2026-12-06' },
    });
    expect(output.failure.Error).toBe('Statecraft.ExecutionAborted');
  });
});

describe('README "Limits"', () => {
  test('patterns may use only * as a wildcard: ? is refused at synth time, naming the prop', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => new ProcessOrchestrator(stack, 'Bad', {
      processName: 'bad',
      definition: new sfn.Pass(stack, 'Work'),
      inputValidation: InputValidation.of([InputField.string('tenantId', { pattern: 'tenant-?' })]),
    })).toThrow(/Invalid props for Stack\/Bad[\s\S]*- inputValidation: InputField 'tenantId': pattern 'tenant-\?' may only use '\*'/);
  });

  // AWS Step Functions Developer Guide, "Choosing workflow type in Step Functions" and "Discover service integration
  // patterns": Express workflows support neither Run a Job (.sync) nor Wait for a Callback (.waitForTaskToken).
  test('Express workflows reject .waitForTaskToken tasks at synth time', () => {
    const stack = new Stack(new App(), 'Stack');
    const topic = new sns.Topic(stack, 'Approvers');
    const gate = new ApprovalGate(stack, 'Approve', { channel: ApprovalChannel.toSnsTopic(topic), timeout: Duration.minutes(4) });
    expect(() => new ProcessOrchestrator(stack, 'Fast', {
      processName: 'fast', definition: gate, stateMachineType: sfn.StateMachineType.EXPRESS, timeout: Duration.minutes(5),
    })).toThrow(/Invalid props for Stack\/Fast[\s\S]*- stateMachineType: EXPRESS workflows cannot run .sync or .waitForTaskToken tasks, found: Approve/);
  });
});

describe('README "Building blocks": Polling', () => {
  const stack = new Stack(new App(), 'PollStack');
  const poll = new PollUntilDone(stack, 'Creation', {
    schedule: PollSchedule.exponential({
      firstWait: Duration.seconds(10), backoffRate: 2, maxWait: Duration.minutes(1), deadline: Duration.minutes(5),
    }),
    check: tasks.CallAwsService.jsonata(stack, 'Describe Job', {
      service: 'sfn',
      action: 'describeExecution',
      parameters: { ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:job:run-1' },
      iamResources: ['arn:aws:states:us-east-1:111111111111:execution:job:run-1'],
      outputs: '{% $states.result %}',
    }),
    outcomes: [{ condition: "{% $states.input.Status = 'SUCCEEDED' %}", next: new sfn.Succeed(stack, 'Job Done') }],
    timeoutError: 'Demo.JobNotDone',
  });
  // "The state before the poll must assign poll.startAssign."
  const start = sfn.Pass.jsonata(stack, 'Start Job', { assign: poll.startAssign });
  const orchestrator = new ProcessOrchestrator(stack, 'Poller', { processName: 'poller', definition: start.next(poll) });
  const def = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'readme-scenarios-poll' });
  const running = describedExecution({ status: 'RUNNING', stateMachineName: 'job', executionName: 'run-1' });
  const done = describedExecution({ status: 'SUCCEEDED', stateMachineName: 'job', executionName: 'run-1' });

  test('wait, check, decide: <id>: Wait, the check, <id>: Done?; done at the second check after 10 + 20 s', async () => {
    const result = await readmeCheck(def, { mocks: { states: { 'Describe Job': { 0: { return: running }, 1: { return: done } } } } }).run({});
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Start Job', 'Creation: Wait', 'Describe Job', 'Creation: Done?', 'Creation: Wait', 'Describe Job', 'Creation: Done?', 'Job Done']);
    expect(result.elapsedSeconds).toBe(10 + 20);
  });

  test('past the deadline it fails with timeoutError, cause "Not done after N checks over S seconds"', async () => {
    const result = await readmeCheck(def, { mocks: { states: { 'Describe Job': { return: running } } } }).run({});
    // No failureHandler here, so the poll's own error ends the execution.
    expect(result).toFailWith('Demo.JobNotDone');
    // Waits of 10, 20, 40, then 60 s (maxWait) until the 300-second deadline has passed.
    expect(result.cause).toBe('Not done after 7 checks over 310 seconds');
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(300);
  });
});

describe('README "A complete example": alarms and encryption defaults', () => {
  const template = Template.fromStack(example.stack);

  test('alarms: { executionsFailed: 1, durationPercentile: \'p90\' } gives a p90 duration alarm', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.some((a) => a.Properties.ExtendedStatistic === 'p90')).toBe(true);
    const failed = alarms.find((a) => a.Properties.MetricName === 'ExecutionsFailed');
    expect(failed.Properties.Threshold).toBe(1);
  });

  test('Encryption default: AWS-owned key for the state machine (no customer key)', () => {
    const [machine] = Object.values(template.findResources('AWS::StepFunctions::StateMachine')).filter(
      (m: any) => JSON.stringify(m.Properties.DefinitionString ?? '').includes('Validate Input')) as any[];
    const encryption = machine.Properties.EncryptionConfiguration;
    expect(encryption === undefined || encryption.Type === 'AWS_OWNED_KEY').toBe(true);
  });
});

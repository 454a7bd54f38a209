import { WorkflowDefinition, WorkflowSimulator, executionStatusChangeEvent, installMatchers } from '@statecraft/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { ExecutionStatus, ExecutionStatusHandler, StatecraftErrors } from '../src';
import { testStack } from './example-workflows';
import { statusChangePattern } from './support/status-change-pattern';

installMatchers();

/** A watched nightly job, and a handler that pages the on-call topic with what ended and why. */
function pagedJob(props: { encrypted?: boolean } = {}) {
  const stack = testStack();
  const watched = new sfn.StateMachine(stack, 'NightlyJob', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Work')),
  });
  const topic = sns.Topic.fromTopicArn(stack, 'OnCall', 'arn:aws:sns:us-east-1:123456789012:on-call');
  const page = new tasks.SnsPublish(stack, 'Page On-Call', {
    topic,
    message: sfn.TaskInput.fromObject({
      'execution.$': '$.execution.Name',
      'input.$': '$.execution.Input',
      'error.$': '$.failure.Error',
      'cause.$': '$.failure.Cause',
    }),
    resultPath: sfn.JsonPath.DISCARD,
  });
  const handler = new ExecutionStatusHandler(stack, 'OnEnd', {
    stateMachine: watched,
    statuses: [ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED],
    handler: page,
    processName: 'nightly-job-on-end',
    encryptionKey: props.encrypted ? new kms.Key(stack, 'Key', { enableKeyRotation: true }) : undefined,
  });
  return { stack, watched, handler };
}

const { stack, handler } = pagedJob();
const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(handler.stateMachine, { name: 'execution-status-handler' }));

const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:NightlyJob:run-1';
async function runHandler(detail: Record<string, unknown>) {
  const pages: any[] = [];
  const result = await sim.with({
    mocks: { states: { 'Page On-Call': (call: any) => { pages.push(call.input.Message); return { MessageId: 'm-1' }; } } },
  }).run(executionStatusChangeEvent({ executionArn, executionInput: { tenantId: 'acme' } }, detail));
  return { result, page: pages[0] };
}

describe('ExecutionStatusHandler', () => {
  test("a FAILED execution runs the handler with the execution's parsed input, its error and its cause", async () => {
    const { result, page } = await runHandler({ error: 'Statecraft.SeedingFailed', cause: 'tenant table missing', redriveCount: 2 });

    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toEqual(['Read Event', 'Page On-Call']);
    expect(page).toEqual({ execution: 'run-1', input: { tenantId: 'acme' }, error: 'Statecraft.SeedingFailed', cause: 'tenant table missing' });
    expect(result.output).toEqual({
      execution: {
        Arn: executionArn,
        Name: 'run-1',
        StateMachineArn: expect.stringMatching(/:stateMachine:NightlyJob$/),
        Status: 'FAILED',
        RedriveCount: 2,
        Input: { tenantId: 'acme' },
      },
      failure: { Error: 'Statecraft.SeedingFailed', Cause: 'tenant table missing' },
    });
  });

  test('a TIMED_OUT execution (no error of its own) is handled as States.Timeout', async () => {
    const { result, page } = await runHandler({ status: 'TIMED_OUT' });

    expect(result).toHaveVisitedInOrder(['Read Event', 'Page On-Call']);
    expect(page).toMatchObject({ error: 'States.Timeout', cause: expect.stringContaining('TIMED_OUT') });
  });

  test('an ABORTED execution (StopExecution without an error) is handled as Statecraft.ExecutionAborted', async () => {
    const { result, page } = await runHandler({ status: 'ABORTED' });

    expect(result).toHaveVisitedInOrder(['Read Event', 'Page On-Call']);
    expect(page).toMatchObject({ error: StatecraftErrors.EXECUTION_ABORTED, cause: expect.stringContaining('StopExecution') });
  });

  test('StopExecution with an error but no cause keeps the error and names the status in the cause', async () => {
    const { result, page } = await runHandler({ status: 'ABORTED', error: 'Operator.Cancelled' });

    expect(result).toHaveVisitedInOrder(['Read Event', 'Page On-Call']);
    expect(page).toMatchObject({ error: 'Operator.Cancelled', cause: 'The execution ended ABORTED without a cause' });
  });

  test('a FAILED execution without an error (a Fail state with neither) is handled as Statecraft.ProcessFailed', async () => {
    const { result, page } = await runHandler({});

    expect(result).toHaveVisitedInOrder(['Read Event', 'Page On-Call']);
    expect(page).toMatchObject({ error: 'Statecraft.ProcessFailed' });
  });

  test('an event without the input (over 256 KiB) runs the handler with an empty input', async () => {
    const { result, page } = await runHandler({ input: null, inputDetails: { included: false }, error: 'States.TaskFailed', cause: 'x' });

    expect(result).toHaveVisitedInOrder(['Read Event', 'Page On-Call']);
    expect(page).toMatchObject({ input: {}, error: 'States.TaskFailed' });
  });

  test('every state is covered', () => {
    expect(sim).toHaveFullStateCoverage();
  });
});

describe('ExecutionStatusHandler with queryLanguage JSONATA', () => {
  /** The same on-call page, as a JSONata handler (it reads `$states.input.execution` and `$states.input.failure`). */
  function jsonataPagedJob() {
    const own = testStack();
    const watched = new sfn.StateMachine(own, 'NightlyJob', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(own, 'Work')) });
    const page = tasks.SnsPublish.jsonata(own, 'Page On-Call', {
      topic: sns.Topic.fromTopicArn(own, 'OnCall', 'arn:aws:sns:us-east-1:123456789012:on-call'),
      message: sfn.TaskInput.fromText('{% {"execution": $states.input.execution.Name, "error": $states.input.failure.Error} %}'),
    });
    return new ExecutionStatusHandler(own, 'OnEnd', {
      stateMachine: watched,
      statuses: [ExecutionStatus.ABORTED],
      handler: page,
      processName: 'nightly-job-on-end',
      queryLanguage: sfn.QueryLanguage.JSONATA,
    });
  }

  test('the handler state machine is JSONata at the top level, and a JSONata handler reads the same execution and failure', async () => {
    const jsonataHandler = jsonataPagedJob();
    const definition = WorkflowDefinition.fromStateMachine(jsonataHandler.stateMachine, { name: 'execution-status-handler-jsonata' });
    expect((definition.asl as any).QueryLanguage).toBe('JSONata');
    const pages: any[] = [];
    const result = await new WorkflowSimulator(definition).with({
      mocks: { states: { 'Page On-Call': (call: any) => { pages.push(call.input.Message); return { MessageId: 'm-1' }; } } },
    }).run(executionStatusChangeEvent({ executionArn, executionInput: { tenantId: 'acme' } }, { status: 'ABORTED' }));
    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toEqual(['Read Event', 'Page On-Call']);
    expect(pages[0]).toEqual({ execution: 'run-1', error: StatecraftErrors.EXECUTION_ABORTED });
  });

  test('a JSONPath handler is refused at synth time in a JSONata handler state machine', () => {
    const own = testStack();
    const watched = new sfn.StateMachine(own, 'NightlyJob', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(own, 'Work')) });
    expect(() => {
      new ExecutionStatusHandler(own, 'OnEnd', {
        stateMachine: watched,
        statuses: [ExecutionStatus.ABORTED],
        handler: new sfn.Pass(own, 'JSONPath Handler', { queryLanguage: sfn.QueryLanguage.JSON_PATH, resultPath: '$.page' }),
        processName: 'nightly-job-on-end',
        queryLanguage: sfn.QueryLanguage.JSONATA,
      });
      Template.fromStack(own);
    }).toThrow(/can not be 'JSONPath' if set to 'JSONata' for whole state machine/);
  });
});

describe('ExecutionStatusHandler template', () => {
  const template = Template.fromStack(stack);

  test('the rule matches only the watched state machine and the given end statuses', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: statusChangePattern(['FAILED', 'TIMED_OUT', 'ABORTED'], 'NightlyJob'),
      Targets: [Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('^OnEndOrchestratorStateMachine') },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OnEndDeadLetterQueue'), 'Arn'] } },
      })],
    });
  });

  test('undelivered events are kept 14 days in an encrypted, TLS-only queue', () => {
    template.hasResourceProperties('AWS::SQS::Queue', { MessageRetentionPeriod: 1209600, SqsManagedSseEnabled: true });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('the handler is a logged, traced Standard state machine', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
    });
  });

  test('with a key, the queue uses it and EventBridge may encrypt with it', () => {
    const encrypted = Template.fromStack(pagedJob({ encrypted: true }).stack);
    encrypted.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } });
    encrypted.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'events.amazonaws.com' }, Action: Match.arrayWith(['kms:Encrypt']) })]) },
    });
  });

  test('only the watched statuses are named for an ending without an error; the last watched one is the fallback', async () => {
    const scope = testStack();
    const watched = new sfn.StateMachine(scope, 'Job', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(scope, 'Work')) });
    const cleanup = new ExecutionStatusHandler(scope, 'OnStop', {
      stateMachine: watched, statuses: [ExecutionStatus.ABORTED, ExecutionStatus.TIMED_OUT], handler: new sfn.Pass(scope, 'Clean Up'), processName: 'p',
    });
    const definition = WorkflowDefinition.fromStateMachine(cleanup.stateMachine);
    const readEvent = JSON.stringify(definition.state('Read Event').state);

    expect(definition.states.map((state) => state.name)).toEqual(['Read Event', 'Clean Up']);
    expect(readEvent).toContain(StatecraftErrors.EXECUTION_ABORTED);
    expect(readEvent).not.toContain(StatecraftErrors.PROCESS_FAILED);
    // Not a status the rule delivers, so never seen in AWS: it falls back to the last watched status's name.
    const failed = await new WorkflowSimulator(definition, { writeCoverageReport: false }).run(executionStatusChangeEvent({ executionArn }, { status: 'FAILED' }));
    expect(failed.output).toMatchObject({ failure: { Error: 'States.Timeout' } });
  });

  test.each([
    [[], /statuses: must name at least one status/],
    [[ExecutionStatus.SUCCEEDED], /statuses: cannot include SUCCEEDED/],
  ])('statuses %j are a synth-time error', (statuses, message) => {
    const scope = testStack();
    const watched = new sfn.StateMachine(scope, 'Job', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(scope, 'Work')) });
    expect(() => new ExecutionStatusHandler(scope, 'OnEnd', {
      stateMachine: watched, statuses, handler: new sfn.Pass(scope, 'Handle'), processName: 'p',
    })).toThrow(message);
  });
});

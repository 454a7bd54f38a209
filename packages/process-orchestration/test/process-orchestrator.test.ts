import { CfnParameter, Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import {
  ExecutionStatus, InputField, InputValidation, JobGraph, ProcessOptions, ProcessOrchestrator, ProcessOrchestratorProps, ProcessSchedule, RolloutType,
} from '../src';
import { lambdaJob, testStack } from './example-workflows';
import { statusChangePattern } from './support/status-change-pattern';

function build(props: Partial<ProcessOrchestratorProps> = {}) {
  const stack = testStack();
  const orchestrator = new ProcessOrchestrator(stack, 'Orchestrator', {
    processName: 'tenant-onboarding',
    definition: props.jobGraph ? undefined : new sfn.Pass(stack, 'Work'),
    ...props,
  });
  return { stack, orchestrator, template: Template.fromStack(stack) };
}

function definitionOf(stack: ReturnType<typeof testStack>, orchestrator: ProcessOrchestrator): any {
  const resolved = stack.resolve((orchestrator.stateMachine.node.defaultChild as sfn.CfnStateMachine).definitionString);
  const text = typeof resolved === 'string' ? resolved
    : resolved['Fn::Join'][1].map((part: unknown) => (typeof part === 'string' ? part : 'TOKEN')).join('');
  return JSON.parse(text);
}

function statementsOf(template: Template, rolePrefix: string): any[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p: any) => p.Properties.Roles.some((r: any) => String(r.Ref).startsWith(rolePrefix)))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('ProcessOrchestrator defaults', () => {
  const { stack, orchestrator, template } = build();

  test('a STANDARD state machine with a 1 hour timeout, JSONPath, tracing on and AWS-owned encryption', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      EncryptionConfiguration: { Type: 'AWS_OWNED_KEY' },
    });
    const definition = definitionOf(stack, orchestrator);
    expect(definition).toMatchObject({ TimeoutSeconds: 3600, QueryLanguage: 'JSONPath', Comment: 'tenant-onboarding', StartAt: 'Work' });
    expect(orchestrator.timeout.toSeconds()).toBe(3600);
  });

  test('logs everything, with execution data, to a log group under /aws/vendedlogs/states/ named after the stack and path, kept for a year and retained', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: {
        Level: 'ALL',
        IncludeExecutionData: true,
        Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrchestratorLogs'), 'Arn'] } } }],
      },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', {
      LogGroupName: Match.stringLikeRegexp('^/aws/vendedlogs/states/TestStack-Orchestrator-[0-9A-F]{8}$'),
      RetentionInDays: 365,
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('log group names differ between stacks that use the same construct path', () => {
    const other = testStack('OtherStack');
    new ProcessOrchestrator(other, 'Orchestrator', { processName: 'tenant-onboarding', definition: new sfn.Pass(other, 'Work') });
    const names = [template, Template.fromStack(other)].map((t) => Object.values(t.findResources('AWS::Logs::LogGroup'))[0].Properties.LogGroupName);
    expect(names[0]).not.toEqual(names[1]);
    expect(names[1]).toMatch(/^\/aws\/vendedlogs\/states\/OtherStack-/);
  });

  test('failure notifications: a rule on FAILED, TIMED_OUT and ABORTED status changes of this state machine, to a TLS-only topic under a rotating key', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: statusChangePattern(['FAILED', 'TIMED_OUT', 'ABORTED'], 'OrchestratorStateMachine'),
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^OrchestratorNotificationsTopic') } })],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrchestratorTopicKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Action: 'sns:Publish', Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' } }),
          Match.objectLike({ Action: 'sns:Publish', Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    // EventBridge and CloudWatch may use the topic key (they cannot use the AWS-managed SNS key).
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Principal: { Service: 'events.amazonaws.com' } }),
          Match.objectLike({ Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Principal: { Service: 'cloudwatch.amazonaws.com' } }),
        ]),
      },
    });
    expect(orchestrator.notificationTopic).toBeDefined();
    expect(orchestrator.notificationRule).toBeDefined();
  });

  test('alarms on failed, timed-out, throttled and aborted executions (threshold 1) and p99 duration (80% of the timeout), notifying the topic', () => {
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionThrottled', 'ExecutionsAborted']) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        Namespace: 'AWS/States',
        Statistic: 'Sum',
        Threshold: 1,
        Period: 300,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('^OrchestratorNotificationsTopic') }],
      });
    }
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionTime', ExtendedStatistic: 'p99', Threshold: 2880000 });
    expect(orchestrator.alarms?.all).toHaveLength(5);
    expect(orchestrator.alarms?.executionsFailed).toBeDefined();
  });

  test('the role has only the X-Ray and log-delivery statements (which need *), suppressed for cdk-nag with a reason', () => {
    const statements = statementsOf(template, 'OrchestratorStateMachineRole');
    expect(statements.map((s) => s.Action)).toEqual([
      ['logs:CreateLogDelivery', 'logs:GetLogDelivery', 'logs:UpdateLogDelivery', 'logs:DeleteLogDelivery', 'logs:ListLogDeliveries',
        'logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
      ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'],
    ]);
    template.hasResource('AWS::IAM::Policy', {
      Metadata: { cdk_nag: { rules_to_suppress: Match.arrayWith([Match.objectLike({ id: 'AwsSolutions-IAM5', applies_to: ['Resource::*'] })]) } },
    });
  });

  test('no schedule, version, alias or operator role unless asked', () => {
    template.resourceCountIs('AWS::Scheduler::Schedule', 0);
    template.resourceCountIs('AWS::StepFunctions::StateMachineVersion', 0);
    template.resourceCountIs('AWS::StepFunctions::StateMachineAlias', 0);
    expect(orchestrator.operatorRole).toBeUndefined();
  });
});

describe('ProcessOrchestrator options', () => {
  test('a customer-managed key encrypts the state machine data, the logs and the topic; the role and CloudWatch Logs may use it', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const orchestrator = new ProcessOrchestrator(stack, 'Orchestrator', {
      processName: 'p', definition: new sfn.Pass(stack, 'Work'), encryptionKey: key, kmsDataKeyReusePeriod: Duration.minutes(10),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: Match.stringLikeRegexp('^TestStack-Orchestrator-'),
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] }, KmsDataKeyReusePeriodSeconds: 600 },
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } });
    template.resourceCountIs('AWS::KMS::Key', 1);
    const statements = statementsOf(template, 'OrchestratorStateMachineRole');
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['kms:Decrypt', 'kms:GenerateDataKey'],
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:states:stateMachineArn': expect.anything() } },
      }),
    ]));
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: {
            ArnEquals: {
              'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':logs:us-east-1:123456789012:log-group:/aws/vendedlogs/states/TestStack-Orchestrator-')])] },
            },
          },
        })]),
      },
    });
    expect(orchestrator.encryptionKey).toBe(key);
    expect(orchestrator.topicKey).toBeUndefined();
  });

  test('an existing topic is used instead of creating one (and no topic key is made)', () => {
    const stack = testStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:us-east-1:123456789012:ops');
    new ProcessOrchestrator(stack, 'Orchestrator', { processName: 'p', definition: new sfn.Pass(stack, 'W'), notifications: { existingTopic: topic } });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: 'arn:aws:sns:us-east-1:123456789012:ops' })] });
  });

  test('an event bus receives the notifications too, with chosen statuses; or the topic can be left out', () => {
    const stack = testStack();
    const bus = new events.EventBus(stack, 'OpsBus');
    const o = new ProcessOrchestrator(stack, 'Orchestrator', {
      processName: 'p',
      definition: new sfn.Pass(stack, 'W'),
      notifications: { eventBus: bus, createTopic: false, statuses: [ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED] },
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: Match.objectLike({ status: ['FAILED', 'SUCCEEDED'] }) }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OpsBus'), 'Arn'] } })],
    });
    expect(o.notificationTopic).toBeUndefined();
  });

  test('notifications and alarms can be turned off', () => {
    const { template, orchestrator } = build({ notifications: { enabled: false }, alarms: { enabled: false } });
    template.resourceCountIs('AWS::Events::Rule', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(orchestrator.alarms).toBeUndefined();
  });

  test('alarm thresholds are data: each configurable, 0 turns one off, and the duration percentile and threshold can be set', () => {
    const { template, orchestrator } = build({
      alarms: { executionsFailed: 3, executionsThrottled: 0, durationPercentile: 'p90', durationThreshold: Duration.minutes(10), period: Duration.minutes(15) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionsFailed', Threshold: 3, Period: 900 });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionTime', ExtendedStatistic: 'p90', Threshold: 600000 });
    expect(template.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'ExecutionThrottled' } })).toEqual({});
    expect(orchestrator.alarms?.executionsThrottled).toBeUndefined();
    expect(orchestrator.alarms?.all).toHaveLength(4);
  });

  test('logging, tracing, retention, removal and type can be overridden', () => {
    const { template } = build({
      logLevel: sfn.LogLevel.ERROR,
      logExecutionData: false,
      tracingEnabled: false,
      logRetention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
      stateMachineType: sfn.StateMachineType.EXPRESS,
      timeout: Duration.minutes(5),
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: Match.objectLike({ Level: 'ERROR', IncludeExecutionData: false }),
      TracingConfiguration: { Enabled: false },
    });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ RetentionInDays: 30 }) });
  });

  test('queryLanguage JSONATA makes the top level JSONata, so states that do not declare a language are JSONata', () => {
    const { stack, orchestrator } = build({ queryLanguage: sfn.QueryLanguage.JSONATA });
    const definition = definitionOf(stack, orchestrator);
    expect(definition.QueryLanguage).toBe('JSONata');
    expect(definition.States.Work.QueryLanguage).toBeUndefined();
  });

  test('a construct built on the orchestrator forwards its ProcessOptions in one spread', () => {
    const options: ProcessOptions = { logRetention: logs.RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY, alarms: { enabled: false } };
    const { template, orchestrator } = build({ ...options });
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Delete', Properties: Match.objectLike({ RetentionInDays: 7 }) });
    expect(orchestrator.alarms).toBeUndefined();
  });

  test("a schedule's starter follows the process's key, log retention and removal policy (log group and dead-letter queue)", () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const orchestrator = new ProcessOrchestrator(stack, 'Orchestrator', {
      processName: 'nightly',
      definition: new sfn.Pass(stack, 'Work'),
      schedule: ProcessSchedule.rate(Duration.hours(1)),
      encryptionKey: key,
      logRetention: logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const template = Template.fromStack(stack);
    const starterLogs = template.findResources('AWS::Logs::LogGroup', { Properties: { LogGroupName: Match.stringLikeRegexp('Schedule') } });

    expect(Object.values(starterLogs)).toEqual([expect.objectContaining({
      DeletionPolicy: 'Delete',
      Properties: expect.objectContaining({ RetentionInDays: 30, KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] } }),
    })]);
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Delete' });
    // CloudWatch Logs may use the key for each of the two log groups (the process's and the starter's), by ARN.
    const [keyResource] = Object.values(template.findResources('AWS::KMS::Key')) as any[];
    const logsStatements = keyResource.Properties.KeyPolicy.Statement
      .filter((statement: any) => statement.Principal?.Service === 'logs.us-east-1.amazonaws.com');
    expect(logsStatements).toHaveLength(2);
    expect(JSON.stringify(logsStatements.map((statement: any) => statement.Condition))).toContain('Schedule');
    expect(orchestrator.scheduledStart).toBeDefined();
  });

  test("by default a schedule's starter keeps its logs a year and retains them and its dead-letter queue", () => {
    const { template } = build({ schedule: ProcessSchedule.rate(Duration.hours(1)) });

    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { LogGroupName: Match.stringLikeRegexp('Schedule'), RetentionInDays: 365 },
    });
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain' });
  });

  test('input validation comes first, then a job graph in the fewest stages', () => {
    const stack = testStack();
    const orchestrator = new ProcessOrchestrator(stack, 'Orchestrator', {
      processName: 'p',
      inputValidation: InputValidation.of([InputField.string('tenantId', { required: true, pattern: 'tenant-*' })]),
      jobGraph: new JobGraph([
        { name: 'a', work: new sfn.Pass(stack, 'A') },
        { name: 'b', work: new sfn.Pass(stack, 'B') },
        { name: 'c', work: new sfn.Pass(stack, 'C'), dependsOn: ['a', 'b'] },
      ]),
    });
    const definition = definitionOf(stack, orchestrator);
    expect(definition.StartAt).toBe('Validate Input');
    expect(definition.States['Validate Input']).toMatchObject({ Type: 'Choice', QueryLanguage: 'JSONata', Default: 'Stage 1 (a, b)' });
    expect(definition.States['Stage 1 (a, b)']).toMatchObject({ Type: 'Parallel', ResultPath: null, Next: 'Stage 2 (c)' });
    expect(definition.States['Stage 1 (a, b)'].Branches.map((b: any) => b.StartAt)).toEqual(['A', 'B']);
    expect(definition.States['Invalid Input']).toMatchObject({ Type: 'Fail', QueryLanguage: 'JSONata', Error: 'Statecraft.InvalidInput' });
    expect(definition.States['Invalid Input'].Cause).toContain("Input field 'tenantId' is invalid: expected a non-empty string, matching 'tenant-*' (required)");
  });

  test('a failure handler wraps the body in a Parallel whose catch runs the handler, then one JSONata Fail re-raises', () => {
    const stack = testStack();
    const orchestrator = new ProcessOrchestrator(stack, 'Orchestrator', {
      processName: 'p', definition: new sfn.Pass(stack, 'Work'), failureHandler: new sfn.Pass(stack, 'Clean Up'),
    });
    const states = definitionOf(stack, orchestrator).States;
    expect(states['Run Process']).toMatchObject({
      Type: 'Parallel',
      OutputPath: '$[0]',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Handle Failure' }],
    });
    expect(states['Handle Failure']).toMatchObject({ Type: 'Parallel', ResultPath: null, Next: 'Re-raise Failure' });
    // A Statecraft error is re-raised as it is; any other becomes Statecraft.ProcessFailed with the original as JSON.
    expect(states['Re-raise Failure']).toEqual({
      Type: 'Fail',
      QueryLanguage: 'JSONata',
      Error: "{% $contains($states.input.failure.Error, /^Statecraft\\./) ? $states.input.failure.Error : 'Statecraft.ProcessFailed' %}",
      Cause: '{% $contains($states.input.failure.Error, /^Statecraft\\./) ? $states.input.failure.Cause : $string($states.input.failure) %}',
    });
    expect(Object.keys(states)).toEqual(['Run Process', 'Handle Failure', 'Re-raise Failure']);
  });

  test('in a JSONata machine the failure wrapper is JSONata throughout, with the same contract (the error at failure)', () => {
    const stack = testStack();
    const orchestrator = new ProcessOrchestrator(stack, 'Orchestrator', {
      processName: 'p',
      definition: sfn.Pass.jsonata(stack, 'Work'),
      failureHandler: sfn.Pass.jsonata(stack, 'Clean Up'),
      queryLanguage: sfn.QueryLanguage.JSONATA,
    });
    const states = definitionOf(stack, orchestrator).States;
    expect(states['Run Process']).toMatchObject({
      Type: 'Parallel',
      Output: '{% $states.result[0] %}',
      Catch: [{ ErrorEquals: ['States.ALL'], Output: "{% $merge([$states.input, { 'failure': $states.errorOutput }]) %}", Next: 'Handle Failure' }],
    });
    expect(states['Handle Failure']).toMatchObject({ Type: 'Parallel', Output: '{% $states.input %}', Next: 'Re-raise Failure' });
    expect(JSON.stringify(states)).not.toMatch(/Path"/);
  });

  test('versioning publishes a version on each deploy and an alias with a canary rollout that rolls back on the alarms', () => {
    const { template, orchestrator } = build({ versioning: { rollout: RolloutType.CANARY, percentage: 20, interval: Duration.minutes(10), aliasName: 'prod' } });
    template.hasResource('AWS::StepFunctions::StateMachineVersion', {
      DeletionPolicy: 'Retain',
      Properties: {
        StateMachineArn: { Ref: Match.stringLikeRegexp('^OrchestratorStateMachine') },
        StateMachineRevisionId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrchestratorStateMachine'), 'StateMachineRevisionId'] },
      },
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'prod',
      DeploymentPreference: {
        Type: 'CANARY',
        Percentage: 20,
        Interval: 10,
        StateMachineVersionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^OrchestratorVersion'), 'Arn'] },
        Alarms: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^OrchestratorAlarmsExecutionsFailed') }]),
      },
    });
    expect(orchestrator.alias).toBeDefined();
  });

  test('an all-at-once alias has no percentage or interval', () => {
    const { template } = build({ versioning: {} });
    template.hasResourceProperties('AWS::StepFunctions::StateMachineAlias', {
      Name: 'live', DeploymentPreference: Match.objectLike({ Type: 'ALL_AT_ONCE', Percentage: Match.absent(), Interval: Match.absent() }),
    });
  });
});

describe('ProcessOrchestrator grants', () => {
  test('an operator role may start, read, redrive and answer tokens, on this state machine and its executions only', () => {
    const { template, orchestrator } = build({ operatorPrincipal: new iam.AccountPrincipal('123456789012') });
    const statements = statementsOf(template, 'OrchestratorOperatorRole');
    const sm = { Ref: Match.stringLikeRegexp('^OrchestratorStateMachine') };
    const executions = Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':execution:$')])] });
    const expected = [
      { Action: 'states:StartExecution', Resource: sm },
      { Action: ['states:ListExecutions', 'states:DescribeStateMachine'], Resource: sm },
      { Action: ['states:DescribeExecution', 'states:DescribeStateMachineForExecution', 'states:GetExecutionHistory'], Resource: executions },
      { Action: 'states:RedriveExecution', Resource: executions },
      { Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], Resource: sm },
    ];
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^OrchestratorOperatorRole') }],
      PolicyDocument: { Statement: expected.map((s) => ({ ...s, Effect: 'Allow' })) },
    });
    expect(statements.every((s) => s.Resource !== '*')).toBe(true);
    expect(orchestrator.operatorRole).toBeDefined();
  });

  test('with a customer-managed key, grants include the key', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const orchestrator = new ProcessOrchestrator(stack, 'O', { processName: 'p', definition: new sfn.Pass(stack, 'W'), encryptionKey: key });
    const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.AccountRootPrincipal() });
    orchestrator.grantStartExecution(role);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^Caller') }],
      PolicyDocument: { Statement: Match.arrayWith([{ Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Effect: 'Allow', Resource: { 'Fn::GetAtt': ['Key961B73FD', 'Arn'] } }]) },
    });
  });

  test('metrics are the AWS/States metrics of this state machine', () => {
    const { stack, orchestrator } = build();
    const arn = stack.resolve(orchestrator.stateMachine.stateMachineArn);
    expect(stack.resolve(orchestrator.metricFailed().dimensions)).toEqual({ StateMachineArn: arn });
    expect(orchestrator.metricDuration().statistic).toBe('p99');
    expect(orchestrator.metricStarted().metricName).toBe('ExecutionsStarted');
    expect(orchestrator.metricSucceeded().metricName).toBe('ExecutionsSucceeded');
    expect(orchestrator.metricTimedOut().metricName).toBe('ExecutionsTimedOut');
    expect(orchestrator.metricAborted().metricName).toBe('ExecutionsAborted');
    expect(orchestrator.metricThrottled().metricName).toBe('ExecutionThrottled');
  });
});

describe('ProcessOrchestrator bad props are one synth-time error naming the construct path and each prop', () => {
  const expectError = (props: Partial<ProcessOrchestratorProps>, ...problems: string[]) => {
    const stack = testStack();
    let message = '';
    try {
      new ProcessOrchestrator(stack, 'Orchestrator', { processName: 'p', ...props } as ProcessOrchestratorProps);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^Invalid props for TestStack\/Orchestrator \(\d+ problems?\)/);
    for (const problem of problems) expect(message).toContain(problem);
  };

  test('neither or both of definition and jobGraph', () => {
    expectError({}, 'definition: give exactly one of definition and jobGraph (got neither)');
    const stack = testStack();
    expectError({ definition: new sfn.Pass(stack, 'A'), jobGraph: new JobGraph([{ name: 'a', work: new sfn.Pass(stack, 'B') }]) }, '(got both)');
  });

  test('a job graph cycle names the jobs in the cycle; an unknown dependency names the known jobs', () => {
    const stack = testStack();
    expectError({
      jobGraph: new JobGraph([
        { name: 'extract', work: new sfn.Pass(stack, 'E'), dependsOn: ['load'] },
        { name: 'transform', work: new sfn.Pass(stack, 'T'), dependsOn: ['extract'] },
        { name: 'load', work: new sfn.Pass(stack, 'L'), dependsOn: ['transform'] },
      ]),
    }, 'jobGraph: jobs form a cycle: extract -> transform -> load -> extract');
    expectError({
      jobGraph: new JobGraph([{ name: 'a', work: new sfn.Pass(stack, 'A2'), dependsOn: ['z'] }]),
    }, "jobGraph: job 'a' depends on unknown job 'z' (known jobs: a)");
  });

  test('a timeout out of range for the type', () => {
    const stack = testStack();
    expectError({ definition: new sfn.Pass(stack, 'A'), timeout: Duration.days(400) },
      'timeout: 400 days is out of range: STANDARD executions allow 1 second to 365 days');
    expectError({ definition: new sfn.Pass(stack, 'B'), timeout: Duration.hours(1), stateMachineType: sfn.StateMachineType.EXPRESS },
      'timeout: 1 hour is out of range: EXPRESS executions allow 1 second to 5 minutes');
  });

  test('an EXPRESS workflow with .sync or .waitForTaskToken tasks (at any depth) is rejected, naming the tasks', () => {
    const stack = testStack();
    const child = new ProcessOrchestrator(stack, 'Child', { processName: 'child', definition: new sfn.Pass(stack, 'C') });
    const parallel = new sfn.Parallel(stack, 'Fan');
    parallel.branch(child.startExecutionTask(stack, 'Run Child'));
    parallel.branch(new tasks.SqsSendMessage(stack, 'Ask Human', {
      queue: { queueArn: 'arn:aws:sqs:us-east-1:123456789012:q', queueUrl: 'https://q', queueName: 'q' } as any,
      messageBody: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken }),
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    }));
    expectError({ definition: parallel, stateMachineType: sfn.StateMachineType.EXPRESS, timeout: Duration.minutes(5) },
      'stateMachineType: EXPRESS workflows cannot run .sync or .waitForTaskToken tasks, found: Run Child, Ask Human. Use STANDARD, or the REQUEST_RESPONSE integration pattern');
  });

  test('the Express check walks the state graph, so a token standing for a number in the definition does not hide a task', () => {
    const stack = testStack();
    const seconds = new CfnParameter(stack, 'PauseSeconds', { type: 'Number', default: 5 });
    const child = new ProcessOrchestrator(stack, 'Child', { processName: 'child', definition: new sfn.Pass(stack, 'C') });
    const pause = new sfn.Wait(stack, 'Pause', { time: sfn.WaitTime.duration(Duration.seconds(Token.asNumber(seconds.valueAsNumber))) });
    expectError({ definition: pause.next(child.startExecutionTask(stack, 'Run Child')), stateMachineType: sfn.StateMachineType.EXPRESS, timeout: Duration.minutes(5) },
      'stateMachineType: EXPRESS workflows cannot run .sync or .waitForTaskToken tasks, found: Run Child. Use STANDARD, or the REQUEST_RESPONSE integration pattern');
  });

  test('an EXPRESS workflow with request-response tasks is fine', () => {
    const stack = testStack();
    const o = new ProcessOrchestrator(stack, 'O', {
      processName: 'p',
      stateMachineType: sfn.StateMachineType.EXPRESS,
      timeout: Duration.minutes(1),
      definition: lambdaJob(stack, 'Quick', 'quick'),
    });
    expect(o.stateMachine.stateMachineType).toBe(sfn.StateMachineType.EXPRESS);
  });

  test('every problem is listed at once', () => {
    const stack = testStack();
    expectError({
      processName: 'has spaces',
      definition: new sfn.Pass(stack, 'A'),
      timeout: Duration.seconds(0),
      kmsDataKeyReusePeriod: Duration.seconds(10),
      alarms: { executionsFailed: -1, durationPercentile: 'median' },
      versioning: { percentage: 100, interval: Duration.seconds(30), aliasName: 'bad alias' },
      inputValidation: InputValidation.of([InputField.string('a-b'), InputField.number('n', { minimum: 5, maximum: 1 })]),
      notifications: { existingTopic: sns.Topic.fromTopicArn(stack, 'T', 'arn:aws:sns:us-east-1:123456789012:t'), createTopic: true },
    },
    '(12 problems)',
    "processName: 'has spaces' must be 1-64 letters, digits, '-' or '_'",
    'timeout: 0 seconds is out of range',
    'kmsDataKeyReusePeriod: only applies with encryptionKey',
    'kmsDataKeyReusePeriod: must be 60 to 900 seconds, got 10',
    'alarms.executionsFailed: -1 must be a whole number, 0 to turn the alarm off',
    "alarms.durationPercentile: 'median' must be a percentile such as p50, p90, p99 or p99.9",
    'versioning.percentage: 100 must be between 0 and 100 (exclusive)',
    'versioning.interval: 30 seconds must be whole minutes from 1 to 2100',
    "versioning.aliasName: 'bad alias' must be 1-80 letters, digits, '-' or '_'",
    "inputValidation: InputField 'a-b': path must be dotted names",
    "inputValidation: InputField 'n': minimum 5 is greater than maximum 1",
    'notifications.createTopic: cannot be true together with existingTopic');
  });
});

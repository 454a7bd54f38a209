import { WorkflowDefinition } from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { fiveStageStack, twoWorkspaceStack } from './scenarios';
import { MlPipeline, PipelineDefinition, TrainingStage } from '../src';

const PIPELINE_STATE_MACHINE = /^PipelineOrchestratorStateMachine[0-9A-F]{8}$/;
const CANCELLER_STATE_MACHINE = /^PipelineDatabricksRunCancellerOrchestratorStateMachine[0-9A-F]{8}$/;

/** Every statement of the policies attached to the canceller's role. */
function cancellerStatements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy: any) => JSON.stringify(policy.Properties.Roles).includes('PipelineDatabricksRunCancellerOrchestratorStateMachineRole'))
    .flatMap((policy: any) => policy.Properties.PolicyDocument.Statement);
}

const actionsOf = (statements: any[]) => statements.flatMap((s) => [s.Action].flat()).sort();

/** The canceller's state machine definition, its intrinsics resolved as the simulator resolves them. */
function cancellerDefinition(pipeline: MlPipeline): any {
  return WorkflowDefinition.fromStateMachine(pipeline.databricksRunCanceller!.stateMachine, { name: 'canceller-template' }).asl;
}

describe('the Databricks run canceller of the five-stage pipeline', () => {
  const { stack, pipeline } = fiveStageStack();
  const template = Template.fromStack(stack);
  const statements = cancellerStatements(template);

  test('an EventBridge rule starts it for ABORTED and TIMED_OUT executions of this pipeline only', () => {
    expect(pipeline.databricksRunCanceller).toBeDefined();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        'detail': { status: ['ABORTED', 'TIMED_OUT'], stateMachineArn: [{ Ref: Match.stringLikeRegexp(PIPELINE_STATE_MACHINE.source) }] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp(CANCELLER_STATE_MACHINE.source) } })],
    });
  });

  test('its role may read the history of this pipeline\'s executions only, and nothing else of Step Functions but the HTTP endpoint', () => {
    const history = statements.filter((s) => [s.Action].flat().includes('states:GetExecutionHistory'));
    expect(history).toEqual([{
      Action: 'states:GetExecutionHistory',
      Effect: 'Allow',
      Resource: {
        'Fn::Join': ['', [
          'arn:', { Ref: 'AWS::Partition' }, ':states:us-east-1:111111111111:execution:',
          { 'Fn::GetAtt': [expect.stringMatching(PIPELINE_STATE_MACHINE), 'Name'] }, ':*',
        ]],
      },
    }]);
    expect(actionsOf(statements).filter((a) => a.startsWith('states:'))).toEqual(['states:GetExecutionHistory', 'states:InvokeHTTPEndpoint']);
  });

  test('it calls the Databricks workspace only, through the stage\'s connection and its secret', () => {
    expect(statements.filter((s) => s.Action === 'states:InvokeHTTPEndpoint')).toEqual([{
      Action: 'states:InvokeHTTPEndpoint',
      Effect: 'Allow',
      Resource: '*',
      Condition: { StringLike: { 'states:HTTPEndpoint': 'https://dbc-1234.cloud.databricks.com*' } },
    }]);
    expect(statements.filter((s) => s.Action === 'events:RetrieveConnectionCredentials').map((s) => s.Resource))
      .toEqual([{ 'Fn::GetAtt': [expect.stringMatching(/^PipelineDatabricksConnection/), 'Arn'] }]);
    expect(statements.filter((s) => [s.Action].flat().includes('secretsmanager:GetSecretValue'))).toEqual([expect.objectContaining({
      Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^PipelineDatabricksConnection/), 'SecretArn'] },
    })]);
    // The pipeline and its canceller share the one connection.
    expect(Object.keys(template.findResources('AWS::Events::Connection'))).toHaveLength(1);
    // Beyond these, only the log delivery and X-Ray actions every ProcessOrchestrator has.
    expect(actionsOf(statements).filter((a) => !/^(logs|xray):/.test(a))).toEqual([
      'events:RetrieveConnectionCredentials', 'secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue',
      'states:GetExecutionHistory', 'states:InvokeHTTPEndpoint',
    ]);
  });

  test('it reads the history in pages of 25 with the states\' data, and cancels with POST runs/cancel', () => {
    const definition = cancellerDefinition(pipeline);
    const states = definition.States;
    // JSONata at the top level, so no state repeats it (developer guide, "State machine structure": QueryLanguage).
    expect(definition.QueryLanguage).toBe('JSONata');
    expect(Object.values(states).filter((state: any) => state.QueryLanguage !== undefined)).toEqual([]);
    expect(states['Read History']).toMatchObject({
      Resource: 'arn:aws:states:::aws-sdk:sfn:getExecutionHistory',
      Arguments: { ExecutionArn: '{% $execution.Arn %}', MaxResults: 25, IncludeExecutionData: true },
    });
    expect(states['Read More History'].Arguments).toMatchObject({ NextToken: '{% $nextToken %}', MaxResults: 25 });
    expect(states['Read History'].Assign.runs).toContain("StateExitedEventDetails[Name = 'Preprocess: Start Run'].Output");
    expect(states['Preprocess: Cancel Run']).toMatchObject({
      Resource: 'arn:aws:states:::http:invoke',
      Arguments: {
        ApiEndpoint: "{% 'https://dbc-1234.cloud.databricks.com' & '/' & 'api/2.1/jobs/runs/cancel' %}",
        Method: 'POST',
        RequestBody: { run_id: '{% $runs.Preprocess %}' },
      },
    });
    expect(states['Cancel Failed']).toMatchObject({ Type: 'Fail', Error: 'Statecraft.DatabricksCancelFailed' });
  });

  test('its failures reach the pipeline\'s topic and alarms: no second topic is created', () => {
    const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
    expect(topics).toEqual([expect.stringMatching(/^PipelineOrchestratorNotificationsTopic/)]);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: Match.stringLikeRegexp(CANCELLER_STATE_MACHINE.source) }] } }),
      Targets: [Match.objectLike({ Arn: { Ref: topics[0] } })],
    });
    const cancellerAlarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => id.startsWith('PipelineDatabricksRunCanceller')).map(([, alarm]) => alarm as any);
    expect(cancellerAlarms.length).toBeGreaterThan(0);
    for (const alarm of cancellerAlarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topics[0] }]);
    }
  });

  test('its execution may run for an hour (a long history, throttled cancels)', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      DefinitionString: Match.objectLike({ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('"TimeoutSeconds":3600')])] }),
    });
  });
});

describe('the canceller of a pipeline with two Databricks stages in two workspaces', () => {
  const { stack, pipeline } = twoWorkspaceStack();
  const template = Template.fromStack(stack);
  const statements = cancellerStatements(template);

  test('it may call each workspace, through each stage\'s own connection', () => {
    expect(statements.filter((s) => s.Action === 'states:InvokeHTTPEndpoint').map((s) => s.Condition.StringLike['states:HTTPEndpoint']).sort())
      .toEqual(['https://dbc-1234.cloud.databricks.com*', 'https://dbc-5678.cloud.databricks.com*']);
    const connections = Object.keys(template.findResources('AWS::Events::Connection')).sort();
    expect(connections).toEqual([expect.stringMatching(/^PipelineDatabricksConnection2Connection[0-9A-F]{8}$/), expect.stringMatching(/^PipelineDatabricksConnection[0-9A-F]{8}$/)]);
    expect(statements.filter((s) => s.Action === 'events:RetrieveConnectionCredentials').map((s) => s.Resource['Fn::GetAtt'][0]).sort()).toEqual(connections);
  });

  test('it looks for both stages\' Start Run states', () => {
    const runs = cancellerDefinition(pipeline).States['Read History'].Assign.runs;
    expect(runs).toContain("'Extract': ($o := [$states.result.Events.StateExitedEventDetails[Name = 'Extract: Start Run'].Output][-1]");
    expect(runs).toContain("'Label': ($o := [$states.result.Events.StateExitedEventDetails[Name = 'Label: Start Run'].Output][-1]");
  });
});

describe('when there is no canceller', () => {
  test('a pipeline without a Databricks stage has none: one state machine, no ABORTED/TIMED_OUT rule of its own', () => {
    const stack = new Stack(new App(), 'NoDatabricks', { env: { account: '111111111111', region: 'us-east-1' } });
    const pipeline = new MlPipeline(stack, 'Pipeline', {
      pipelineName: 'train-only',
      sageMakerRole: new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
      definition: PipelineDefinition.startWith(new TrainingStage('Train', {
        trainingImage: 'image', inputChannels: [{ channelName: 'train', s3Uri: 's3://bucket/train/' }], outputUri: 's3://bucket/models/',
      })),
    });
    const template = Template.fromStack(stack);
    expect(pipeline.databricksRunCanceller).toBeUndefined();
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(JSON.stringify(template.findResources('AWS::Events::Rule'))).not.toContain('["ABORTED","TIMED_OUT"]');
    template.resourceCountIs('AWS::SQS::Queue', 0);
  });

  test('cancelOrphanedDatabricksRuns: false turns it off', () => {
    const { stack, pipeline } = fiveStageStack({ cancelOrphanedDatabricksRuns: false });
    expect(pipeline.databricksRunCanceller).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  });
});

describe('the canceller of a pipeline under a customer-managed key', () => {
  // A key kept in another stack (imported by ARN), as a shared key usually is.
  const keyScope = new Stack(new App(), 'Keys', { env: { account: '111111111111', region: 'us-east-1' } });
  const keyArn = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
  const { stack } = twoWorkspaceStack({ encryptionKey: kms.Key.fromKeyArn(keyScope, 'PipelineKey', keyArn) });
  const template = Template.fromStack(stack);

  test('may decrypt the pipeline\'s history with the key, and encrypts its own data and queue with it', () => {
    expect(cancellerStatements(template)).toContainEqual(expect.objectContaining({
      Action: 'kms:Decrypt', Resource: keyArn,
    }));
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineName: Match.stringLikeRegexp('DatabricksRunCanceller'),
      EncryptionConfiguration: { Type: 'CUSTOMER_MANAGED_KMS_KEY', KmsKeyId: keyArn },
    });
    template.hasResourceProperties('AWS::SQS::Queue', { KmsMasterKeyId: keyArn });
  });
});

describe('the canceller\'s alarms', () => {
  const durationAlarms = (template: Template) => Object.entries(template.findResources('AWS::CloudWatch::Alarm'))
    .filter(([id]) => id.startsWith('PipelineDatabricksRunCancellerOrchestratorAlarmsDuration')).map(([, alarm]) => (alarm as any).Properties);

  test('take the pipeline\'s thresholds, but not a duration threshold meant for the pipeline\'s hours', () => {
    const { stack } = fiveStageStack({ alarms: { executionsAborted: 3, durationThreshold: Duration.hours(20) } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmDescription: 'churn-model-databricks-cancel: 3 or more aborted executions in 5 minutes',
      Threshold: 3,
    });
    // 80% of the canceller's one-hour timeout, in milliseconds.
    expect(durationAlarms(template).map((alarm) => alarm.Threshold)).toEqual([48 * 60 * 1000]);
  });

  test('keep the duration alarm off when the pipeline turned it off', () => {
    const { stack } = fiveStageStack({ alarms: { durationThreshold: Duration.seconds(0) } });
    expect(durationAlarms(Template.fromStack(stack))).toEqual([]);
  });
});

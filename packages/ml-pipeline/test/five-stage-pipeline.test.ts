import { ProcessMonitoring } from '@statecraft/process-orchestration';
import { WorkflowDefinition } from '@statecraft/testing';
import { RemovalPolicy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { fiveStageStack } from './scenarios';

const { stack, pipeline } = fiveStageStack();
const template = Template.fromStack(stack);

/** Every statement of the policies attached to the state machine's role, with intrinsics resolved to JSON. */
function stateMachineStatements(): any[] {
  const roleId = stack.getLogicalId(pipeline.role.node.defaultChild as any);
  const policies = Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((policy: any) => JSON.stringify(policy.Properties.Roles).includes(roleId));
  return policies.flatMap((policy: any) => policy.Properties.PolicyDocument.Statement).map(resolvePartition);
}

/** `{ Fn::Join: ['', ['arn:', { Ref: 'AWS::Partition' }, ...]] }` -> `arn:aws:...`, recursively. */
function resolvePartition(value: any): any {
  if (Array.isArray(value)) return value.map(resolvePartition);
  if (value && typeof value === 'object') {
    const join = value['Fn::Join'];
    if (join && join[1].every((part: any) => typeof part === 'string' || part.Ref === 'AWS::Partition')) {
      return join[1].map((part: any) => (typeof part === 'string' ? part : 'aws')).join(join[0]);
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePartition(v)]));
  }
  return value;
}
const statements = stateMachineStatements();
const withAction = (action: string) => statements.filter((s) => [s.Action].flat().includes(action));
const arn = (resource: string) => `arn:aws:sagemaker:us-east-1:111111111111:${resource}`;

describe('five-stage pipeline template', () => {
  test('iam:PassRole is granted on the SageMaker role only, and only to SageMaker', () => {
    const passRole = withAction('iam:PassRole');
    expect(passRole.length).toBeGreaterThan(0);
    for (const statement of passRole) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^SageMakerRole/), 'Arn'] });
      expect(statement.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
    }
  });

  test('SageMaker actions are limited to the resources named by each stage prefix', () => {
    expect(withAction('sagemaker:CreateTrainingJob')).toEqual([expect.objectContaining({
      Action: ['sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:ListTags'],
      Resource: arn('training-job/train*'),
    })]);
    expect(withAction('sagemaker:CreateTransformJob').map((s) => s.Resource).sort()).toEqual([arn('transform-job/featurize*'), arn('transform-job/score*')]);
    expect(withAction('sagemaker:CreateModel').map((s) => s.Resource).sort()).toEqual([arn('model/deploy*'), arn('model/featurize*'), arn('model/score*')]);
    expect(withAction('sagemaker:CreateEndpointConfig')[0].Resource).toBe(arn('endpoint-config/deploy*'));
    expect(withAction('sagemaker:UpdateEndpoint')[0].Resource).toEqual([arn('endpoint/churn-model'), arn('endpoint-config/deploy*')]);
    expect(withAction('sagemaker:DescribeEndpoint')[0].Resource).toBe(arn('endpoint/churn-model'));
    expect(statements.some((s) => [s.Action].flat().some((a: string) => a === 'sagemaker:*'))).toBe(false);
  });

  test('.sync integrations may manage only their managed EventBridge rules', () => {
    const rules = withAction('events:PutRule').map((s) => s.Resource).sort();
    expect(rules).toEqual([
      'arn:aws:events:us-east-1:111111111111:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule',
      'arn:aws:events:us-east-1:111111111111:rule/StepFunctionsGetEventsForSageMakerTransformJobsRule',
    ]);
    expect(withAction('events:PutTargets')).toHaveLength(2);
  });

  test('HTTP Tasks may call only the Databricks workspace, with the connection and its secret', () => {
    const invoke = withAction('states:InvokeHTTPEndpoint');
    expect(invoke.length).toBeGreaterThan(0);
    for (const statement of invoke) {
      expect(statement.Condition).toEqual({ StringLike: { 'states:HTTPEndpoint': 'https://dbc-1234.cloud.databricks.com*' } });
    }
    expect(withAction('events:RetrieveConnectionCredentials')[0].Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DatabricksConnection/), 'Arn'] });
    const connection = Object.values(template.findResources('AWS::Events::Connection'))[0] as any;
    expect(connection.Properties.AuthorizationType).toBe('API_KEY');
    expect(connection.Properties.AuthParameters.ApiKeyAuthParameters.ApiKeyName).toBe('Authorization');
    // The token stays in Secrets Manager: CloudFormation resolves it, the template holds only the reference.
    expect(JSON.stringify(connection.Properties.AuthParameters.ApiKeyAuthParameters.ApiKeyValue)).toContain('{{resolve:secretsmanager:');
  });

  test('the failure event can go only to the default bus', () => {
    expect(withAction('events:PutEvents')).toEqual([expect.objectContaining({
      Resource: 'arn:aws:events:us-east-1:111111111111:event-bus/default',
    })]);
  });

  test('every pipeline state declares JSONata; .sync SageMaker integrations and no Lambda function', () => {
    const definition = JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'));
    const asl = WorkflowDefinition.fromStateMachine(pipeline.stateMachine).asl as any;
    const branch = asl.States['Run Process'].Branches[0].States;
    expect(Object.entries(branch).filter(([, state]: [string, any]) => state.QueryLanguage !== 'JSONata').map(([name]) => name)).toEqual([]);
    expect(definition).toContain(':states:::sagemaker:createTrainingJob.sync');
    expect(definition).toContain(':states:::sagemaker:createTransformJob.sync');
    expect(definition).toContain(':states:::http:invoke');
    expect(definition).toContain(':states:::aws-sdk:sagemaker:updateEndpoint');
    expect(definition).not.toContain('lambda:invoke');
    template.resourceCountIs('AWS::Lambda::Function', 0);
  });

  test('the state machine is Standard, traced, logged at level ALL, with a 24-hour timeout', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
    });
    const definition = JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'));
    expect(definition).toContain('\\"TimeoutSeconds\\":86400');
  });

  test('the preset exposes its stages and the orchestrator resources', () => {
    expect(pipeline.definition.stages.map((s) => s.stageName)).toEqual(['Preprocess', 'Featurize', 'Train', 'Score', 'Deploy']);
    expect(pipeline.train.jobNamePrefix).toBe('train');
    expect(pipeline.orchestrator.stateMachine).toBe(pipeline.stateMachine);
    expect(pipeline.notificationTopic).toBeDefined();
    expect(pipeline.logGroup).toBeDefined();
  });

  test('the pipeline is a Statecraft process (OrchestratedProcess): ProcessMonitoring puts it on a dashboard by its name', () => {
    const own = fiveStageStack();
    new ProcessMonitoring(own.stack, 'Monitoring', { processes: [own.pipeline] });
    const body = JSON.stringify(own.stack.resolve(Object.values(Template.fromStack(own.stack).findResources('AWS::CloudWatch::Dashboard'))[0]));
    expect(body).toContain(`${own.pipeline.processName}: executions`);
  });
});

describe('ProcessOptions reach the pipeline and its run canceller', () => {
  test('logRetention and removalPolicy: both log groups, the topic key and the canceller\'s dead-letter queue', () => {
    const options = fiveStageStack({ logRetention: logs.RetentionDays.TWO_WEEKS, removalPolicy: RemovalPolicy.DESTROY });
    const optionsTemplate = Template.fromStack(options.stack);
    const groups = optionsTemplate.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups).map((id) => id.slice(0, -8)).sort()).toEqual(['PipelineDatabricksRunCancellerOrchestratorLogs', 'PipelineOrchestratorLogs']);
    for (const group of Object.values(groups)) {
      expect(group.Properties.RetentionInDays).toBe(14);
      expect(group.DeletionPolicy).toBe('Delete');
    }
    expect(Object.values(optionsTemplate.findResources('AWS::KMS::Key'))).toEqual([expect.objectContaining({ DeletionPolicy: 'Delete' })]);
    expect(Object.values(optionsTemplate.findResources('AWS::SQS::Queue'))).toEqual([expect.objectContaining({ DeletionPolicy: 'Delete' })]);
  });
});

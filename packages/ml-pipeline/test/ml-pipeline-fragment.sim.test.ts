import { TaskFailure, WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { MlPipelineFragment, PipelineDefinition, PipelineParameter, TrainingStage } from '../src';
import { JOB_RESULTS } from './scenarios';

installMatchers();

function embedded() {
  const stack = new Stack(new App(), 'Embedded', { env: { account: '111111111111', region: 'us-east-1' } });
  const role = new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  // The fragment reads its runtime parameters from the `parameters` of the state it starts with.
  const data = PipelineParameter.string('data', 's3://acme-ml/train/default/');
  const train = new TrainingStage('Train', {
    trainingImage: 'xgboost', inputChannels: [{ channelName: 'train', s3Uri: data.asString }], outputUri: 's3://acme-ml/models/',
  });
  const fragment = new MlPipelineFragment(stack, 'Pipeline', { sageMakerRole: role, definition: PipelineDefinition.startWith(train), parameters: [data] });
  const caught = new sfn.Pass(stack, 'Training Failed');
  const body = fragment.toSingleState({ stateId: 'Train Model Inline', outputPath: '$[0]' }).addCatch(caught, { resultPath: '$.failure' });
  const stateMachine = new sfn.StateMachine(stack, 'Onboarding', {
    definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Onboard Tenant').next(body).next(new sfn.Succeed(stack, 'Done'))),
  });
  return { stack, stateMachine };
}

test('the pipeline embedded as a fragment (in toSingleState, which prefixes the state names) runs inside another state machine, which gets its IAM statements', async () => {
  const { stack, stateMachine } = embedded();
  const channels: string[] = [];
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(stateMachine), {
    mocks: {
      states: {
        'Train Model Inline: Train: Train Model': (call: any) => {
          channels.push(call.input.InputDataConfig[0].DataSource.S3DataSource.S3Uri);
          return JOB_RESULTS.train(0.9);
        },
      },
    },
  });
  const result = await sim.run({ tenant: 'acme' });
  expect(result).toSucceed();
  expect(result).toHaveVisitedInOrder(['Onboard Tenant', 'Train Model Inline', 'Train Model Inline: Prepare Run', 'Train Model Inline: Train: Train Model', 'Train Model Inline: Pipeline Succeeded', 'Done']);
  expect((result.output as any).stages.Train.modelArtifacts).toBe(JOB_RESULTS.train(0.9).ModelArtifacts.S3ModelArtifacts);
  expect(channels).toEqual(['s3://acme-ml/train/default/']);
  const policy = JSON.stringify(Template.fromStack(stack).findResources('AWS::IAM::Policy'));
  expect(policy).toContain('sagemaker:CreateTrainingJob');
  expect(policy).toContain('iam:PassedToService');

  const failed = await sim.with({ mocks: { states: { 'Train Model Inline: Train: Train Model': { throw: { error: 'SageMaker.AmazonSageMakerException', cause: 'bad image' } } } } })
    .run({ tenant: 'acme' });
  expect(failed).toSucceed();
  expect(failed.visited.map((v) => v.name)).toContain('Training Failed');

  const withParameters = await sim.run({ parameters: { data: 's3://acme-ml/train/2026-12/' } });
  expect(withParameters).toSucceed();
  expect((withParameters.output as any).params).toEqual({ data: 's3://acme-ml/train/2026-12/' });
  expect(channels[channels.length - 1]).toBe('s3://acme-ml/train/2026-12/');

  // A throttled training job that stays limited by the account's quota is retried (SageMaker.ResourceLimitExceededException).
  let attempts = 0;
  const limited = await sim.with({
    mocks: {
      states: {
        'Train Model Inline: Train: Train Model': () => {
          if (attempts++ === 0) throw new TaskFailure('SageMaker.ResourceLimitExceededException', 'The account-level service limit was exceeded');
          return JOB_RESULTS.train(0.9);
        },
      },
    },
  }).run({ tenant: 'acme' });
  expect(limited).toSucceed();
  expect(attempts).toBe(2);
  expect(sim).toHaveFullStateCoverage();
});

test('the fragment fits a state machine whose top-level QueryLanguage is JSONata (every state it emits is JSONata)', async () => {
  const stack = new Stack(new App(), 'EmbeddedJsonata', { env: { account: '111111111111', region: 'us-east-1' } });
  const role = new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const train = new TrainingStage('Train', { trainingImage: 'xgboost', inputChannels: [{ channelName: 'train', s3Uri: 's3://acme-ml/train/' }], outputUri: 's3://acme-ml/models/' });
  const fragment = new MlPipelineFragment(stack, 'Pipeline', { sageMakerRole: role, definition: PipelineDefinition.startWith(train) });
  // AWS rejects a JSONPath state in a JSONata state machine (Step Functions Developer Guide, "Transforming data with
  // JSONata in Step Functions"); aws-cdk-lib checks it at synth, and the simulator validates the definition as AWS does.
  const stateMachine = new sfn.StateMachine(stack, 'Onboarding', {
    queryLanguage: sfn.QueryLanguage.JSONATA,
    definitionBody: sfn.DefinitionBody.fromChainable(sfn.Pass.jsonata(stack, 'Onboard Tenant').next(fragment)),
  });
  const definition = WorkflowDefinition.fromStateMachine(stateMachine);
  expect((definition.asl as any).QueryLanguage).toBe('JSONata');
  const result = await new WorkflowSimulator(definition, {
    mocks: { states: { 'Train: Train Model': { return: JOB_RESULTS.train(0.9) } } },
    // The embedded workflow's coverage is the JSONPath test's above; this one only proves the fit.
    writeCoverageReport: false,
  }).run({ tenant: 'acme' });
  expect(result).toSucceed();
  expect(result).toHaveVisitedInOrder(['Onboard Tenant', 'Prepare Run', 'Train: Train Model', 'Pipeline Succeeded']);
  expect((result.output as any).stages.Train.modelArtifacts).toBe(JOB_RESULTS.train(0.9).ModelArtifacts.S3ModelArtifacts);
});

test('an embedded stage with impossible props is refused at synth time', () => {
  const stack = new Stack(new App(), 'Bad');
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  expect(() => new MlPipelineFragment(stack, 'Pipeline', {
    sageMakerRole: role,
    definition: PipelineDefinition.startWith(new TrainingStage('Train', { trainingImage: 'x', inputChannels: [], outputUri: 's3://b/m/' })),
  })).toThrow(/Bad\/Pipeline[\s\S]*inputChannels: must have at least one channel/);
});

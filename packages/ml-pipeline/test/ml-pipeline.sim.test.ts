import { describedExecution, ExecutionResult, installMatchers, SimulatorMocks, sweepFaults, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { BatchTransformStage, CustomStage, MlPipeline, PipelineDefinition, PipelineParameter, TrainingStage } from '../src';
import { JOB_RESULTS, mocksByExecution } from './scenarios';
import { failing, retryCases } from './support/fault-cases';

installMatchers();

/** A custom pipeline: training, then scoring and a Lambda notification side by side, then an audit chain. */
function customPipeline() {
  const stack = new Stack(new App(), 'CustomPipeline', { env: { account: '111111111111', region: 'eu-west-1' } });
  const role = new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const notify = lambda.Function.fromFunctionArn(stack, 'Notify', 'arn:aws:lambda:eu-west-1:111111111111:function:notify-model-team');
  const trainingData = PipelineParameter.string('trainingData', 's3://acme-ml/churn/train/');
  const train = new TrainingStage('Train', {
    trainingImage: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    inputChannels: [{ channelName: 'train', s3Uri: trainingData.asString }],
    outputUri: 's3://acme-ml/churn/models/',
    qualityGate: { metricName: 'validation:auc', threshold: 0.8 },
  });
  const score = new BatchTransformStage('Score', {
    inferenceImage: '141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    modelArtifacts: train.modelArtifacts,
    inputUri: 's3://acme-ml/churn/score/',
    outputUri: 's3://acme-ml/churn/predictions/',
  });
  const registry = dynamodb.Table.fromTableName(stack, 'ModelRegistry', 'model-registry');
  // A chainable stage's states are JSONata and read the pipeline state ({ params, run, stages }) from their input.
  const audit = CustomStage.fromChainable('Audit', sfn.Pass.jsonata(stack, 'Record Audit', {
    outputs: { model: '{% $states.input.stages.Train.modelArtifacts %}', predictions: '{% $states.input.stages.Score.outputUri %}' },
  }).next(tasks.DynamoPutItem.jsonata(stack, 'Register Model', {
    table: registry,
    item: { model: tasks.DynamoAttributeValue.fromString('{% $states.input.model %}') },
    outputs: '{% $states.input %}',
  })));
  const pipeline = new MlPipeline(stack, 'Pipeline', {
    pipelineName: 'churn-custom',
    sageMakerRole: role,
    parameters: [trainingData],
    definition: PipelineDefinition.startWith(train)
      .nextInParallel('Publish', [PipelineDefinition.startWith(score), PipelineDefinition.startWith(CustomStage.fromLambdaFunction('Notify', notify))])
      .next(audit),
  });
  return { stack, pipeline };
}

const EVENT_OK = { return: { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 } };
const happy: SimulatorMocks = {
  states: {
    'Train: Train Model': { return: JOB_RESULTS.train(0.9) },
    'Score: Create Model': { return: { ModelArn: 'arn:aws:sagemaker:eu-west-1:111111111111:model/score' } },
    'Score: Run Transform Job': { return: JOB_RESULTS.score },
    'Notify: Invoke': { return: { Payload: { notified: ['ml-team@acme.example'] }, StatusCode: 200 } },
    'Register Model': { return: {} },
    'Publish Pipeline Failed': EVENT_OK,
  },
};
const withState = (state: string, mock: unknown): SimulatorMocks => ({ states: { ...happy.states, [state]: mock as any } });

const { pipeline } = customPipeline();
const customDefinition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine);
const sim = new WorkflowSimulator(customDefinition, {
  mocks: mocksByExecution({
    'custom-happy': happy,
    'custom-lambda-fails': withState('Notify: Invoke', { throw: { error: 'Lambda.Unknown', cause: 'notify crashed' } }),
    'custom-scoring-fails': withState('Score: Run Transform Job', { throw: { error: 'SageMaker.AmazonSageMakerException', cause: 'ClientError: bad input' } }),
    'custom-training-fails': withState('Train: Train Model', { throw: { error: 'SageMaker.AmazonSageMakerException', cause: 'AlgorithmError: out of memory' } }),
    'custom-gate-missed': withState('Train: Train Model', { return: JOB_RESULTS.train(0.55) }),
    'custom-registry-fails': withState('Register Model', { throw: { error: 'DynamoDB.ResourceNotFoundException', cause: 'Requested resource not found' } }),
  }),
});
const run = (name: string, input: unknown = { parameters: { trainingData: 's3://acme-ml/churn/train-2026-11/' } }): Promise<ExecutionResult> => sim.run(input, { executionName: name });

describe('a custom pipeline with a parallel step, a Lambda stage and a chainable stage', () => {
  test('the branches run side by side and their outputs are merged for the stages after them', async () => {
    const result = await run('custom-happy');
    expect(result).toSucceed();
    const output = result.output as any;
    expect(Object.keys(output.stages).sort()).toEqual(['Audit', 'Notify', 'Score', 'Train']);
    expect(output.stages.Notify.output).toEqual({ notified: ['ml-team@acme.example'] });
    expect(output.stages.Audit.output).toEqual({ model: output.stages.Train.modelArtifacts, predictions: output.stages.Score.outputUri });
    expect(result.lambdaInvocations).toBe(1);
  });

  test('a failing Lambda stage fails the parallel step and the pipeline with Statecraft.ProcessFailed naming the stage', async () => {
    const result = await run('custom-lambda-fails');
    expect(result).toFailWith('Statecraft.ProcessFailed');
    expect(JSON.parse(result.cause!)).toMatchObject({ Error: 'Lambda.Unknown', Cause: 'Stage Notify: notify crashed' });
    expect(result.visited.map((v) => v.name)).toContain('Publish Pipeline Failed');
  });

  test('a failing branch job fails the pipeline the same way', async () => {
    const result = await run('custom-scoring-fails');
    expect(result).toFailWith('Statecraft.ProcessFailed', 'Stage Score: ClientError: bad input');
  });

  test.each([
    ['custom-training-fails', 'Stage Train: AlgorithmError: out of memory'],
    ['custom-registry-fails', 'Stage Audit: '],
  ])('%s ends with Statecraft.ProcessFailed, the stage named in the cause', async (name, cause) => {
    const result = await run(name);
    expect(result).toFailWith('Statecraft.ProcessFailed', cause);
  });

  test('a model below the quality gate ends with Statecraft.QualityGateFailed and scores nothing', async () => {
    const result = await run('custom-gate-missed');
    expect(result).toFailWith('Statecraft.QualityGateFailed');
    expect(result.visited.map((v) => v.name)).not.toContain('Score: Create Model');
  });

  test.each([42, null, ''])('a training data location %p fails with Statecraft.InvalidInput', async (trainingData) => {
    const result = await run('custom-happy', { parameters: { trainingData } });
    expect(result).toFailWith('Statecraft.InvalidInput', 'parameters.trainingData');
  });

  test.each(retryCases(customDefinition, (state) => state !== 'Publish Pipeline Failed').map((c) => [c.state, c.retrier, c.error]))(
    '%s, Retry[%d]: one %s is retried and the pipeline still succeeds', async (state, _retrier, error) => {
      const result = await new WorkflowSimulator(customDefinition, { mocks: failing(happy, state as string, error as string, 'Rate exceeded') })
        .run({ parameters: {} }, { executionName: 'custom-retried' });
      expect(result).toSucceed();
      expect(result.visited.some((v) => v.name === state && v.attempt === 1)).toBe(true);
    });

  test('every state of the custom pipeline was visited', () => {
    expect(sim).toHaveFullStateCoverage();
  });

  test('fault sweep of the custom pipeline: no unhandled cell', async () => {
    const report = await sweepFaults(sim.with({ mocks: happy }), {
      name: 'ml-pipeline-custom',
      scenarios: [
        { name: 'happy', input: { parameters: {} }, mocks: happy },
        { name: 'gate-missed', input: { parameters: {} }, mocks: withState('Train: Train Model', { return: JOB_RESULTS.train(0.55) }) },
      ],
      isHandled: (result) => result.visited.some((v) => v.name === 'Publish Pipeline Failed'),
      notRetried: ['Train: Train Model', 'Score: Create Model', 'Score: Run Transform Job', 'Notify: Invoke', 'Register Model'].map((state) => ({
        state, fault: 'transient' as const, reason: 'only throttling and resource-limit errors are retried (issue 5)',
      })),
    });
    expect(report).toHaveNoUnhandledFaults();
  }, 120_000);
});

describe('nesting: a parent workflow runs the pipeline and catches its named errors', () => {
  // The parent state machine in the same stack as the pipeline (another stack works the same, with exports).
  const { stack, pipeline: child } = customPipeline();
  const nested = child.nestedExecution(stack, 'Run Pipeline', { input: sfn.TaskInput.fromObject({ parameters: { trainingData: sfn.JsonPath.stringAt('$.data') } }) });
  const rejected = new sfn.Pass(stack, 'Model Rejected');
  nested.parallel.addCatch(rejected, { errors: ['Statecraft.QualityGateFailed'], resultPath: '$.rejection' });
  const parent = new sfn.StateMachine(stack, 'Parent', { definitionBody: sfn.DefinitionBody.fromChainable(nested.next(new sfn.Succeed(stack, 'Model Published'))) });
  const parentSim = (mock: unknown) => new WorkflowSimulator(WorkflowDefinition.fromStateMachine(parent), { mocks: { states: { 'Run Pipeline': mock as any } }, writeCoverageReport: false });

  test('the child\'s Statecraft.QualityGateFailed reaches the parent by name and is caught there', async () => {
    const result = await parentSim({ throw: { error: 'States.TaskFailed', cause: JSON.stringify({ Error: 'Statecraft.QualityGateFailed', Cause: 'validation:auc 0.62 < 0.8' }) } })
      .run({ data: 's3://acme-ml/churn/train/' });
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Run Pipeline (nested)', 'Run Pipeline', 'Run Pipeline Re-raise Child Error', 'Model Rejected']);
  });

  test('the parent passes its input to the child and finishes when the child succeeds', async () => {
    let childInput: any;
    const result = await parentSim((call: any) => {
      childInput = call.input.Input;
      return describedExecution({ output: { stages: {} } });
    }).run({ data: 's3://acme-ml/churn/train/' });
    expect(result).toSucceed();
    expect(childInput).toMatchObject({ parameters: { trainingData: 's3://acme-ml/churn/train/' } });
  });
});

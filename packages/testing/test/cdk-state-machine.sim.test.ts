import { App, Duration, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { TaskFailure, WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '../src';
import { childStateMachine, inlineFunction } from './fixtures/cdk-resources';

installMatchers();

/** A CDK-built workflow using the integrations Statecraft packages use: Lambda, AWS SDK, nested .sync:2, task token. */
function buildStateMachine(): sfn.StateMachine {
  const stack = new Stack(new App(), 'SimStack');
  const fn = inlineFunction(stack, 'Scorer');
  const child = childStateMachine(stack, 'Child Step');
  const queue = new sqs.Queue(stack, 'Approvals');

  const failed = new sfn.Fail(stack, 'Pipeline Failed', { error: 'Statecraft.PipelineFailed', cause: 'a step failed after its retries' });
  const validate = new sfn.Choice(stack, 'Validate Input')
    .when(sfn.Condition.not(sfn.Condition.isPresent('$.modelId')),
      new sfn.Fail(stack, 'Invalid Input', { error: 'Statecraft.InvalidInput', cause: 'modelId is required' }));
  const describe = new tasks.CallAwsService(stack, 'Describe Model', {
    service: 'sagemaker',
    action: 'describeModel',
    parameters: { 'ModelName.$': '$.modelId' },
    iamResources: ['*'],
    resultSelector: { 'arn.$': '$.ModelArn' },
    resultPath: '$.model',
  });
  describe.addRetry({ errors: ['SageMaker.ThrottlingException', 'SageMaker.InternalFailureException'], interval: Duration.seconds(5), maxAttempts: 4 });
  const scoreEach = new sfn.Map(stack, 'Score Each', { itemsPath: '$.samples', resultPath: '$.scores', maxConcurrency: 2 });
  scoreEach.itemProcessor(new tasks.LambdaInvoke(stack, 'Score Sample', { lambdaFunction: fn, payloadResponseOnly: true }));
  const checks = new sfn.Parallel(stack, 'Run Checks', { resultPath: sfn.JsonPath.DISCARD })
    .branch(new tasks.StepFunctionsStartExecution(stack, 'Run Child', { stateMachine: child, integrationPattern: sfn.IntegrationPattern.RUN_JOB }))
    .branch(new sfn.Wait(stack, 'Cool Down', { time: sfn.WaitTime.duration(Duration.minutes(10)) }));
  const approve = new tasks.SqsSendMessage(stack, 'Request Approval', {
    queue,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    messageBody: sfn.TaskInput.fromObject({ token: sfn.JsonPath.taskToken, modelId: sfn.JsonPath.stringAt('$.modelId') }),
    resultPath: '$.approval',
    taskTimeout: sfn.Timeout.duration(Duration.hours(24)),
  });
  const body = sfn.Chain.start(describe).next(scoreEach).next(checks).next(approve).next(new sfn.Succeed(stack, 'Published'));
  const guarded = new sfn.Parallel(stack, 'Pipeline', { outputPath: '$[0]' }).branch(body).addCatch(failed, { resultPath: '$.error' });
  return new sfn.StateMachine(stack, 'Pipeline Machine', {
    timeout: Duration.days(2),
    definitionBody: sfn.DefinitionBody.fromChainable(validate.otherwise(guarded)),
  });
}

const definition = WorkflowDefinition.fromStateMachine(buildStateMachine());
/** DescribeModel's output: ModelName, ModelArn and CreationTime are required (SageMaker API Reference, DescribeModel). */
const DESCRIBED_MODEL = { ModelName: 'm-1', ModelArn: 'arn:aws:sagemaker:us-east-1:123456789012:model/m-1', CreationTime: '2026-12-07T00:00:00Z' };
const happyMocks = {
  integrations: {
    'sagemaker:describeModel': { return: DESCRIBED_MODEL },
    'lambda:invoke': (call: { input: unknown }) => ({ score: (call.input as { value: number }).value * 2 }),
    // .sync returns DescribeExecution's output, Output as a string (Developer Guide, "Start a new AWS Step Functions state machine execution").
    'states:startExecution': {
      return: {
        ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:Child:c-1',
        StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Child',
        StartDate: '2026-12-07T00:00:00Z',
        Status: 'SUCCEEDED',
        Output: '{}',
      },
      durationSeconds: 120,
    },
    'sqs:sendMessage': { return: { approved: true }, durationSeconds: 3600 },
  },
};
const input = { modelId: 'm-1', samples: [{ value: 1 }, { value: 2 }] };

describe('a CDK-built state machine, run from its synthesized definition', () => {
  const sim = new WorkflowSimulator(definition, { mocks: happyMocks });

  test('happy path: every integration mocked, the task token reaches the approval mock, time adds up', async () => {
    let token: string | undefined;
    const result = await sim.with({
      mocks: { integrations: { ...happyMocks.integrations, 'sqs:sendMessage': (call) => { token = call.taskToken; return { approved: true }; } } },
    }).run(input, { executionName: 'model-m-1' });

    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Validate Input', 'Pipeline', 'Describe Model', 'Score Each', 'Run Checks', 'Request Approval', 'Published']);
    expect(result.output).toMatchObject({ modelId: 'm-1', scores: [{ score: 2 }, { score: 4 }], approval: { approved: true } });
    expect(token).toBe('statecraft-token:model-m-1:Request Approval');
    expect(result.lambdaInvocations).toBe(2);
    // Run Checks: max(child 120 s, cool down 600 s)
    expect(result.elapsedSeconds).toBe(600);
  });

  test('the approval waiting past its 24 h task timeout fails with States.Timeout, caught into the named failure', async () => {
    const result = await sim.with({
      mocks: { integrations: { ...happyMocks.integrations, 'sqs:sendMessage': { return: {}, durationSeconds: 25 * 3600 } } },
    }).run(input);

    expect(result).toFailWith('Statecraft.PipelineFailed');
    expect(result.elapsedSeconds).toBe(600 + 24 * 3600);
  });

  test('throttled DescribeModel is retried with the CDK-declared backoff, then succeeds', async () => {
    const result = await sim.with({
      mocks: {
        integrations: {
          ...happyMocks.integrations,
          'sagemaker:describeModel': {
            '0-2': { throw: { error: 'SageMaker.ThrottlingException', cause: 'Rate exceeded' } },
            '3': { return: DESCRIBED_MODEL },
          },
        },
      },
    }).run(input);

    expect(result).toSucceed();
    expect(result.visited.filter((v) => v.name === 'Describe Model').map((v) => v.attempt)).toEqual([0, 1, 2, 3]);
    // backoff 5, 10, 20 s; checks 600 s; approval 3600 s
    expect(result.elapsedSeconds).toBe(5 + 10 + 20 + 600 + 3600);
  });

  test('a failing sample fails the Map and the whole pipeline with the named error', async () => {
    const result = await sim.with({
      mocks: { integrations: { ...happyMocks.integrations, 'lambda:invoke': () => { throw new TaskFailure('ScoringError', 'bad sample'); } } },
    }).run(input);

    expect(result).toFailWith('Statecraft.PipelineFailed');
    expect(result.taskInvocations['sqs:sendMessage']).toBeUndefined();
  });

  test('invalid input is rejected before any task runs', async () => {
    const result = await sim.run({ samples: [] });

    expect(result).toFailWith('Statecraft.InvalidInput', 'modelId');
    expect(result.taskInvocations).toEqual({});
  });

  test('full state coverage, and a fault sweep with zero unhandled cells', async () => {
    const report = await sweepFaults(sim, { input, isHandled: (result) => result.visited.some((v) => v.name === 'Pipeline Failed') });

    expect(sim).toHaveFullStateCoverage();
    expect(report).toHaveNoUnhandledFaults();
    expect(report.totals).toMatchObject({ cells: 4 * 4, unhandled: 0, unreached: 0 });
    // CDK's LambdaInvoke retries Lambda.ServiceException by default: the transient fault recovers.
    expect(report.cells.find((c) => c.state === 'Score Sample' && c.fault === 'transient')).toMatchObject({ outcome: 'recovered' });
  });
});

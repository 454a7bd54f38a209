import { ExecutionResult, SimulatorMocks, WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import { DATABRICKS_RUN_ID, ENDPOINT_NAME, JOB_RESULTS, describedEndpoint, FiveStageBehaviour, HAPPY_PATH_INPUT, QUALITY_GATE_FAILURE, fiveStageMocks, fiveStageStack, mocksByExecution, pollsWhileRunning } from './scenarios';
import { MlPipelineErrors } from '../src';
import { BaseScenario, baseReaching, catchAllCases, failing, retryCases, runBases } from './support/fault-cases';

installMatchers();

const { pipeline } = fiveStageStack();
const definition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine);

/** Requests each scenario's mocks received, by scenario and state name. */
const calls: Record<string, Record<string, any[]>> = {};
const scenarios: Record<string, SimulatorMocks> = {};

function scenario(name: string, behaviour: FiveStageBehaviour, overrides: SimulatorMocks['states'] = {}): void {
  calls[name] = {};
  const mocks = fiveStageMocks(behaviour, calls[name]);
  scenarios[name] = { states: { ...mocks.states, ...overrides } };
}

scenario('happy-create', {});
scenario('defaults-only', {});
scenario('endpoint-update', { endpointExists: true, endpointPendingChecks: 3 });
scenario('endpoint-rolled-back', { endpointExists: true, rollback: true });
scenario('endpoint-failed', {}, { 'Deploy: Check Endpoint Status': { return: describedEndpoint('Failed', 'x') } });
scenario('endpoint-never-ready', { endpointPendingChecks: 10_000 });
scenario('endpoint-lookup-denied', {}, { 'Deploy: Find Endpoint': { throw: { error: 'SageMaker.AccessDeniedException', cause: 'not authorized to perform sagemaker:DescribeEndpoint' } } });
scenario('databricks-failed', { databricksFinalState: { life_cycle_state: 'TERMINATED', result_state: 'FAILED', state_message: 'Task preprocess failed' } });
scenario('databricks-internal-error', { databricksFinalState: { life_cycle_state: 'INTERNAL_ERROR', state_message: 'Cluster launch failed' } });
scenario('databricks-overran', { databricksRunningPolls: 1_000 });
scenario('databricks-poll-broken', {}, { 'Preprocess: Get Run State': { throw: { error: 'States.Http.StatusCode.500', cause: 'Internal error' } } });
scenario('databricks-cancel-broken', { databricksRunningPolls: 1_000 }, { 'Preprocess: Cancel Run': { throw: { error: 'States.Http.StatusCode.503', cause: 'unavailable' } } });
scenario('training-throttled', { trainingThrottles: 2 });
scenario('quality-gate-missed', QUALITY_GATE_FAILURE.behaviour);
scenario('quality-metrics-absent', {}, {
  'Train: Train Model': { return: (({ FinalMetricDataList: _, ...job }) => job)(JOB_RESULTS.train(0)) },
});
scenario('quality-metric-missing', {}, {
  'Train: Train Model': { return: { ...JOB_RESULTS.train(0), FinalMetricDataList: [{ MetricName: 'train:auc', Value: 0.99 }] } },
});
scenario('featurize-rejected', {}, { 'Featurize: Create Model': { throw: { error: 'SageMaker.AmazonSageMakerException', cause: 'Could not access model data at s3://acme-ml-artifacts/churn/featurizer/model.tar.gz' } } });
scenario('invalid-input', {});
scenario('databricks-rejected', {}, { 'Preprocess: Start Run': { throw: { error: 'States.Http.StatusCode.400', cause: 'INVALID_PARAMETER_VALUE: Job 123456 does not exist.' } } });
scenario('training-rejected', {}, { 'Train: Train Model': { throw: { error: 'SageMaker.AmazonSageMakerException', cause: 'AlgorithmError: training failed' } } });
scenario('scoring-failed', {}, { 'Score: Run Transform Job': { throw: { error: 'SageMaker.AmazonSageMakerException', cause: 'ClientError: See job logs for more information' } } });
scenario('event-publish-broken', QUALITY_GATE_FAILURE.behaviour, { 'Publish Pipeline Failed': { throw: { error: 'EventBridge.AccessDeniedException', cause: 'denied' } } });

const sim = new WorkflowSimulator(definition, { mocks: mocksByExecution(scenarios) });
const run = (name: string, input: unknown = HAPPY_PATH_INPUT): Promise<ExecutionResult> => sim.run(input, { executionName: name });
const visitedNames = (result: ExecutionResult) => result.visited.map((v) => v.name);
const SAGEMAKER_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;

describe('five-stage pipeline, simulated from its synthesized definition', () => {
  test('happy path: every stage runs in order, each stage reads the previous outputs, the endpoint is created', async () => {
    const result = await run('happy-create');
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder([
      'Input Validation', 'Prepare Run',
      'Preprocess: Start Run', 'Preprocess: Record Output',
      'Featurize: Create Model', 'Featurize: Run Transform Job',
      'Train: Train Model', 'Train: Check Quality Gate', 'Train: Quality Gate Passed',
      'Score: Create Model', 'Score: Run Transform Job',
      'Deploy: Create Model', 'Deploy: Create Endpoint Config', 'Deploy: Find Endpoint', 'Deploy: Create Endpoint',
      'Deploy: Check Endpoint Status', 'Deploy: Record Output', 'Pipeline Succeeded',
    ].filter((name) => name !== 'Input Validation' || visitedNames(result).includes(name)));
    expect(visitedNames(result)).not.toContain('Deploy: Update Endpoint');
    expect(result.lambdaInvocations).toBe(0);

    const c = calls['happy-create'];
    const output = result.output as any;
    const runId = output.runId;
    expect(runId).toMatch(/^[0-9a-f]{32}$/);
    // Databricks: the idempotency token is derived from the execution, the output location is per run.
    const startRun = c['Preprocess: Start Run'][0];
    expect(startRun.ApiEndpoint).toBe('https://dbc-1234.cloud.databricks.com/api/2.1/jobs/run-now');
    expect(startRun.RequestBody).toEqual({
      job_id: 123456,
      idempotency_token: `${runId}-Preprocess`,
      job_parameters: { input_uri: 's3://acme-ml-raw/churn/2026-11/', output_uri: `s3://acme-ml-artifacts/churn/${runId}/preprocessed/` },
    });
    // Outputs flow: Databricks output -> scikit-learn transform input -> training channel -> model for scoring and endpoint.
    expect(c['Featurize: Run Transform Job'][0].TransformInput.DataSource.S3DataSource.S3Uri).toBe(`s3://acme-ml-artifacts/churn/${runId}/preprocessed/`);
    expect(c['Featurize: Create Model'][0].PrimaryContainer.Environment).toEqual({
      SAGEMAKER_PROGRAM: 'featurize.py', SAGEMAKER_SUBMIT_DIRECTORY: 's3://acme-ml-artifacts/churn/featurizer/sourcedir.tar.gz',
    });
    const train = c['Train: Train Model'][0];
    expect(train.InputDataConfig[0].DataSource.S3DataSource.S3Uri).toBe(output.stages.Featurize.outputUri);
    expect(train.ResourceConfig).toEqual({ InstanceType: 'ml.m5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 30 });
    expect(train.EnableManagedSpotTraining).toBe(true);
    expect(train.CheckpointConfig.S3Uri).toBe(`s3://acme-ml-artifacts/churn/${runId}/checkpoints/`);
    expect(train.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 4 * 3600, MaxWaitTimeInSeconds: 8 * 3600 });
    expect(c['Score: Create Model'][0].PrimaryContainer.ModelDataUrl).toBe(output.stages.Train.modelArtifacts);
    expect(c['Deploy: Create Model'][0].PrimaryContainer.ModelDataUrl).toBe(output.stages.Train.modelArtifacts);
    expect(c['Deploy: Create Endpoint'][0]).toMatchObject({ EndpointName: ENDPOINT_NAME, EndpointConfigName: `deploy-${runId}` });
    expect(output.stages.Deploy).toEqual({ endpointName: ENDPOINT_NAME, endpointConfigName: `deploy-${runId}`, modelName: `deploy-${runId}`, action: 'created' });
    expect(output.stages.Preprocess.runId).toBe(DATABRICKS_RUN_ID);
    // Job names: the run id plus a per-attempt suffix, within SageMaker's 63 characters.
    for (const name of [c['Featurize: Run Transform Job'][0].TransformJobName, train.TrainingJobName, c['Score: Run Transform Job'][0].TransformJobName]) {
      expect(name).toMatch(SAGEMAKER_NAME);
      expect(name).toContain(runId);
      expect(name.length).toBeLessThanOrEqual(63);
    }
  });

  test('runtime parameters fall back to the construct-level defaults when the input gives none', async () => {
    const result = await run('defaults-only', {});
    expect(result).toSucceed();
    expect(visitedNames(result)).not.toContain('Apply Parameters');
    expect(calls['defaults-only']['Train: Train Model'][0].ResourceConfig.InstanceType).toBe('ml.m5.xlarge');
    expect((result.output as any).params).toEqual({ trainingInstanceType: 'ml.m5.xlarge', trainingInstanceCount: 1, transformInstanceType: 'ml.m5.xlarge', endpointInstanceType: 'ml.m5.large' });
  });

  test('an existing endpoint is updated blue/green (canary, alarm rollback) instead of created, after waiting with backoff', async () => {
    const result = await run('endpoint-update');
    expect(result).toSucceed();
    expect(visitedNames(result)).toContain('Deploy: Update Endpoint');
    expect(visitedNames(result)).not.toContain('Deploy: Create Endpoint');
    const update = calls['endpoint-update']['Deploy: Update Endpoint'][0];
    expect(update.DeploymentConfig).toEqual({
      BlueGreenUpdatePolicy: {
        TrafficRoutingConfiguration: { Type: 'CANARY', WaitIntervalInSeconds: 300, CanarySize: { Type: 'CAPACITY_PERCENT', Value: 10 } },
        TerminationWaitInSeconds: 300,
      },
      AutoRollbackConfiguration: { Alarms: [{ AlarmName: expect.any(String) }] },
    });
    expect((result.output as any).stages.Deploy.action).toBe('updated');
    // 3 checks still Updating: waits of 60 + 120 + 240 s, then the fourth check sees InService.
    expect(visitedNames(result).filter((n) => n === 'Deploy: Check Endpoint Status')).toHaveLength(4);
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(60 + 120 + 240 + 480);
  });

  test('an endpoint that never reaches InService fails with Statecraft.EndpointDeploymentTimedOut after maxWait, waits capped at 5 minutes', async () => {
    const result = await run('endpoint-never-ready');
    expect(result).toFailWith('Statecraft.EndpointDeploymentTimedOut');
    const checks = visitedNames(result).filter((n) => n === 'Deploy: Check Endpoint Status').length;
    // 60 + 120 + 240 = 420 s, then 300 s each until 2 hours: 3 + ceil((7200 - 420) / 300) = 26 checks.
    expect(checks).toBe(26);
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(2 * 3600);
  });

  test('a DescribeEndpoint error other than "not found" fails the stage instead of creating a second endpoint', async () => {
    const result = await run('endpoint-lookup-denied');
    expect(result).toFailWith('Statecraft.ProcessFailed');
    expect(JSON.parse(result.cause!)).toMatchObject({ Error: 'SageMaker.AccessDeniedException', Cause: 'Stage Deploy: not authorized to perform sagemaker:DescribeEndpoint' });
    expect(visitedNames(result)).not.toContain('Deploy: Create Endpoint');
  });

  test('a Databricks run that ends FAILED fails the pipeline with Statecraft.DatabricksRunFailed and runs no SageMaker job', async () => {
    const result = await run('databricks-failed');
    expect(result).toFailWith('Statecraft.DatabricksRunFailed', 'Task preprocess failed');
    expect(result.taskInvocations['sagemaker:createTrainingJob']).toBeUndefined();
    expect(visitedNames(result)).toContain('Publish Pipeline Failed');
  });

  test('a Databricks run that ends in INTERNAL_ERROR (no result state) also fails with Statecraft.DatabricksRunFailed', async () => {
    const result = await run('databricks-internal-error');
    expect(result).toFailWith('Statecraft.DatabricksRunFailed');
    expect(visitedNames(result)).toContain('Preprocess: Run Not Completed');
  });

  test('a Databricks run that outlives maxRuntime is cancelled, then fails with Statecraft.DatabricksRunTimedOut', async () => {
    const result = await run('databricks-overran');
    expect(result).toFailWith('Statecraft.DatabricksRunTimedOut');
    expect(calls['databricks-overran']['Preprocess: Cancel Run']).toEqual([
      expect.objectContaining({ ApiEndpoint: 'https://dbc-1234.cloud.databricks.com/api/2.1/jobs/runs/cancel', Method: 'POST', RequestBody: { run_id: DATABRICKS_RUN_ID } }),
    ]);
    // The default maxRuntime is 6 hours: polls stop once the waits add up to it.
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(6 * 3600);
    expect(visitedNames(result).filter((n) => n === 'Preprocess: Get Run State')).toHaveLength(pollsWhileRunning(6 * 3600) + 1);
  });

  test('a run whose state cannot be read is cancelled rather than left running, and the pipeline fails with Statecraft.ProcessFailed', async () => {
    const result = await run('databricks-poll-broken');
    expect(result).toFailWith('Statecraft.ProcessFailed');
    expect(JSON.parse(result.cause!)).toMatchObject({ Error: 'States.Http.StatusCode.500' });
    expect(result.cause).toContain('which was cancelled');
    expect(calls['databricks-poll-broken']['Preprocess: Cancel Run']).toHaveLength(1);
  });

  test('a failed cancel keeps the reason the run was being cancelled', async () => {
    const result = await run('databricks-cancel-broken');
    expect(result).toFailWith('Statecraft.DatabricksRunTimedOut');
  });

  // Throttled optimized SageMaker calls fail with SageMaker.AmazonSageMakerException (Step Functions Developer Guide,
  // "Create and manage Amazon SageMaker AI jobs with Step Functions", training job example's Retry).
  test('a throttled CreateTrainingJob (SageMaker.AmazonSageMakerException) is retried with backoff and the pipeline succeeds', async () => {
    const result = await run('training-throttled');
    expect(result).toSucceed();
    expect(result.visited.filter((v) => v.name === 'Train: Train Model').map((v) => v.attempt)).toEqual([0, 1, 2]);
    // Each attempt has its own job name (same run id, new attempt id), so a retry never collides with an earlier job.
    const attempts = [...calls['training-throttled']['Train: Train Model (throttled)'], ...calls['training-throttled']['Train: Train Model']];
    const names = attempts.map((request) => request.TrainingJobName);
    const runId = (result.output as any).runId;
    expect(names).toHaveLength(3);
    expect(new Set(names).size).toBe(3);
    for (const name of names) expect(name).toMatch(new RegExp(`^train-${runId}-[0-9a-f]{8}$`));
  });

  test('a final metric below the threshold fails the pipeline with Statecraft.QualityGateFailed, before scoring or deploying', async () => {
    const result = await run('quality-gate-missed');
    expect(result).toFailWith(QUALITY_GATE_FAILURE.expectedError);
    expect(result.cause).toContain('validation:auc >= 0.8');
    expect(result.cause).toContain('0.62');
    expect(visitedNames(result)).not.toContain('Score: Create Model');
    expect(visitedNames(result)).toContain('Publish Pipeline Failed');
  });

  // endpoint-rolled-back: an update rolled back by its alarm fails after the failure event; quality-metric-missing: a
  // job that does not report the gate metric fails the gate too.
  test.each([
    ['endpoint-rolled-back', 'Statecraft.EndpointDeploymentRolledBack', 'deploy-previous-config', 'Publish Pipeline Failed'],
    ['quality-metric-missing', 'Statecraft.QualityGateFailed', 'final metrics: [{"MetricName":"train:auc"', 'Train: Quality Gate Failed'],
  ])('%s fails with %s (cause containing %s) by way of %s', async (name, error, cause, state) => {
    const result = await run(name);
    expect(result).toFailWith(error, cause);
    expect(visitedNames(result)).toContain(state);
  });

  // The optimized integration reports a rejected request and a throttled one under the same name,
  // SageMaker.AmazonSageMakerException (Step Functions Developer Guide, SageMaker AI page, training job example):
  // it is retried a bounded number of times, then the stage fails.
  test('a SageMaker error that persists through the bounded retries fails with Statecraft.ProcessFailed naming the stage and the original error', async () => {
    const result = await run('featurize-rejected');
    expect(result).toFailWith('Statecraft.ProcessFailed');
    expect(JSON.parse(result.cause!)).toMatchObject({
      Error: 'SageMaker.AmazonSageMakerException',
      Cause: 'Stage Featurize: Could not access model data at s3://acme-ml-artifacts/churn/featurizer/model.tar.gz',
    });
    expect(result.visited.filter((v) => v.name === 'Featurize: Create Model')).toHaveLength(1 + 6);
  });

  test('a runtime parameter of the wrong type fails with Statecraft.InvalidInput naming the field, before any task', async () => {
    const result = await run('invalid-input', { parameters: { trainingInstanceCount: 'two' } });
    expect(result).toFailWith('Statecraft.InvalidInput', 'parameters.trainingInstanceCount');
    expect(result.taskInvocations).toEqual({});
  });

  // endpoint-failed: an endpoint that goes to Failed; quality-metrics-absent: a job that reports no final metrics at
  // all fails the gate by name too, naming the job; the others: a job or request that fails.
  test.each([
    ['endpoint-failed', 'Statecraft.EndpointDeploymentFailed', 'went to Failed'],
    ['quality-metrics-absent', 'Statecraft.QualityGateFailed', 'final metrics: []'],
    ['databricks-rejected', 'Statecraft.ProcessFailed', 'Stage Preprocess: INVALID_PARAMETER_VALUE'],
    ['training-rejected', 'Statecraft.ProcessFailed', 'Stage Train: AlgorithmError'],
    ['scoring-failed', 'Statecraft.ProcessFailed', 'Stage Score: ClientError'],
  ])('%s ends the pipeline with %s (cause containing %s)', async (name, error, cause) => {
    expect(await run(name)).toFailWith(error, cause);
  });

  test.each([
    ['trainingInstanceType', 8],
    ['trainingInstanceType', ''],
    ['trainingInstanceType', null],
    ['trainingInstanceCount', null],
    ['transformInstanceType', false],
    ['transformInstanceType', ''],
    ['transformInstanceType', null],
    ['endpointInstanceType', ''],
    ['endpointInstanceType', null],
    ['endpointInstanceType', 3],
  ])('parameters.%s = %p fails with Statecraft.InvalidInput', async (field, value) => {
    const result = await run('invalid-input', { parameters: { [field]: value } });
    expect(result).toFailWith('Statecraft.InvalidInput', `parameters.${field}`);
  });

  test('every runtime parameter given in the input replaces its default in the jobs it configures', async () => {
    const parameters = { trainingInstanceType: 'ml.c5.4xlarge', trainingInstanceCount: 2, transformInstanceType: 'ml.c5.xlarge', endpointInstanceType: 'ml.c5.large' };
    const result = await run('happy-create', { parameters });
    expect(result).toSucceed();
    expect((result.output as any).params).toEqual(parameters);
  });

  test('when the failure event cannot be published, the original named error still ends the execution', async () => {
    const result = await run('event-publish-broken');
    expect(result).toFailWith('Statecraft.QualityGateFailed');
  });

  test('every state of the five-stage pipeline was visited', () => {
    expect(sim).toHaveFullStateCoverage();
  });
});

// Runs that between them enter every Task state: the happy path, an endpoint update, an overrunning Databricks run
// (cancelled) and a missed quality gate (the failure event).
const bases: BaseScenario[] = [
  { name: 'happy', mocks: fiveStageMocks({}), input: HAPPY_PATH_INPUT },
  { name: 'update', mocks: fiveStageMocks({ endpointExists: true }), input: HAPPY_PATH_INPUT },
  { name: 'overran', mocks: fiveStageMocks({ databricksRunningPolls: 1_000 }), input: HAPPY_PATH_INPUT },
  { name: 'gate-missed', mocks: fiveStageMocks(QUALITY_GATE_FAILURE.behaviour), input: HAPPY_PATH_INPUT },
];

beforeAll(() => runBases(definition, bases));

describe('five-stage pipeline: every retrier of every call recovers a single failure it names', () => {
  test.each(retryCases(definition).map((c) => [c.state, c.retrier, c.error]))(
    '%s, Retry[%d]: one %s is retried and the run ends as it would without it', async (state, retrier, error) => {
      const base = baseReaching(bases, state as string);
      const result = await new WorkflowSimulator(definition, { mocks: failing(base.mocks, state as string, error as string, 'Rate exceeded') })
        .run(base.input, { executionName: `retry-${retrier}` });
      expect({ status: result.status, error: result.error }).toEqual({ status: base.result!.status, error: base.result!.error });
      expect(result.visited.some((v) => v.name === state && v.attempt === 1)).toBe(true);
    });
});

describe('five-stage pipeline: an error no retrier names ends the run with a named Statecraft error', () => {
  test.each(catchAllCases(definition).map((c) => [c.state, c.next]))('%s --Catch--> %s', async (state, next) => {
    const base = baseReaching(bases, state as string);
    // ValidationException is what SageMaker answers a bad request with; no retrier names it.
    const result = await new WorkflowSimulator(definition, {
      mocks: failing(base.mocks, state as string, 'SageMaker.ValidationException', 'bad request', true),
    }).run(base.input, { executionName: 'caught' });
    expect(result.visited.map((v) => v.name)).toContain(next);
    expect(result.status).toBe('FAILED');
    expect(result.error).toMatch(/^Statecraft\./);
    const stage = (state as string).split(':')[0];
    if ((next as string).endsWith(': Stage Failed')) {
      expect(result).toFailWith(MlPipelineErrors.PROCESS_FAILED, `Stage ${stage}: bad request`);
    }
  });
});

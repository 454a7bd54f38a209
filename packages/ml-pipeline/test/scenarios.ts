/**
 * Realistic instantiations, inputs and mocks of the ML pipelines, shared by this package's simulation tests, the
 * benchmark and the demo app (examples/). Mock timings model the real services: a Databricks run of minutes to hours,
 * SageMaker transform and training jobs of 10 to 40 minutes, an endpoint that takes about 8 minutes to come up.
 */
import { MockCall, SimulatorMocks, TaskFailure, evaluateMock } from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import {
  DatabricksAuth, DatabricksJobStage, FiveStagePipeline, FiveStagePipelineProps, MetricComparison, MlPipeline, MlPipelineProps, PipelineDefinition,
  TrafficRouting,
} from '../src';

export const ENDPOINT_NAME = 'churn-model';
export const DATABRICKS_RUN_ID = 4242;

/** The five-stage preset as a team would deploy it: churn model, spot training with an AUC gate, blue/green deploy. */
export function fiveStagePipelineProps(stack: Stack, overrides: Partial<FiveStagePipelineProps> = {}): FiveStagePipelineProps {
  const sageMakerRole = new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const token = secretsmanager.Secret.fromSecretNameV2(stack, 'DatabricksToken', 'statecraft/databricks-token');
  const errorRate = new cloudwatch.Alarm(stack, 'EndpointErrors', {
    metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors', dimensionsMap: { EndpointName: ENDPOINT_NAME, VariantName: 'AllTraffic' } }),
    threshold: 1,
    evaluationPeriods: 1,
  });
  return {
    pipelineName: 'churn-model',
    sageMakerRole,
    rawDataUri: 's3://acme-ml-raw/churn/2026-11/',
    artifactsUri: 's3://acme-ml-artifacts/churn',
    databricks: {
      workspaceUrl: 'https://dbc-1234.cloud.databricks.com',
      auth: DatabricksAuth.personalAccessToken(token),
      jobId: 123456,
    },
    scikitLearn: {
      image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      modelArtifacts: 's3://acme-ml-artifacts/churn/featurizer/model.tar.gz',
      entryPoint: 'featurize.py',
      sourceDir: 's3://acme-ml-artifacts/churn/featurizer/sourcedir.tar.gz',
    },
    training: {
      image: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      hyperparameters: { objective: 'binary:logistic', num_round: '200', eval_metric: 'auc' },
      qualityGate: { metricName: 'validation:auc', threshold: 0.8, comparison: MetricComparison.GREATER_THAN_OR_EQUAL },
    },
    inferenceImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    endpointName: ENDPOINT_NAME,
    blueGreen: { trafficRouting: TrafficRouting.canary(10), rollbackAlarms: [errorRate] },
    ...overrides,
  };
}

/** A stack holding the five-stage preset. */
export function fiveStageStack(overrides: Partial<FiveStagePipelineProps> = {}): { stack: Stack; pipeline: FiveStagePipeline } {
  const app = new App();
  const stack = new Stack(app, 'ChurnPipeline', { env: { account: '111111111111', region: 'us-east-1' } });
  const pipeline = new FiveStagePipeline(stack, 'Pipeline', fiveStagePipelineProps(stack, overrides));
  return { stack, pipeline };
}

/**
 * A pipeline with two Databricks stages in two workspaces: Extract (personal access token), then Label (service
 * principal), each allowed 2 hours within the pipeline's 3.
 */
export function twoWorkspaceStack(
  overrides: Partial<MlPipelineProps> | ((stack: Stack) => Partial<MlPipelineProps>) = {},
): { stack: Stack; pipeline: MlPipeline } {
  const stack = new Stack(new App(), 'LabelPipeline', { env: { account: '111111111111', region: 'us-east-1' } });
  const token = secretsmanager.Secret.fromSecretNameV2(stack, 'ExtractToken', 'statecraft/databricks-token');
  const clientSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'LabelClientSecret', 'statecraft/databricks-label-sp');
  const extract = new DatabricksJobStage('Extract', {
    workspaceUrl: 'https://dbc-1234.cloud.databricks.com',
    auth: DatabricksAuth.personalAccessToken(token),
    jobId: 111,
    outputUri: 's3://acme-ml-labels/extracted/',
    maxRuntime: Duration.hours(2),
  });
  const label = new DatabricksJobStage('Label', {
    workspaceUrl: 'https://dbc-5678.cloud.databricks.com',
    auth: DatabricksAuth.servicePrincipal('https://dbc-5678.cloud.databricks.com', 'label-sp', clientSecret),
    jobId: 222,
    jobParameters: { extracted: extract.outputUri },
    maxRuntime: Duration.hours(2),
  });
  const pipeline = new MlPipeline(stack, 'Pipeline', {
    pipelineName: 'labels',
    sageMakerRole: new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
    definition: PipelineDefinition.startWith(extract).next(label),
    timeout: Duration.hours(3),
    ...(typeof overrides === 'function' ? overrides(stack) : overrides),
  });
  return { stack, pipeline };
}

/** The happy path's input: a bigger training instance than the default; the rest from the defaults. */
export const HAPPY_PATH_INPUT = { parameters: { trainingInstanceType: 'ml.m5.2xlarge' } };

/** What the mocks should make the services do. */
export interface FiveStageBehaviour {
  /** Polls of the Databricks run that still see it RUNNING. @default 2 */
  readonly databricksRunningPolls?: number;
  /** The run's final state. @default { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' } */
  readonly databricksFinalState?: Record<string, string>;
  /** Seconds each Databricks poll takes on the virtual clock. @default 1 */
  readonly databricksPollSeconds?: number;
  /** Times CreateTrainingJob is throttled before it goes through. @default 0 */
  readonly trainingThrottles?: number;
  /** The final validation AUC. @default 0.91 */
  readonly validationAuc?: number;
  /** The endpoint exists already (update instead of create). @default false */
  readonly endpointExists?: boolean;
  /** An alarm rolls the blue/green update back. @default false */
  readonly rollback?: boolean;
  /** Status checks that still see the endpoint Creating/Updating. @default 1 */
  readonly endpointPendingChecks?: number;
}

const EVENT_OK = { return: { Entries: [{ EventId: 'event-1' }], FailedEntryCount: 0 } };
const ARN = 'arn:aws:sagemaker:us-east-1:111111111111';

/** Virtual durations of the long-running calls, as measured on real runs of similar size. */
export const SERVICE_SECONDS = {
  databricksCall: 1,
  featurizeJob: 12 * 60,
  trainingJob: 40 * 60,
  scoringJob: 10 * 60,
};

/**
 * What the `.sync` jobs return: the Describe*Job output, with every member the SageMaker API Reference marks required
 * (DescribeTransformJob, DescribeTrainingJob). Timestamps are epoch milliseconds, as Step Functions passes them.
 */
const transformResult = (name: string, outputPath: string) => ({
  TransformJobName: `${name}-job`,
  TransformJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:transform-job/${name}-job`,
  TransformJobStatus: 'Completed',
  ModelName: `${name}-model`,
  TransformInput: { DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: 's3://acme-ml-artifacts/churn/run/input/' } } },
  TransformOutput: { S3OutputPath: outputPath },
  TransformResources: { InstanceType: 'ml.m5.xlarge', InstanceCount: 1 },
  CreationTime: 1795510800000,
});
/** DescribeEndpoint's output, with the members the SageMaker API Reference marks required. */
export function describedEndpoint(status: string, endpointConfigName: string) {
  return {
    EndpointName: ENDPOINT_NAME,
    EndpointArn: `arn:aws:sagemaker:eu-west-1:111111111111:endpoint/${ENDPOINT_NAME}`,
    EndpointConfigName: endpointConfigName,
    EndpointStatus: status,
    CreationTime: '2026-11-24T07:00:00Z',
    LastModifiedTime: '2026-11-24T07:00:00Z',
  };
}
export const JOB_RESULTS = {
  featurize: transformResult('featurize', 's3://acme-ml-artifacts/churn/run/features/'),
  score: transformResult('score', 's3://acme-ml-artifacts/churn/run/predictions/'),
  train: (validationAuc: number) => ({
    TrainingJobName: 'train-job',
    TrainingJobArn: 'arn:aws:sagemaker:eu-west-1:111111111111:training-job/train-job',
    TrainingJobStatus: 'Completed',
    SecondaryStatus: 'Completed',
    StoppingCondition: { MaxRuntimeInSeconds: 86400 },
    CreationTime: 1795510800000,
    ModelArtifacts: { S3ModelArtifacts: 's3://acme-ml-artifacts/churn/run/models/train-job/output/model.tar.gz' },
    FinalMetricDataList: [
      { MetricName: 'train:auc', Value: 0.95, Timestamp: '2026-11-24T07:00:00Z' },
      { MetricName: 'validation:auc', Value: validationAuc, Timestamp: '2026-11-24T07:00:00Z' },
    ],
  }),
};

/**
 * Mocks for the five-stage pipeline. With `calls`, the job mocks record each request (state name -> inputs) and take
 * no virtual time; without, they take the durations in SERVICE_SECONDS.
 */
export function fiveStageMocks(behaviour: FiveStageBehaviour = {}, calls?: Record<string, unknown[]>): SimulatorMocks {
  const running = behaviour.databricksRunningPolls ?? 2;
  const pollSeconds = behaviour.databricksPollSeconds ?? SERVICE_SECONDS.databricksCall;
  let createdConfig = '';
  const previousConfig = 'deploy-previous-config';
  const job = (stateName: string, result: unknown, durationSeconds: number) => calls
    ? (call: MockCall) => {
      (calls[stateName] ??= []).push(call.input);
      return result;
    }
    : { return: result, durationSeconds };
  const record = (stateName: string, result: unknown) => (call: MockCall) => {
    if (calls) (calls[stateName] ??= []).push(call.input);
    return result;
  };
  const throttles = behaviour.trainingThrottles ?? 0;
  const trainResult = job('Train: Train Model', JOB_RESULTS.train(behaviour.validationAuc ?? 0.91), SERVICE_SECONDS.trainingJob);
  const train = throttles > 0
    ? (call: MockCall) => {
      if (call.attempt < throttles) {
        if (calls) (calls['Train: Train Model (throttled)'] ??= []).push(call.input);
        // How the optimized integration reports a throttled CreateTrainingJob (see THROTTLING_ERRORS).
        throw new TaskFailure('SageMaker.AmazonSageMakerException', 'Rate exceeded (Service: AmazonSageMaker; Status Code: 400; Error Code: ThrottlingException)');
      }
      return typeof trainResult === 'function' ? trainResult(call) : trainResult.return;
    }
    : trainResult;
  const runState = (attempt: number) => attempt < running
    ? { life_cycle_state: 'RUNNING', state_message: 'In run' }
    : behaviour.databricksFinalState ?? { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS', state_message: '' };
  const pollSequence: Record<string, { return: unknown; durationSeconds: number }> = {};
  for (let attempt = 0; attempt <= running; attempt++) {
    pollSequence[attempt === running ? `${attempt}-${attempt + 1000}` : `${attempt}`] = {
      return: {
        StatusCode: 200,
        ResponseBody: { run_id: DATABRICKS_RUN_ID, run_page_url: `https://dbc-1234.cloud.databricks.com/#job/123456/run/${DATABRICKS_RUN_ID}`, state: runState(attempt) },
      },
      durationSeconds: pollSeconds,
    };
  }
  return {
    states: {
      'Preprocess: Start Run': calls
        ? record('Preprocess: Start Run', { StatusCode: 200, ResponseBody: { run_id: DATABRICKS_RUN_ID, number_in_job: 1 } })
        : { return: { StatusCode: 200, ResponseBody: { run_id: DATABRICKS_RUN_ID, number_in_job: 1 } }, durationSeconds: pollSeconds },
      'Preprocess: Get Run State': pollSequence,
      'Preprocess: Cancel Run': calls ? record('Preprocess: Cancel Run', { StatusCode: 200, ResponseBody: {} }) : { return: { StatusCode: 200, ResponseBody: {} } },
      'Featurize: Create Model': record('Featurize: Create Model', { ModelArn: `${ARN}:model/featurize` }),
      'Featurize: Run Transform Job': job('Featurize: Run Transform Job', JOB_RESULTS.featurize, SERVICE_SECONDS.featurizeJob),
      'Train: Train Model': train,
      'Score: Create Model': record('Score: Create Model', { ModelArn: `${ARN}:model/score` }),
      'Score: Run Transform Job': job('Score: Run Transform Job', JOB_RESULTS.score, SERVICE_SECONDS.scoringJob),
      'Deploy: Create Model': record('Deploy: Create Model', { ModelArn: `${ARN}:model/deploy` }),
      'Deploy: Create Endpoint Config': (call: MockCall) => {
        if (calls) (calls['Deploy: Create Endpoint Config'] ??= []).push(call.input);
        createdConfig = (call.input as any).EndpointConfigName;
        return { EndpointConfigArn: `${ARN}:endpoint-config/${createdConfig}` };
      },
      'Deploy: Find Endpoint': behaviour.endpointExists
        ? { return: describedEndpoint('InService', previousConfig) }
        : { throw: { error: 'SageMaker.SageMakerException', cause: `Could not find endpoint "${ENDPOINT_NAME}".` } },
      'Deploy: Create Endpoint': record('Deploy: Create Endpoint', { EndpointArn: `${ARN}:endpoint/${ENDPOINT_NAME}` }),
      'Deploy: Update Endpoint': record('Deploy: Update Endpoint', { EndpointArn: `${ARN}:endpoint/${ENDPOINT_NAME}` }),
      'Deploy: Check Endpoint Status': (call: MockCall) => {
        if (call.attempt < (behaviour.endpointPendingChecks ?? 1)) {
          return describedEndpoint(behaviour.endpointExists ? 'Updating' : 'Creating', behaviour.endpointExists ? previousConfig : createdConfig);
        }
        return describedEndpoint('InService', behaviour.rollback ? previousConfig : createdConfig);
      },
      'Publish Pipeline Failed': EVENT_OK,
    },
  };
}

/**
 * The number of polls that see a Databricks run still RUNNING when it takes `runSeconds`, with the default schedule
 * (first wait 30 s, doubling, capped at 5 minutes).
 */
export function pollsWhileRunning(runSeconds: number, firstWait = 30, maxWait = 300): number {
  // A poll follows each wait; the run is seen RUNNING by every poll made before it has run runSeconds.
  let waited = firstWait;
  let wait = firstWait;
  let polls = 0;
  while (waited < runSeconds) {
    polls += 1;
    wait = Math.min(wait * 2, maxWait);
    waited += wait;
  }
  return polls;
}

/** One failure scenario for the demo: the trained model misses the AUC gate (0.62 < 0.8). */
export const QUALITY_GATE_FAILURE = {
  input: HAPPY_PATH_INPUT,
  behaviour: { validationAuc: 0.62 } as FiveStageBehaviour,
  expectedError: 'Statecraft.QualityGateFailed',
};

/**
 * One set of mocks that serves several scenarios in one simulator (so state coverage adds up across them): each
 * call is answered by the mocks of the scenario named like the execution.
 */
export function mocksByExecution(scenarios: Record<string, SimulatorMocks>): SimulatorMocks {
  const stateNames = new Set(Object.values(scenarios).flatMap((mocks) => Object.keys(mocks.states ?? {})));
  const states: Record<string, (call: MockCall) => unknown> = {};
  for (const stateName of stateNames) {
    states[stateName] = async (call: MockCall) => {
      const scenario = scenarios[call.executionName];
      const mock = scenario?.states?.[stateName];
      if (mock === undefined) {
        throw new Error(`scenario '${call.executionName}' has no mock for '${stateName}'`);
      }
      const response = await evaluateMock(mock, call);
      if (response.throw) {
        throw new TaskFailure(response.throw.error, response.throw.cause ?? '');
      }
      return response.return;
    };
  }
  return { states };
}

/**
 * The scenarios the demo runs on the five-stage preset (shape of examples' DemoScenario), with realistic service
 * timing: a 40-minute Databricks run, 12- and 10-minute transforms, a 40-minute training job, an endpoint that
 * takes about 7 minutes to come up.
 */
export function fiveStageDemoScenarios() {
  const databricksRunningPolls = pollsWhileRunning(40 * 60);
  return [
    {
      name: 'happy path',
      description: 'Databricks -> scikit-learn features -> spot training (AUC 0.91 >= 0.8) -> batch scoring -> new endpoint',
      input: HAPPY_PATH_INPUT,
      mocks: fiveStageMocks({ databricksRunningPolls, endpointPendingChecks: 3 }),
      executionName: 'churn-2026-11-24',
      expected: { status: 'SUCCEEDED' as const },
    },
    {
      name: 'endpoint update',
      description: 'the endpoint exists: blue/green canary update instead of create',
      input: HAPPY_PATH_INPUT,
      mocks: fiveStageMocks({ databricksRunningPolls, endpointExists: true, endpointPendingChecks: 4 }),
      executionName: 'churn-2026-11-25',
      expected: { status: 'SUCCEEDED' as const },
    },
    {
      name: 'quality gate',
      description: 'validation AUC 0.62 misses the 0.8 gate: nothing is scored or deployed',
      input: QUALITY_GATE_FAILURE.input,
      mocks: fiveStageMocks({ ...QUALITY_GATE_FAILURE.behaviour, databricksRunningPolls }),
      executionName: 'churn-2026-11-26',
      expected: { status: 'FAILED' as const, error: QUALITY_GATE_FAILURE.expectedError },
    },
  ];
}

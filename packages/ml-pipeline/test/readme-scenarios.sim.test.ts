/**
 * Scenarios written from packages/ml-pipeline/README.md alone, as a new user would: the README's five-stage preset
 * in a fresh stack, synthesized and run locally with @statecraft/testing, checked against what the README promises
 * (output shape, parameter defaults, named errors and causes, the failure event, names, IAM).
 */
// eslint-disable-next-line import/no-extraneous-dependencies -- imported by its published name, as a README reader does
import {
  DatabricksAuth, FiveStagePipeline, MlPipeline, PipelineDefinition, TrafficRouting, TrainingStage,
} from '@statecraft/ml-pipeline';
import {
  installMatchers, MockCall, SimulatorMocks, SimulatorOptions, TaskFailure, WorkflowDefinition, WorkflowSimulator,
} from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { ChurnStack } from './support/readme-churn-stack';

installMatchers();

/**
 * A simulator for these README checks. Each workflow's coverage is proven by its own test files, so these runs write
 * no coverage report (scripts/workflow-coverage.js gates the reports).
 */
function readmeCheck(definition: WorkflowDefinition, options: SimulatorOptions = {}): WorkflowSimulator {
  return new WorkflowSimulator(definition, { ...options, writeCoverageReport: false });
}

/** The README's "The same pipeline with the preset", in a fresh stack, with the names the snippet takes as given. */
function presetPipeline() {
  const stack = new Stack(new App(), 'Churn', { env: { account: '111111111111', region: 'us-east-1' } });
  const tokenSecret = secretsmanager.Secret.fromSecretNameV2(stack, 'Token', 'databricks-token');
  const sageMakerRole = new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const errorAlarm = new cloudwatch.Alarm(stack, 'EndpointErrors', {
    metric: new cloudwatch.Metric({ namespace: 'AWS/SageMaker', metricName: 'Invocation5XXErrors' }),
    threshold: 1,
    evaluationPeriods: 1,
  });
  const sklearnImage = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3';
  const xgboostImage = '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1';
  const pipeline = new FiveStagePipeline(stack, 'Churn', {
    pipelineName: 'churn-model',
    sageMakerRole,
    rawDataUri: 's3://acme-ml-raw/churn/2026-11/',
    artifactsUri: 's3://acme-ml-artifacts/churn',
    databricks: { workspaceUrl: 'https://dbc-1234.cloud.databricks.com', auth: DatabricksAuth.personalAccessToken(tokenSecret), jobId: 123456 },
    scikitLearn: { image: sklearnImage, modelArtifacts: 's3://acme-ml-artifacts/churn/featurizer/model.tar.gz', entryPoint: 'featurize.py', sourceDir: 's3://acme-ml-artifacts/churn/featurizer/sourcedir.tar.gz' },
    training: { image: xgboostImage, hyperparameters: { objective: 'binary:logistic', num_round: '200' }, qualityGate: { metricName: 'validation:auc', threshold: 0.8 } },
    inferenceImage: xgboostImage,
    endpointName: 'churn-model',
    blueGreen: { trafficRouting: TrafficRouting.canary(10), rollbackAlarms: [errorAlarm] },
  });
  return { stack, pipeline, sageMakerRole };
}

const { stack, pipeline, sageMakerRole } = presetPipeline();
const definition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine, { name: 'readme-scenarios-five-stage' });

interface Recorded { requests: Record<string, any>; events: any[] }

/** What DescribeTrainingJob answers for a completed job started with `request` (the `.sync` result). */
function completedTrainingJob(request: any, metrics?: Array<{ MetricName: string; Value: number }>) {
  return {
    TrainingJobName: request.TrainingJobName,
    TrainingJobArn: `arn:aws:sagemaker:us-east-1:111111111111:training-job/${request.TrainingJobName}`,
    TrainingJobStatus: 'Completed',
    SecondaryStatus: 'Completed',
    AlgorithmSpecification: request.AlgorithmSpecification,
    ResourceConfig: request.ResourceConfig,
    StoppingCondition: request.StoppingCondition,
    CreationTime: 0,
    ModelArtifacts: { S3ModelArtifacts: `${request.OutputDataConfig.S3OutputPath}${request.TrainingJobName}/output/model.tar.gz` },
    ...(metrics ? { FinalMetricDataList: metrics } : {}),
  };
}

/** Healthy Databricks and SageMaker answers; `overrides` replace single states. */
function mocks(recorded: Recorded = { requests: {}, events: [] }, overrides: SimulatorMocks['states'] = {}): SimulatorMocks {
  let endpointConfigName = '';
  const record = (call: MockCall) => { recorded.requests[call.stateName] = call.input; };
  return {
    states: {
      'Preprocess: Start Run': (call: MockCall) => { record(call); return { StatusCode: 200, StatusText: 'OK', ResponseBody: { run_id: 42 } }; },
      'Preprocess: Get Run State': {
        return: {
          StatusCode: 200,
          StatusText: 'OK',
          ResponseBody: { state: { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }, run_page_url: 'https://dbc-1234.cloud.databricks.com/#job/123456/run/42' },
        },
      },
      'Train: Train Model': (call: MockCall) => {
        record(call);
        return completedTrainingJob(call.input, [{ MetricName: 'validation:auc', Value: 0.91 }]);
      },
      'Deploy: Find Endpoint': { throw: { error: 'SageMaker.ValidationException', cause: 'Could not find endpoint "churn-model".' } },
      'Deploy: Create Endpoint Config': (call: MockCall) => {
        endpointConfigName = (call.input as any).EndpointConfigName;
        return { EndpointConfigArn: `arn:aws:sagemaker:us-east-1:111111111111:endpoint-config/${endpointConfigName}` };
      },
      'Deploy: Check Endpoint Status': () => ({
        EndpointName: 'churn-model',
        EndpointArn: 'arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn-model',
        EndpointStatus: 'InService',
        EndpointConfigName: endpointConfigName,
        CreationTime: 0,
        LastModifiedTime: 0,
      }),
      ...overrides,
    },
    integrations: {
      'sagemaker:createModel': (call: MockCall) => ({ ModelArn: `arn:aws:sagemaker:us-east-1:111111111111:model/${(call.input as any).ModelName}` }),
      'sagemaker:createTransformJob': (call: MockCall) => {
        record(call);
        const request = call.input as any;
        return {
          TransformJobName: request.TransformJobName,
          TransformJobArn: `arn:aws:sagemaker:us-east-1:111111111111:transform-job/${request.TransformJobName}`,
          ModelName: request.ModelName,
          TransformInput: request.TransformInput,
          TransformOutput: request.TransformOutput,
          TransformResources: request.TransformResources,
          TransformJobStatus: 'Completed',
          CreationTime: 0,
        };
      },
      'sagemaker:createEndpoint': { return: { EndpointArn: 'arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn-model' } },
      'events:putEvents': (call: MockCall) => {
        recorded.events.push(...(call.input as any).Entries);
        return { FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] };
      },
    },
  };
}

describe('README "Input, output and defaults"', () => {
  test('Output: { runId, executionName, params, stages: { <stageName>: <stage output> } }, params the preset\'s defaults', async () => {
    const result = await readmeCheck(definition, { mocks: mocks() }).run({}, { executionName: 'churn-2026-11' });
    expect(result).toSucceed();
    const output = result.output as any;
    expect(Object.keys(output).sort()).toEqual(['executionName', 'params', 'runId', 'stages']);
    expect(output.executionName).toBe('churn-2026-11');
    // "Limits": the run id is the MD5 of the execution ARN, 32 characters.
    expect(output.runId).toMatch(/^[0-9a-f]{32}$/);
    expect(output.params).toEqual({
      trainingInstanceType: 'ml.m5.xlarge', trainingInstanceCount: 1, transformInstanceType: 'ml.m5.xlarge', endpointInstanceType: 'ml.m5.large',
    });
    // The stage table's outputs.
    expect(output.stages.Preprocess).toEqual({ runId: 42, runPageUrl: expect.any(String), outputUri: expect.stringContaining(output.runId) });
    expect(Object.keys(output.stages.Featurize).sort()).toEqual(['jobName', 'modelName', 'outputUri']);
    expect(Object.keys(output.stages.Train).sort()).toEqual(['jobName', 'metrics', 'modelArtifacts']);
    expect(Object.keys(output.stages.Score).sort()).toEqual(['jobName', 'modelName', 'outputUri']);
    expect(output.stages.Deploy).toMatchObject({ endpointName: 'churn-model', action: 'created' });
    expect(Object.keys(output.stages.Deploy).sort()).toEqual(['action', 'endpointConfigName', 'endpointName', 'modelName']);
  });

  test('given parameters are merged over the defaults and reach the stages', async () => {
    const recorded: Recorded = { requests: {}, events: [] };
    const result = await readmeCheck(definition, { mocks: mocks(recorded) })
      .run({ parameters: { trainingInstanceType: 'ml.m5.2xlarge', trainingInstanceCount: 2 } });
    expect(result).toSucceed();
    expect((result.output as any).params).toMatchObject({ trainingInstanceType: 'ml.m5.2xlarge', trainingInstanceCount: 2, endpointInstanceType: 'ml.m5.large' });
    expect(recorded.requests['Train: Train Model'].ResourceConfig).toMatchObject({ InstanceType: 'ml.m5.2xlarge', InstanceCount: 2 });
  });

  test('"Limits": job names are <prefix>-<run id>-<attempt id> within 63 characters; the idempotency token is <run id>-<stage>', async () => {
    const recorded: Recorded = { requests: {}, events: [] };
    const result = await readmeCheck(definition, { mocks: mocks(recorded) }).run({});
    const runId = (result.output as any).runId;
    const trainingJob: string = recorded.requests['Train: Train Model'].TrainingJobName;
    expect(trainingJob).toMatch(new RegExp(`^[a-z0-9-]+-${runId}-[0-9a-f]{8}$`));
    expect(trainingJob.length).toBeLessThanOrEqual(63);
    expect(recorded.requests['Train: Train Model'].Tags).toContainEqual({ Key: 'statecraft:execution', Value: result.output && (result.output as any).executionName });
    expect(recorded.requests['Preprocess: Start Run'].RequestBody.idempotency_token).toBe(`${runId}-Preprocess`);
  });

  test('"Other defaults": pipeline timeout 24 hours, STANDARD, and the run canceller on', () => {
    expect((definition.asl as any).TimeoutSeconds).toBe(24 * 3600);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineType: 'STANDARD' });
    expect(pipeline.databricksRunCanceller).toBeDefined();
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
  });

  test('DatabricksJobStage polls runs/get with backoff: 30 s doubling', async () => {
    const running = { StatusCode: 200, StatusText: 'OK', ResponseBody: { state: { life_cycle_state: 'RUNNING' }, run_page_url: 'u' } };
    const done = { StatusCode: 200, StatusText: 'OK', ResponseBody: { state: { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS' }, run_page_url: 'u' } };
    const result = await readmeCheck(definition, {
      mocks: mocks(undefined, { 'Preprocess: Get Run State': { '0-2': { return: running }, '3': { return: done } } }),
    }).run({});
    expect(result).toSucceed();
    expect(result.visited.filter((v) => v.name === 'Preprocess: Wait')).toHaveLength(4);
    // Three more checks than a run finished at the first one: waits of 60, 120 and 240 s after the first 30 s.
    const immediate = await readmeCheck(definition, { mocks: mocks() }).run({});
    expect(result.elapsedSeconds - immediate.elapsedSeconds).toBe(60 + 120 + 240);
  });
});

describe('README "Named errors"', () => {
  test('Statecraft.InvalidInput: the cause names every invalid parameters.<name>, nothing ran', async () => {
    const result = await readmeCheck(definition, { mocks: mocks() })
      .run({ parameters: { trainingInstanceCount: 'two', transformInstanceType: 5 } });
    expect(result).toFailWith('Statecraft.InvalidInput');
    expect(result.cause).toContain("Input field 'parameters.trainingInstanceCount' is invalid");
    expect(result.cause).toContain("; Input field 'parameters.transformInstanceType' is invalid");
    expect(result.taskInvocations).toEqual({});
  });

  test('Statecraft.DatabricksRunFailed (cause: the run\'s state), published first as "Statecraft ML Pipeline Failed"', async () => {
    const recorded: Recorded = { requests: {}, events: [] };
    const result = await readmeCheck(definition, {
      mocks: mocks(recorded, {
        'Preprocess: Get Run State': {
          return: { StatusCode: 200, StatusText: 'OK', ResponseBody: { state: { life_cycle_state: 'TERMINATED', result_state: 'FAILED', state_message: 'Task failed' }, run_page_url: 'u' } },
        },
      }),
    }).run({}, { executionName: 'churn-failed' });
    expect(result).toFailWith('Statecraft.DatabricksRunFailed', 'FAILED');
    expect(result.taskInvocations['sagemaker:createModel']).toBeUndefined();
    expect(recorded.events).toHaveLength(1);
    const [event] = recorded.events;
    expect(event).toMatchObject({ Source: 'statecraft.ml-pipeline', DetailType: 'Statecraft ML Pipeline Failed' });
    const detail = typeof event.Detail === 'string' ? JSON.parse(event.Detail) : event.Detail;
    expect(detail).toMatchObject({ pipelineName: 'churn-model', executionName: 'churn-failed', error: 'Statecraft.DatabricksRunFailed', cause: result.cause });
    expect(detail.executionArn).toContain(':execution:');
  });

  test('Statecraft.QualityGateFailed: the metric missed its threshold; nothing after training ran', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks(undefined, {
        'Train: Train Model': (call: MockCall) => completedTrainingJob(call.input, [{ MetricName: 'validation:auc', Value: 0.62 }]),
      }),
    }).run({});
    expect(result).toFailWith('Statecraft.QualityGateFailed', 'validation:auc');
    expect(result.visited.map((v) => v.name).filter((n) => n.startsWith('Score') || n.startsWith('Deploy'))).toEqual([]);
  });

  test('Statecraft.QualityGateFailed: the gate metric was not reported', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks(undefined, {
        'Train: Train Model': (call: MockCall) => completedTrainingJob(call.input),
      }),
    }).run({});
    expect(result).toFailWith('Statecraft.QualityGateFailed');
  });

  // The Failed description has no EndpointConfigName: SageMaker's API model (@aws-sdk/client-sagemaker,
  // DescribeEndpointOutput) marks it optional; only EndpointName, EndpointArn, EndpointStatus and the times are required.
  test('Statecraft.EndpointDeploymentFailed: the endpoint went to Failed', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks(undefined, {
        'Deploy: Check Endpoint Status': { return: { EndpointName: 'churn-model', EndpointArn: 'arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn-model', EndpointStatus: 'Failed', CreationTime: 0, LastModifiedTime: 0 } },
      }),
    }).run({});
    expect(result).toFailWith('Statecraft.EndpointDeploymentFailed', 'Failed');
  });

  test('Statecraft.EndpointDeploymentRolledBack: InService with the previous configuration', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks(undefined, {
        'Deploy: Find Endpoint': { return: { EndpointName: 'churn-model', EndpointArn: 'arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn-model', EndpointStatus: 'InService', EndpointConfigName: 'deploy-previous', CreationTime: 0, LastModifiedTime: 0 } },
        'Deploy: Update Endpoint': { return: { EndpointArn: 'arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn-model' } },
        'Deploy: Check Endpoint Status': { return: { EndpointName: 'churn-model', EndpointArn: 'arn:aws:sagemaker:us-east-1:111111111111:endpoint/churn-model', EndpointStatus: 'InService', EndpointConfigName: 'deploy-previous', CreationTime: 0, LastModifiedTime: 0 } },
      }),
    }).run({});
    expect(result).toFailWith('Statecraft.EndpointDeploymentRolledBack', 'rolled back');
  });

  test('Statecraft.ProcessFailed: any other error; cause {"Error": <original>, "Cause": "Stage <name>: <original cause>"}', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks(undefined, {
        'Featurize: Create Model': () => { throw new TaskFailure('SageMaker.ValidationException', 'Could not access model data'); },
      }),
    }).run({});
    expect(result).toFailWith('Statecraft.ProcessFailed');
    expect(JSON.parse(result.cause!)).toEqual({ Error: 'SageMaker.ValidationException', Cause: 'Stage Featurize: Could not access model data' });
  });
});

describe('README "IAM statements"', () => {
  const statements = () => Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);

  test('iam:PassRole on the SageMaker role only, to SageMaker only', () => {
    const passRole = statements().filter((s: any) => [s.Action].flat().includes('iam:PassRole'));
    expect(passRole.length).toBeGreaterThan(0);
    for (const s of passRole) {
      expect(s.Resource).toEqual(stack.resolve(sageMakerRole.roleArn));
      expect(s.Condition).toEqual({ StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } });
    }
  });

  test('SageMaker training jobs are granted on training-job/<prefix>*', () => {
    const training = statements().filter((s: any) => [s.Action].flat().some((a: string) => a.toLowerCase() === 'sagemaker:createtrainingjob'));
    expect(training.length).toBeGreaterThan(0);
    expect(JSON.stringify(training.map((s) => s.Resource))).toMatch(/training-job\/train\*/);
  });
});

describe('README "Named errors" and "Limits": Databricks deadlines', () => {
  test('Statecraft.DatabricksRunTimedOut: a run that outlives maxRuntime (default 6 hours) is cancelled first', async () => {
    const cancelled: unknown[] = [];
    const result = await readmeCheck(definition, {
      mocks: mocks(undefined, {
        'Preprocess: Get Run State': { return: { StatusCode: 200, StatusText: 'OK', ResponseBody: { state: { life_cycle_state: 'RUNNING' }, run_page_url: 'u' } } },
        'Preprocess: Cancel Run': (call: MockCall) => { cancelled.push((call.input as any).RequestBody); return { StatusCode: 200, StatusText: 'OK', ResponseBody: {} }; },
      }),
    }).run({});
    expect(result).toFailWith('Statecraft.DatabricksRunTimedOut');
    expect(cancelled).toEqual([{ run_id: 42 }]);
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(6 * 3600);
    expect(result.taskInvocations['sagemaker:createModel']).toBeUndefined();
  });
});

describe('README "Limits": synth-time errors are collected and thrown once, naming the construct path and the prop', () => {
  test('an instanceType without SageMaker\'s ml. prefix and a spot maxWait below maxRuntime', () => {
    const s = new Stack(new App(), 'Bad', { env: { account: '111111111111', region: 'us-east-1' } });
    const train = new TrainingStage('Train', {
      trainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      inputChannels: [{ channelName: 'train', s3Uri: 's3://acme-ml/churn/features/' }],
      outputUri: 's3://acme-ml/churn/models/',
      instanceType: 'm5.xlarge',
      maxRuntime: Duration.hours(4),
      spot: { maxWait: Duration.hours(2), checkpointUri: 's3://acme-ml/churn/checkpoints/' },
    });
    expect(() => new MlPipeline(s, 'Churn', {
      pipelineName: 'churn-model',
      sageMakerRole: new iam.Role(s, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
      definition: PipelineDefinition.startWith(train),
    })).toThrow(/Bad\/Churn \(2 problems\)[\s\S]*definition\.stages\[Train\]\.instanceType[\s\S]*definition\.stages\[Train\]\.spot/);
  });
});

describe('README "Example" (the stage DSL)', () => {
  // The README block itself, shared with readme-example.test.ts (test/support/readme-churn-stack.ts, verbatim).
  const dsl = new ChurnStack(new App(), 'ChurnDsl').pipeline;
  const dslDefinition = WorkflowDefinition.fromStateMachine(dsl.stateMachine, { name: 'readme-scenarios-dsl' });

  test('runs every stage; the parallel Publish gives Score and Deploy outputs; the Training job reads its parameter', async () => {
    const recorded: Recorded = { requests: {}, events: [] };
    const result = await readmeCheck(dslDefinition, { mocks: mocks(recorded) })
      .run({ parameters: { trainingInstanceType: 'ml.m5.2xlarge' } });
    expect(result).toSucceed();
    const output = result.output as any;
    expect(Object.keys(output.stages).sort()).toEqual(['Deploy', 'Featurize', 'Preprocess', 'Score', 'Train']);
    expect(output.params).toEqual({ trainingInstanceType: 'ml.m5.2xlarge' });
    expect(recorded.requests['Train: Train Model'].ResourceConfig.InstanceType).toBe('ml.m5.2xlarge');
    // "a stage object's output properties are JSONata expressions reading it": Featurize reads Preprocess's outputUri.
    const featurizeRequest = recorded.requests['Featurize: Run Transform Job'];
    expect(featurizeRequest.TransformInput.DataSource.S3DataSource.S3Uri).toBe(output.stages.Preprocess.outputUri);
    // PipelineRun.s3Uri: per-run S3 locations under the run id.
    expect(output.stages.Preprocess.outputUri).toBe(`s3://acme-ml/churn/${output.runId}/preprocessed/`);
    // run_date: "this one is the execution's start date".
    expect(recorded.requests['Preprocess: Start Run'].RequestBody.job_parameters.run_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});

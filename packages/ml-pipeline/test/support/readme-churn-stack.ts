// The README's "## Example" code block, verbatim: its imports (the path points at ../../src) at the top, the rest as
// the body of a stack's constructor, after the names it takes from the reader's app (tokenSecret, errorAlarm, ...).
// Shared by readme-example.test.ts (what it synthesizes) and readme-scenarios.sim.test.ts (how it runs).
/* eslint-disable import/no-duplicates, import/order */
import { Duration } from 'aws-cdk-lib';
import {
  DatabricksAuth, DatabricksJobStage, EndpointDeploymentStage, MlPipeline, PipelineDefinition, PipelineParameter,
  PipelineRun, ScikitLearnTransformStage, TrainingStage, BatchTransformStage, TrafficRouting,
} from '../../src';

import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

export class ChurnStack extends Stack {
  public readonly pipeline: MlPipeline;

  constructor(scope: Construct, id: string) {
    super(scope, id, { env: { account: '111111111111', region: 'us-east-1' } });
    const tokenSecret = secretsmanager.Secret.fromSecretNameV2(this, 'Token', 'databricks/token');
    const errorAlarm = cloudwatch.Alarm.fromAlarmArn(this, 'Errors', 'arn:aws:cloudwatch:us-east-1:111111111111:alarm:churn-model-errors');
    const sageMakerRole = iam.Role.fromRoleArn(this, 'SageMakerRole', 'arn:aws:iam::111111111111:role/sagemaker-execution');
    const scheduler = new iam.Role(this, 'Scheduler', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com') });

    // ---- the README block ----
    const instanceType = PipelineParameter.string('trainingInstanceType', 'ml.m5.xlarge');
    const preprocess = new DatabricksJobStage('Preprocess', {
      workspaceUrl: 'https://dbc-1234.cloud.databricks.com',
      auth: DatabricksAuth.personalAccessToken(tokenSecret),
      jobId: 123456,
      jobParameters: {
        output_uri: PipelineRun.s3Uri('s3://acme-ml/churn', 'preprocessed'),
        // Any value may be a JSONata expression; this one is the execution's start date.
        run_date: '{% $substring($states.context.Execution.StartTime, 0, 10) %}',
      },
      outputUri: PipelineRun.s3Uri('s3://acme-ml/churn', 'preprocessed'),
      maxRuntime: Duration.hours(4),
    });
    const featurize = new ScikitLearnTransformStage('Featurize', {
      inferenceImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-scikit-learn:1.2-1-cpu-py3',
      modelArtifacts: 's3://acme-ml/churn/featurizer/model.tar.gz',
      entryPoint: 'featurize.py',
      sourceDir: 's3://acme-ml/churn/featurizer/sourcedir.tar.gz',
      inputUri: preprocess.outputUri,
      outputUri: PipelineRun.s3Uri('s3://acme-ml/churn', 'features'),
    });
    const train = new TrainingStage('Train', {
      trainingImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      inputChannels: [{ channelName: 'train', s3Uri: featurize.outputUri, contentType: 'text/csv' }],
      outputUri: PipelineRun.s3Uri('s3://acme-ml/churn', 'models'),
      instanceType: instanceType.asString,
      hyperparameters: { objective: 'binary:logistic', num_round: '200' },
      maxRuntime: Duration.hours(4),
      spot: { maxWait: Duration.hours(8), checkpointUri: PipelineRun.s3Uri('s3://acme-ml/churn', 'checkpoints') },
      qualityGate: { metricName: 'validation:auc', threshold: 0.8 },
    });
    const score = new BatchTransformStage('Score', {
      inferenceImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      modelArtifacts: train.modelArtifacts,
      inputUri: featurize.outputUri,
      outputUri: PipelineRun.s3Uri('s3://acme-ml/churn', 'predictions'),
    });
    const deploy = new EndpointDeploymentStage('Deploy', {
      endpointName: 'churn-model',
      inferenceImage: '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      modelArtifacts: train.modelArtifacts,
      blueGreen: { trafficRouting: TrafficRouting.canary(10), rollbackAlarms: [errorAlarm] },
    });

    const pipeline = new MlPipeline(this, 'Churn', {
      pipelineName: 'churn-model',
      sageMakerRole,
      parameters: [instanceType],
      definition: PipelineDefinition.startWith(preprocess).next(featurize).next(train)
        .nextInParallel('Publish', [PipelineDefinition.startWith(score), PipelineDefinition.startWith(deploy)]),
      timeout: Duration.hours(12),
    });
    pipeline.grantStartExecution(scheduler);
    // ---- end of the README block ----
    this.pipeline = pipeline;
  }
}

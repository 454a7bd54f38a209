// The README's "## The DSL" code block, verbatim: its imports (the path points at ../src) at the top, the rest as the
// body of a stack's constructor, after the names it takes from the reader's app (tokenSecret, errorAlarm, ...).
/* eslint-disable import/no-duplicates, import/order */
import { Duration } from 'aws-cdk-lib';
import {
  DatabricksAuth, DatabricksJobStage, EndpointDeploymentStage, MlPipeline, PipelineDefinition, PipelineParameter,
  PipelineRun, ScikitLearnTransformStage, TrainingStage, BatchTransformStage, TrafficRouting,
} from '../src';

import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { awsSolutionsFindings } from '@statecraft/testing';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';

class ChurnStack extends Stack {
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

test('the README DSL example compiles to one pipeline (and its Databricks run canceller) with 0 unsuppressed cdk-nag findings', () => {
  const stack = new ChurnStack(new App(), 'Churn');
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const template = Template.fromStack(stack);

  // "What it builds": the pipeline, and a second state machine cancelling Databricks runs after ABORTED or TIMED_OUT.
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
  expect(stack.pipeline.databricksRunCanceller).toBeDefined();
  template.resourceCountIs('AWS::Events::Connection', 1); // one per DatabricksAuth
  const definition = JSON.stringify(template.toJSON().Resources[stack.getLogicalId(stack.pipeline.stateMachine.node.defaultChild as any)]);
  for (const state of ['Prepare Run', 'Preprocess: Start Run', 'Featurize: Run Transform Job', 'Train: Train Model', 'Publish', 'Score: Run Transform Job', 'Deploy: Create Endpoint', 'Pipeline Succeeded']) {
    expect(definition).toContain(`\\"${state}\\"`);
  }
  expect(definition).toContain('SageMaker.ResourceLimitExceededException');
  // grantStartExecution(scheduler): the scheduler's role may start the pipeline.
  template.hasResourceProperties('AWS::IAM::Policy', {
    Roles: [{ Ref: stack.getLogicalId(stack.node.findChild('Scheduler').node.defaultChild as any) }],
    PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'states:StartExecution' })]) },
  });

  const findings = awsSolutionsFindings(stack);
  expect(findings).toEqual([]);
});

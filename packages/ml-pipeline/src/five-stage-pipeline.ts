import { ProcessOptions, ProcessSchedule, ValidationErrors } from '@statecraft/process-orchestration';
import { Duration, Token } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { BlueGreenDeployment } from './blue-green-deployment';
import { DatabricksAuth } from './databricks-auth';
import { MlPipeline } from './ml-pipeline';
import { PipelineDefinition } from './pipeline-definition';
import { PipelineParameter } from './pipeline-parameter';
import { PipelineRun } from './pipeline-run';
import { BatchTransformStage } from './stages/batch-transform-stage';
import { DatabricksJobStage } from './stages/databricks-job-stage';
import { EndpointDeploymentStage } from './stages/endpoint-deployment-stage';
import { ScikitLearnTransformStage } from './stages/scikit-learn-transform-stage';
import { TrainingStage } from './stages/training-stage';
import { QualityGate, TrainingMetric } from './training-types';

const PRESET_PARAMETERS = {
  trainingInstanceType: PipelineParameter.string('trainingInstanceType', 'ml.m5.xlarge'),
  trainingInstanceCount: PipelineParameter.number('trainingInstanceCount', 1),
  transformInstanceType: PipelineParameter.string('transformInstanceType', 'ml.m5.xlarge'),
  endpointInstanceType: PipelineParameter.string('endpointInstanceType', 'ml.m5.large'),
};

/** The Databricks preprocessing job of the five-stage pipeline. */
export interface FiveStageDatabricksProps {
  /** The workspace URL, for example `https://dbc-1234.cloud.databricks.com`. */
  readonly workspaceUrl: string;
  /** How the HTTP Task authenticates. */
  readonly auth: DatabricksAuth;
  /** The job to run; it receives `input_uri` and `output_uri` job parameters and writes CSV to `output_uri`. */
  readonly jobId: number;
  /**
   * How long the run may take before it is cancelled.
   * @default Duration.hours(6)
   */
  readonly maxRuntime?: Duration;
}

/** The fitted scikit-learn preprocessing model applied to the Databricks output. */
export interface FiveStageScikitLearnProps {
  /** The scikit-learn inference image of your region. */
  readonly image: string;
  /** The fitted preprocessing model (`model.tar.gz` with the pickled transformer). */
  readonly modelArtifacts: string;
  /** The inference script (`model_fn`, `predict_fn`) inside `sourceDir`. */
  readonly entryPoint: string;
  /** The `sourcedir.tar.gz` holding `entryPoint`. */
  readonly sourceDir: string;
}

/** The training job of the five-stage pipeline. */
export interface FiveStageTrainingProps {
  /** The training image. */
  readonly image: string;
  /**
   * Hyperparameters.
   * @default - none
   */
  readonly hyperparameters?: { [key: string]: string };
  /**
   * Metrics captured from the logs.
   * @default - the algorithm's own metrics
   */
  readonly metricDefinitions?: TrainingMetric[];
  /**
   * The quality gate on a final metric.
   * @default - none
   */
  readonly qualityGate?: QualityGate;
  /**
   * Train on managed spot capacity (checkpoints under the run's `checkpoints/` folder).
   * @default true
   */
  readonly spot?: boolean;
  /**
   * The longest the job may train.
   * @default Duration.hours(4)
   */
  readonly maxRuntime?: Duration;
}

/** Props of the five-stage preset. */
export interface FiveStagePipelineProps extends ProcessOptions {
  /** The pipeline's name. */
  readonly pipelineName: string;
  /** The role SageMaker jobs, models and the endpoint run as. */
  readonly sageMakerRole: iam.IRole;
  /** The raw data the Databricks job reads (passed as its `input_uri` job parameter). */
  readonly rawDataUri: string;
  /** The S3 prefix every stage writes under, per run: `<artifactsUri>/<run id>/{preprocessed,features,models,predictions,checkpoints}/`. */
  readonly artifactsUri: string;
  /** Stage 1: Databricks preprocessing. */
  readonly databricks: FiveStageDatabricksProps;
  /** Stage 2: scikit-learn feature transform. */
  readonly scikitLearn: FiveStageScikitLearnProps;
  /** Stage 3: training. */
  readonly training: FiveStageTrainingProps;
  /** The inference image for stage 4 (batch scoring) and stage 5 (the endpoint). */
  readonly inferenceImage: string;
  /** Stage 5: the endpoint to create or update. */
  readonly endpointName: string;
  /**
   * Blue/green update with alarm rollback for the endpoint.
   * @default - SageMaker's default update
   */
  readonly blueGreen?: BlueGreenDeployment;
  /**
   * The overall execution timeout.
   * @default Duration.hours(24)
   */
  readonly timeout?: Duration;
  /**
   * The bus the failure event goes to.
   * @default - the default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * A schedule, for example nightly retraining.
   * @default - no schedule
   */
  readonly schedule?: ProcessSchedule;
  /**
   * Cancel the Databricks run of an execution that ends ABORTED or TIMED_OUT (see `MlPipelineProps`).
   * @default true
   */
  readonly cancelOrphanedDatabricksRuns?: boolean;
}

/**
 * The classic five-stage ML pipeline from a handful of props: Databricks preprocessing, a scikit-learn feature
 * transform, SageMaker training (managed spot, checkpoints, optional quality gate), batch scoring, and an endpoint
 * deployment. Instance types and counts are runtime parameters (`trainingInstanceType`, `trainingInstanceCount`,
 * `transformInstanceType`, `endpointInstanceType`) with defaults.
 */
export class FiveStagePipeline extends MlPipeline {
  /** The runtime parameters the preset declares, with their defaults. */
  public static runtimeParameters(): PipelineParameter[] {
    return Object.values(PRESET_PARAMETERS);
  }

  /** Stage 1: Databricks preprocessing. */
  public readonly preprocess: DatabricksJobStage;
  /** Stage 2: scikit-learn feature transform. */
  public readonly featurize: ScikitLearnTransformStage;
  /** Stage 3: training. */
  public readonly train: TrainingStage;
  /** Stage 4: batch scoring. */
  public readonly score: BatchTransformStage;
  /** Stage 5: endpoint deployment. */
  public readonly deploy: EndpointDeploymentStage;

  constructor(scope: Construct, id: string, props: FiveStagePipelineProps) {
    const base = props.artifactsUri.replace(/\/+$/, '');
    const p = PRESET_PARAMETERS;
    const preprocessed = PipelineRun.s3Uri(base, 'preprocessed');
    const preprocess = new DatabricksJobStage('Preprocess', {
      workspaceUrl: props.databricks.workspaceUrl,
      auth: props.databricks.auth,
      jobId: props.databricks.jobId,
      jobParameters: { input_uri: props.rawDataUri, output_uri: preprocessed },
      outputUri: preprocessed,
      maxRuntime: props.databricks.maxRuntime,
    });
    const featurize = new ScikitLearnTransformStage('Featurize', {
      inferenceImage: props.scikitLearn.image,
      modelArtifacts: props.scikitLearn.modelArtifacts,
      entryPoint: props.scikitLearn.entryPoint,
      sourceDir: props.scikitLearn.sourceDir,
      inputUri: preprocess.outputUri,
      outputUri: PipelineRun.s3Uri(base, 'features'),
      instanceType: p.transformInstanceType.asString,
    });
    const spot = props.training.spot ?? true;
    const maxRuntime = props.training.maxRuntime ?? Duration.hours(4);
    const train = new TrainingStage('Train', {
      trainingImage: props.training.image,
      inputChannels: [{ channelName: 'train', s3Uri: featurize.outputUri, contentType: 'text/csv' }],
      outputUri: PipelineRun.s3Uri(base, 'models'),
      instanceType: p.trainingInstanceType.asString,
      instanceCount: p.trainingInstanceCount.asNumber,
      hyperparameters: props.training.hyperparameters,
      metricDefinitions: props.training.metricDefinitions,
      qualityGate: props.training.qualityGate,
      maxRuntime,
      // Spot capacity may take a while: allow twice the training time in all.
      spot: spot ? { maxWait: maxRuntime.plus(maxRuntime), checkpointUri: PipelineRun.s3Uri(base, 'checkpoints') } : undefined,
    });
    const score = new BatchTransformStage('Score', {
      inferenceImage: props.inferenceImage,
      modelArtifacts: train.modelArtifacts,
      inputUri: featurize.outputUri,
      outputUri: PipelineRun.s3Uri(base, 'predictions'),
      instanceType: p.transformInstanceType.asString,
    });
    const deploy = new EndpointDeploymentStage('Deploy', {
      endpointName: props.endpointName,
      inferenceImage: props.inferenceImage,
      modelArtifacts: train.modelArtifacts,
      instanceType: p.endpointInstanceType.asString,
      blueGreen: props.blueGreen,
    });
    // The pipeline-level props (name, role, timeout, bus, schedule, ProcessOptions, ...) have MlPipelineProps' names.
    super(scope, id, {
      ...props,
      definition: PipelineDefinition.startWith(preprocess).next(featurize).next(train).next(score).next(deploy),
      parameters: Object.values(p),
    });
    const errors = new ValidationErrors(this);
    for (const [prop, uri] of [['rawDataUri', props.rawDataUri], ['artifactsUri', props.artifactsUri]]) {
      errors.addIf(!Token.isUnresolved(uri) && !/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[\w\-./=]*)?$/.test(uri), prop,
        `must be a literal s3://bucket/prefix URI (got '${uri}')`);
    }
    errors.throwIfAny();
    this.preprocess = preprocess;
    this.featurize = featurize;
    this.train = train;
    this.score = score;
    this.deploy = deploy;
  }
}

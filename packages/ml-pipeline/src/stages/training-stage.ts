import { ValidationErrors } from '@statecraft/process-orchestration';
import { Duration, Size, Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MlPipelineErrors } from '../errors';
import { PipelineStage, StageContext, StageStates } from '../pipeline-stage';
import { addTagsStatement, jobStatement, managedSyncRule, passRoleToSageMaker, sageMakerArn } from '../private/iam-statements';
import { validateInstanceType } from '../private/instance-type';
import { validateJobNamePrefix } from '../private/job-name-prefix';
import { defaultJobNamePrefix, perAttemptName } from '../private/job-names';
import { isRuntimeValue, jsonata } from '../private/jsonata';
import { EXECUTION_NAME, stageField, stageVariable } from '../private/pipeline-variables';
import { SAGEMAKER_CALLS } from '../private/retry-policies';
import { SageMakerTask } from '../private/sagemaker-task';
import { StageFailure, failWithCause } from '../private/stage-failure';
import { validateStageName } from '../private/stage-name';
import { ManagedSpotTraining, MetricComparison, QualityGate, TrainingChannel, TrainingMetric } from '../training-types';

/** SageMaker's limit on MaxRuntimeInSeconds and MaxWaitTimeInSeconds: 28 days. */
const MAX_TRAINING_RUNTIME = Duration.days(28);

/** Props of a training stage. */
export interface TrainingStageProps {
  /** The training image URI (ECR); may be a JSONata expression. */
  readonly trainingImage: string;

  /** The input channels; at least one. */
  readonly inputChannels: TrainingChannel[];

  /** The S3 prefix where SageMaker writes `model.tar.gz`. */
  readonly outputUri: string;

  /**
   * The instance type; may be a JSONata expression (`PipelineParameter.asString`).
   * @default 'ml.m5.xlarge'
   */
  readonly instanceType?: string;

  /**
   * The number of instances; may be a JSONata expression (`PipelineParameter.asNumber`).
   * @default 1
   */
  readonly instanceCount?: number;

  /**
   * The size of each instance's ML storage volume.
   * @default Size.gibibytes(30)
   */
  readonly volumeSize?: Size;

  /**
   * Hyperparameters (SageMaker takes string values); values may be JSONPath references.
   * @default - none
   */
  readonly hyperparameters?: { [key: string]: string };

  /**
   * Environment variables for the training container.
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * Metrics to capture from the container's logs (needed for a quality gate on a custom image).
   * @default - the algorithm's own metrics only
   */
  readonly metricDefinitions?: TrainingMetric[];

  /**
   * The longest the job may train (SageMaker stops it after that), at most 28 days.
   * @default Duration.hours(24)
   */
  readonly maxRuntime?: Duration;

  /**
   * Train on managed spot capacity, with checkpointing.
   * @default - on-demand capacity, no checkpoints
   */
  readonly spot?: ManagedSpotTraining;

  /**
   * Fail the pipeline with `Statecraft.QualityGateFailed` when the final metric misses a threshold.
   * @default - no quality gate
   */
  readonly qualityGate?: QualityGate;

  /**
   * The prefix of the job names (lower-case letters, digits and hyphens, at most 21 characters so that
   * `<prefix>-<32-character run id>-<8-character attempt id>` stays within SageMaker's 63).
   * @default - the stage name in lower case
   */
  readonly jobNamePrefix?: string;
}

/**
 * A SageMaker training job (`createTrainingJob.sync`), with managed spot training and checkpointing, a maximum
 * runtime, and an optional quality gate on a final metric.
 *
 * Output (`$stage<stageName>`): `{ jobName, modelArtifacts, metrics }`.
 */
export class TrainingStage extends PipelineStage {
  private readonly props: TrainingStageProps;

  constructor(stageName: string, props: TrainingStageProps) {
    super(stageName);
    this.props = props;
  }

  /** The S3 URI of the trained `model.tar.gz` (a JSONata expression). */
  public get modelArtifacts(): string {
    return jsonata(stageField(this.stageName, 'modelArtifacts'));
  }

  /** The training job's name (a JSONata expression). */
  public get jobName(): string {
    return jsonata(stageField(this.stageName, 'jobName'));
  }

  /** The prefix of this stage's job names. */
  public get jobNamePrefix(): string {
    return this.props.jobNamePrefix ?? defaultJobNamePrefix(this.stageName);
  }

  /** The training job's `MaxRuntimeInSeconds`, as a duration. */
  public get maxRuntime(): Duration {
    return this.props.maxRuntime ?? Duration.hours(24);
  }

  public validate(errors: ValidationErrors, propPrefix: string): void {
    const prop = (name: string) => `${propPrefix}.${name}`;
    validateStageName(errors, propPrefix, this.stageName);
    validateJobNamePrefix(errors, prop('jobNamePrefix'), this.props.jobNamePrefix);
    validateInstanceType(errors, prop('instanceType'), this.props.instanceType);
    const channels = this.props.inputChannels;
    errors.addIf(channels.length === 0, prop('inputChannels'), 'must have at least one channel (a training job without input data cannot start)');
    const seen = new Set<string>();
    channels.forEach((channel, i) => {
      errors.addIf(!/^[A-Za-z0-9\.\-_]{1,64}$/.test(channel.channelName), prop(`inputChannels[${i}].channelName`),
        `'${channel.channelName}' must be 1 to 64 letters, digits, '.', '-' or '_'`);
      errors.addIf(seen.has(channel.channelName), prop(`inputChannels[${i}].channelName`), `'${channel.channelName}' is used by two channels`);
      seen.add(channel.channelName);
      errors.addIf(!isRuntimeValue(channel.s3Uri) && !channel.s3Uri.startsWith('s3://'), prop(`inputChannels[${i}].s3Uri`),
        `must be an s3:// URI or a JSONata expression (got '${channel.s3Uri}')`);
    });
    errors.addIf(!isRuntimeValue(this.props.outputUri) && !this.props.outputUri.startsWith('s3://'), prop('outputUri'),
      `must be an s3:// URI or a JSONata expression (got '${this.props.outputUri}')`);
    const runtime = this.maxRuntime.toSeconds();
    errors.addIf(runtime < 1 || runtime > MAX_TRAINING_RUNTIME.toSeconds(), prop('maxRuntime'), `must be between 1 second and 28 days (got ${runtime} s)`);
    const count = this.props.instanceCount;
    errors.addIf(count !== undefined && !Token.isUnresolved(count) && !(Number.isInteger(count) && count >= 1), prop('instanceCount'),
      `must be a whole number of at least 1 (got ${count})`);
    const spot = this.props.spot;
    if (spot) {
      const wait = spot.maxWait.toSeconds();
      errors.addIf(wait < runtime || wait > MAX_TRAINING_RUNTIME.toSeconds(), prop('spot.maxWait'),
        `must be at least maxRuntime (${runtime} s) and at most 28 days (got ${wait} s): it covers waiting for spot capacity plus training`);
      errors.addIf(!isRuntimeValue(spot.checkpointUri) && !spot.checkpointUri.startsWith('s3://'), prop('spot.checkpointUri'),
        `must be an s3:// URI (got '${spot.checkpointUri}'); without checkpoints an interrupted spot job restarts from the beginning`);
    }
    const gate = this.props.qualityGate;
    if (gate) {
      errors.addIf(gate.metricName.length === 0, prop('qualityGate.metricName'), 'must not be empty');
      errors.addIf(!Number.isFinite(gate.threshold), prop('qualityGate.threshold'), `must be a finite number (got ${gate.threshold})`);
      const defined = this.props.metricDefinitions?.map((m) => m.name);
      errors.addIf(defined !== undefined && !defined.includes(gate.metricName), prop('qualityGate.metricName'),
        `'${gate.metricName}' is not in metricDefinitions (${defined?.join(', ')}); the job would never report it`);
    }
  }

  /** @internal */
  public _compile(scope: Construct, context: StageContext): StageStates {
    const name = this.stageName;
    const prefix = this.jobNamePrefix;
    const failure = new StageFailure(scope, name);
    const spot = this.props.spot;
    const jobArn = sageMakerArn(scope, 'training-job', prefix);

    const train = new SageMakerTask(scope, `${name}: Train Model`, {
      action: 'createTrainingJob',
      waitForCompletion: true,
      request: {
        TrainingJobName: perAttemptName(prefix),
        RoleArn: context.sageMakerRole.roleArn,
        AlgorithmSpecification: {
          TrainingImage: this.props.trainingImage,
          TrainingInputMode: 'File',
          ...(this.props.metricDefinitions ? {
            MetricDefinitions: this.props.metricDefinitions.map((m) => ({ Name: m.name, Regex: m.regex })),
          } : {}),
        },
        InputDataConfig: this.props.inputChannels.map((channel) => ({
          ChannelName: channel.channelName,
          DataSource: {
            S3DataSource: { S3DataType: 'S3Prefix', S3Uri: channel.s3Uri, S3DataDistributionType: 'FullyReplicated' },
          },
          ...(channel.contentType ? { ContentType: channel.contentType } : {}),
        })),
        OutputDataConfig: { S3OutputPath: this.props.outputUri },
        ResourceConfig: {
          InstanceType: this.props.instanceType ?? 'ml.m5.xlarge',
          InstanceCount: this.props.instanceCount ?? 1,
          VolumeSizeInGB: (this.props.volumeSize ?? Size.gibibytes(30)).toGibibytes(),
        },
        StoppingCondition: {
          MaxRuntimeInSeconds: this.maxRuntime.toSeconds(),
          ...(spot ? { MaxWaitTimeInSeconds: spot.maxWait.toSeconds() } : {}),
        },
        ...(spot ? {
          EnableManagedSpotTraining: true,
          CheckpointConfig: { S3Uri: spot.checkpointUri, LocalPath: spot.checkpointLocalPath ?? '/opt/ml/checkpoints' },
        } : {}),
        ...(this.props.hyperparameters ? { HyperParameters: this.props.hyperparameters } : {}),
        ...(this.props.environment ? { Environment: this.props.environment } : {}),
        Tags: [{ Key: 'statecraft:execution', Value: jsonata(EXECUTION_NAME) }],
      },
      policyStatements: [
        jobStatement(['sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:ListTags'], jobArn),
        passRoleToSageMaker(context.sageMakerRole),
        addTagsStatement([jobArn]),
        managedSyncRule(scope, 'StepFunctionsGetEventsForSageMakerTrainingJobsRule'),
      ],
      assign: {
        [stageVariable(name)]: {
          jobName: jsonata('$states.result.TrainingJobName'),
          modelArtifacts: jsonata('$states.result.ModelArtifacts.S3ModelArtifacts'),
          // A job that reported no metric has no FinalMetricDataList: an empty list, so the gate fails by name.
          ...(this.props.qualityGate ? { metrics: jsonata('$exists($states.result.FinalMetricDataList) ? $states.result.FinalMetricDataList : []') } : {}),
        },
      },
    });
    SAGEMAKER_CALLS.applyTo(train);
    failure.catchAll(train);

    const gate = this.props.qualityGate;
    if (!gate) {
      return { start: train, end: train };
    }
    return { start: train, end: this.compileQualityGate(scope, gate, train) };
  }

  /** Checks the gate's metric in `FinalMetricDataList` with one JSONata filter (a missing metric fails the gate). */
  private compileQualityGate(scope: Construct, gate: QualityGate, train: sfn.State & sfn.INextable): sfn.Pass {
    const name = this.stageName;
    const comparison = gate.comparison ?? MetricComparison.GREATER_THAN_OR_EQUAL;
    const symbol = comparison === MetricComparison.GREATER_THAN_OR_EQUAL ? '>=' : '<=';
    const metrics = stageField(name, 'metrics');
    const passes = `$count(${metrics}[MetricName = ${JSON.stringify(gate.metricName)} and Value ${symbol} ${gate.threshold}]) > 0`;
    const gateFailed = failWithCause(scope, name, 'Quality Gate Failed', MlPipelineErrors.QUALITY_GATE_FAILED,
      `'Training job ' & ${stageField(name, 'jobName')} & ${JSON.stringify(` did not pass the quality gate ${gate.metricName} ${symbol} ${gate.threshold}; final metrics: `)} & $string(${metrics})`);
    const passed = sfn.Pass.jsonata(scope, `${name}: Quality Gate Passed`);
    train.next(sfn.Choice.jsonata(scope, `${name}: Check Quality Gate`)
      .when(sfn.Condition.jsonata(jsonata(passes)), passed)
      .otherwise(gateFailed));
    return passed;
  }
}

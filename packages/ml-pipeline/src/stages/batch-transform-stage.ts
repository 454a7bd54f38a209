import { ValidationErrors } from '@statecraft/process-orchestration';
import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { PipelineStage, StageContext, StageStates } from '../pipeline-stage';
import { addTagsStatement, jobStatement, managedSyncRule, passRoleToSageMaker, sageMakerArn } from '../private/iam-statements';
import { validateInstanceType } from '../private/instance-type';
import { validateJobNamePrefix } from '../private/job-name-prefix';
import { defaultJobNamePrefix, perAttemptName, perExecutionName } from '../private/job-names';
import { isRuntimeValue, jsonata } from '../private/jsonata';
import { EXECUTION_NAME, stageField, stageVariable } from '../private/pipeline-variables';
import { SAGEMAKER_CALLS } from '../private/retry-policies';
import { SageMakerTask } from '../private/sagemaker-task';
import { StageFailure } from '../private/stage-failure';
import { validateStageName } from '../private/stage-name';

/** How a transform splits its input files into records. */
export enum TransformSplitType {
  /** Each file is one request. */
  NONE = 'None',
  /** One record per line (CSV, JSON Lines). */
  LINE = 'Line',
  /** RecordIO records. */
  RECORD_IO = 'RecordIO',
  /** TFRecord records. */
  TF_RECORD = 'TFRecord',
}

/** Props of a batch transform stage. */
export interface BatchTransformStageProps {
  /** The inference image URI (ECR); may be a JSONata expression. */
  readonly inferenceImage: string;

  /** The S3 URI of the model's `model.tar.gz`, usually a `TrainingStage`'s `modelArtifacts`. */
  readonly modelArtifacts: string;

  /** The S3 prefix of the records to transform; may be a JSONata expression. */
  readonly inputUri: string;

  /** The S3 prefix where the results are written; may be a JSONata expression. */
  readonly outputUri: string;

  /**
   * The instance type; may be a JSONata expression.
   * @default 'ml.m5.xlarge'
   */
  readonly instanceType?: string;

  /**
   * The number of instances; may be a JSONata expression.
   * @default 1
   */
  readonly instanceCount?: number;

  /**
   * The MIME type of the input records.
   * @default 'text/csv'
   */
  readonly contentType?: string;

  /**
   * How input files are split into records.
   * @default TransformSplitType.LINE
   */
  readonly splitType?: TransformSplitType;

  /**
   * Environment variables for the inference container.
   * @default - none
   */
  readonly environment?: { [key: string]: string };

  /**
   * The prefix of the model and job names (lower-case letters, digits and hyphens, at most 21 characters).
   * @default - the stage name in lower case
   */
  readonly jobNamePrefix?: string;
}

/**
 * A SageMaker batch transform (`createTransformJob.sync`) on a model created from the given artifacts and image.
 *
 * Output (`$stage<stageName>`): `{ jobName, modelName, outputUri }`.
 */
export class BatchTransformStage extends PipelineStage {
  protected readonly props: BatchTransformStageProps;

  constructor(stageName: string, props: BatchTransformStageProps) {
    super(stageName);
    this.props = props;
  }

  /** The S3 prefix holding the transform's results (a JSONata expression). */
  public get outputUri(): string {
    return jsonata(stageField(this.stageName, 'outputUri'));
  }

  /** The transform job's name (a JSONata expression). */
  public get jobName(): string {
    return jsonata(stageField(this.stageName, 'jobName'));
  }

  /** The prefix of this stage's model and job names. */
  public get jobNamePrefix(): string {
    return this.props.jobNamePrefix ?? defaultJobNamePrefix(this.stageName);
  }

  public validate(errors: ValidationErrors, propPrefix: string): void {
    validateStageName(errors, propPrefix, this.stageName);
    validateJobNamePrefix(errors, `${propPrefix}.jobNamePrefix`, this.props.jobNamePrefix);
    validateInstanceType(errors, `${propPrefix}.instanceType`, this.props.instanceType);
    for (const prop of ['inputUri', 'outputUri', 'modelArtifacts'] as const) {
      const value = this.props[prop];
      errors.addIf(!isRuntimeValue(value) && !value.startsWith('s3://'), `${propPrefix}.${prop}`,
        value === '' ? 'must not be empty: a transform needs an input channel, an output location and a model'
          : `must be an s3:// URI or a JSONata expression (got '${value}')`);
    }
    errors.addIf(!Token.isUnresolved(this.props.inferenceImage) && this.props.inferenceImage.length === 0, `${propPrefix}.inferenceImage`, 'must not be empty');
    const count = this.props.instanceCount;
    errors.addIf(count !== undefined && !Token.isUnresolved(count) && !(Number.isInteger(count) && count >= 1), `${propPrefix}.instanceCount`,
      `must be a whole number of at least 1 (got ${count})`);
  }

  /** Environment of the model's container; subclasses add their framework's settings. */
  protected containerEnvironment(): { [key: string]: string } | undefined {
    return this.props.environment;
  }

  /** @internal */
  public _compile(scope: Construct, context: StageContext): StageStates {
    const name = this.stageName;
    const prefix = this.jobNamePrefix;
    const failure = new StageFailure(scope, name);
    const modelArn = sageMakerArn(scope, 'model', prefix);
    const jobArn = sageMakerArn(scope, 'transform-job', prefix);
    // A model is created once per execution; a throttled CreateModel did not create it, so its retry reuses the name.
    const modelName = perExecutionName(prefix);
    const environment = this.containerEnvironment();
    const tags = [{ Key: 'statecraft:execution', Value: jsonata(EXECUTION_NAME) }];

    const createModel = new SageMakerTask(scope, `${name}: Create Model`, {
      action: 'createModel',
      waitForCompletion: false,
      request: {
        ModelName: modelName,
        ExecutionRoleArn: context.sageMakerRole.roleArn,
        PrimaryContainer: {
          Image: this.props.inferenceImage,
          ModelDataUrl: this.props.modelArtifacts,
          ...(environment ? { Environment: environment } : {}),
        },
        Tags: tags,
      },
      policyStatements: [
        jobStatement(['sagemaker:CreateModel'], modelArn),
        passRoleToSageMaker(context.sageMakerRole),
        addTagsStatement([modelArn]),
      ],
    });
    SAGEMAKER_CALLS.applyTo(createModel);
    failure.catchAll(createModel);

    const transform = new SageMakerTask(scope, `${name}: Run Transform Job`, {
      action: 'createTransformJob',
      waitForCompletion: true,
      request: {
        TransformJobName: perAttemptName(prefix),
        ModelName: modelName,
        TransformInput: {
          DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: this.props.inputUri } },
          ContentType: this.props.contentType ?? 'text/csv',
          SplitType: this.props.splitType ?? TransformSplitType.LINE,
        },
        TransformOutput: { S3OutputPath: this.props.outputUri, AssembleWith: 'Line' },
        TransformResources: {
          InstanceType: this.props.instanceType ?? 'ml.m5.xlarge',
          InstanceCount: this.props.instanceCount ?? 1,
        },
        Tags: tags,
      },
      policyStatements: [
        jobStatement(['sagemaker:CreateTransformJob', 'sagemaker:DescribeTransformJob', 'sagemaker:StopTransformJob', 'sagemaker:ListTags'], jobArn),
        addTagsStatement([jobArn]),
        managedSyncRule(scope, 'StepFunctionsGetEventsForSageMakerTransformJobsRule'),
      ],
      assign: {
        [stageVariable(name)]: {
          jobName: jsonata('$states.result.TransformJobName'),
          modelName: jsonata('$states.result.ModelName'),
          outputUri: jsonata('$states.result.TransformOutput.S3OutputPath'),
        },
      },
    });
    SAGEMAKER_CALLS.applyTo(transform);
    failure.catchAll(transform);

    createModel.next(transform);
    return { start: createModel, end: transform };
  }
}

import { RetryPolicy, ValidationErrors } from '@statecraft/process-orchestration';
import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { LabelingBackend, LabelingBackendBindOptions, LabelingBackendConfig } from './labeling-backend';
import { catchLabelingFailures } from './private/labeling-failures';

/** Ground Truth limits (CreateLabelingJob API reference). */
const LIMITS = {
  jobName: 63,
  title: 128,
  description: 255,
  workers: { min: 1, max: 9 },
  taskTimeLimit: { min: 30, max: 28_800 }, // 8 hours: the maximum for custom workflows and private workforces
  availability: { min: 60, max: 864_000 }, // 10 days (private workforce; 12 hours for Mechanical Turk)
  maxConcurrentTasks: { min: 1, max: 5_000 },
  keywords: { max: 5, length: 30 },
  labelAttributeName: 127,
};
const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

/** The worker task UI: an HTML template in S3, or a human task UI resource. */
export class GroundTruthUi {
  /** A Liquid HTML template at `s3://bucket/key`. */
  public static fromTemplate(bucket: s3.IBucket, key: string): GroundTruthUi {
    return new GroundTruthUi(bucket, key, undefined);
  }

  /** A human task UI ARN (the built-in templates for bounding boxes, semantic segmentation and so on). */
  public static fromHumanTaskUiArn(arn: string): GroundTruthUi {
    return new GroundTruthUi(undefined, undefined, arn);
  }

  private constructor(
    /** The template bucket, for a template UI. */
    public readonly templateBucket: s3.IBucket | undefined,
    /** The template key, for a template UI. */
    public readonly templateKey: string | undefined,
    /** The human task UI ARN, for a built-in UI. */
    public readonly humanTaskUiArn: string | undefined,
  ) {}
}

/** Props for {@link GroundTruthBackend}. */
export interface GroundTruthBackendProps {
  /** The private (or vendor) workteam's ARN. */
  readonly workteamArn: string;
  /** The worker task UI. */
  readonly ui: GroundTruthUi;
  /**
   * The pre-annotation Lambda function's ARN: an AWS-provided one for built-in task types
   * (for example `arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox`), or your own.
   */
  readonly preAnnotationLambdaArn: string;
  /** The annotation-consolidation (post-annotation) Lambda function's ARN, AWS-provided or your own. */
  readonly annotationConsolidationLambdaArn: string;
  /** Your own pre- and post-annotation functions, so the labeling role may invoke them. @default - none (AWS-provided ones) */
  readonly customLambdaFunctions?: lambda.IFunction[];
  /** The task title workers see (1 to 128 characters). */
  readonly taskTitle: string;
  /** The task description workers see (1 to 255 characters). */
  readonly taskDescription: string;
  /** Up to 5 keywords (each up to 30 characters). @default - none */
  readonly taskKeywords?: string[];
  /** The label category configuration file (`s3://` URI). @default - none (the UI template defines the labels) */
  readonly labelCategoryConfigS3Uri?: string;
  /** The attribute the labels are written under in the output manifest. @default 'label' */
  readonly labelAttributeName?: string;
  /** Workers per data object (1 to 9). @default 1 */
  readonly workersPerDataObject?: number;
  /** Time a worker has for one task (30 seconds to 8 hours). @default Duration.minutes(5) */
  readonly taskTimeLimit?: Duration;
  /** How long a task stays available to workers (1 minute to 10 days). @default Duration.days(2) */
  readonly taskAvailabilityLifetime?: Duration;
  /** Tasks offered to workers at once (1 to 5,000). @default 1000 */
  readonly maxConcurrentTaskCount?: number;
  /** The role Ground Truth assumes. @default - a role with read access to the input buckets and read/write to the output prefix */
  readonly labelingRole?: iam.IRole;
  /** A key for the job's output and the labeling volume. @default - the bucket's encryption */
  readonly outputEncryptionKey?: kms.IKey;
}

/**
 * Ground Truth labeling jobs (`sagemaker:createLabelingJob.sync`): the execution waits for the job to finish.
 *
 * Note: AWS's SageMaker documentation states that Ground Truth closed to new customers on 2026-07-30; accounts
 * that used it before can keep using it. Others use a callback backend.
 */
export class GroundTruthBackend extends LabelingBackend {
  /** The labeling role, once bound (created unless `labelingRole` was given). */
  public labelingRole?: iam.IRole;

  constructor(private readonly props: GroundTruthBackendProps) {
    super();
  }

  public validate(errors: ValidationErrors, propPrefix: string): void {
    const p = this.props;
    const add = (prop: string, problem: string) => errors.add(`${propPrefix}.${prop}`, problem);
    const range = (prop: string, value: number | undefined, limits: { min: number; max: number }, unit = '') => {
      if (value !== undefined && (!Number.isInteger(value) || value < limits.min || value > limits.max)) {
        add(prop, `${value}${unit} is out of range, Ground Truth allows ${limits.min} to ${limits.max}${unit}`);
      }
    };
    if (p.taskTitle.length < 1 || p.taskTitle.length > LIMITS.title) add('taskTitle', `must be 1 to ${LIMITS.title} characters, got ${p.taskTitle.length}`);
    if (p.taskDescription.length < 1 || p.taskDescription.length > LIMITS.description) add('taskDescription', `must be 1 to ${LIMITS.description} characters, got ${p.taskDescription.length}`);
    range('workersPerDataObject', p.workersPerDataObject, LIMITS.workers);
    const timeLimit = p.taskTimeLimit?.toSeconds();
    const availability = p.taskAvailabilityLifetime?.toSeconds();
    range('taskTimeLimit', timeLimit, LIMITS.taskTimeLimit, ' s');
    range('taskAvailabilityLifetime', availability, LIMITS.availability, ' s');
    if ((timeLimit ?? 300) > (availability ?? 172_800)) {
      add('taskTimeLimit', `${timeLimit ?? 300} s is longer than taskAvailabilityLifetime (${availability ?? 172_800} s); a task could never be finished`);
    }
    range('maxConcurrentTaskCount', p.maxConcurrentTaskCount, LIMITS.maxConcurrentTasks);
    const keywords = p.taskKeywords ?? [];
    if (keywords.length > LIMITS.keywords.max) add('taskKeywords', `at most ${LIMITS.keywords.max} keywords, got ${keywords.length}`);
    for (const k of keywords) {
      if (k.length < 1 || k.length > LIMITS.keywords.length) add('taskKeywords', `'${k}' must be 1 to ${LIMITS.keywords.length} characters`);
    }
    const attribute = p.labelAttributeName ?? 'label';
    if (!NAME_PATTERN.test(attribute) || attribute.length > LIMITS.labelAttributeName || attribute.endsWith('-metadata')) {
      add('labelAttributeName', `'${attribute}' must be letters, digits and hyphens, at most ${LIMITS.labelAttributeName} characters, not ending in '-metadata'`);
    }
    if (!Token.isUnresolved(p.workteamArn) && !/^arn:aws[a-z-]*:sagemaker:[a-z0-9-]+:\d{12}:workteam\/.+/.test(p.workteamArn)) {
      add('workteamArn', `'${p.workteamArn}' is not a workteam ARN (arn:aws:sagemaker:<region>:<account>:workteam/...)`);
    }
  }

  public bind(scope: Construct, options: LabelingBackendBindOptions): LabelingBackendConfig {
    const p = this.props;
    const stack = Stack.of(scope);
    const role = p.labelingRole ?? this.createLabelingRole(scope, options);
    this.labelingRole = role;

    const humanTaskConfig: Record<string, unknown> = {
      WorkteamArn: p.workteamArn,
      UiConfig: p.ui.humanTaskUiArn
        ? { HumanTaskUiArn: p.ui.humanTaskUiArn }
        : { UiTemplateS3Uri: `s3://${p.ui.templateBucket!.bucketName}/${p.ui.templateKey}` },
      PreHumanTaskLambdaArn: p.preAnnotationLambdaArn,
      AnnotationConsolidationConfig: { AnnotationConsolidationLambdaArn: p.annotationConsolidationLambdaArn },
      TaskTitle: p.taskTitle,
      TaskDescription: p.taskDescription,
      NumberOfHumanWorkersPerDataObject: p.workersPerDataObject ?? 1,
      TaskTimeLimitInSeconds: p.taskTimeLimit?.toSeconds() ?? 300,
      TaskAvailabilityLifetimeInSeconds: p.taskAvailabilityLifetime?.toSeconds() ?? 172_800,
      MaxConcurrentTaskCount: p.maxConcurrentTaskCount ?? 1000,
      ...(p.taskKeywords?.length ? { TaskKeywords: p.taskKeywords } : {}),
    };
    const outputPath = `s3://${options.bucket.bucketName}/${options.outputPrefix}`;
    const create = new sfn.CustomState(scope, 'Create Ground Truth Job', {
      stateJson: {
        Type: 'Task',
        QueryLanguage: 'JSONata',
        Comment: 'Creates the labeling job and waits for it (.sync)',
        Resource: `arn:${stack.partition}:states:::sagemaker:createLabelingJob.sync`,
        // Workers have the availability lifetime to pick up the last task and the time limit to finish it; a day more is slack.
        TimeoutSeconds: (p.taskAvailabilityLifetime?.toSeconds() ?? 172_800) + (p.taskTimeLimit?.toSeconds() ?? 300) + 86_400,
        Arguments: {
          LabelingJobName: '{% $job.name %}',
          LabelAttributeName: p.labelAttributeName ?? 'label',
          RoleArn: role.roleArn,
          InputConfig: {
            DataSource: { S3DataSource: { ManifestS3Uri: "{% 's3://' & $selection.manifest.bucket & '/' & $selection.manifest.key %}" } },
            DataAttributes: { ContentClassifiers: ['FreeOfPersonallyIdentifiableInformation'] },
          },
          OutputConfig: { S3OutputPath: outputPath, ...(p.outputEncryptionKey ? { KmsKeyId: p.outputEncryptionKey.keyArn } : {}) },
          HumanTaskConfig: humanTaskConfig,
          ...(p.labelCategoryConfigS3Uri ? { LabelCategoryConfigS3Uri: p.labelCategoryConfigS3Uri } : {}),
        },
        // Ground Truth writes the output manifest to <S3OutputPath><job name>/manifests/output/output.manifest.
        Output: {
          manifest: {
            bucket: options.bucket.bucketName,
            key: `{% ${JSON.stringify(options.outputPrefix)} & $states.result.LabelingJobName & '/manifests/output/output.manifest' %}`,
          },
          status: '{% $states.result.LabelingJobStatus %}',
          counters: '{% $states.result.LabelCounters %}',
        },
      },
    });
    // The optimized integration reports throttling and service errors as SageMaker.AmazonSageMakerException and the
    // job quota as SageMaker.ResourceLimitExceededException (Step Functions Developer Guide, SageMaker AI page): the
    // first is retried as throttling, the quota is waited out until other jobs finish.
    RetryPolicy.combine(
      RetryPolicy.throttling({ serviceErrors: ['SageMaker.AmazonSageMakerException'] }),
      RetryPolicy.resourceLimits({ errors: ['SageMaker.ResourceLimitExceededException'] }),
    ).applyToCustom(create);
    catchLabelingFailures(scope, create);

    const jobArn = stack.formatArn({ service: 'sagemaker', resource: 'labeling-job', resourceName: `${options.jobNamePrefix}-*` });
    const statements = [
      new iam.PolicyStatement({
        actions: ['sagemaker:CreateLabelingJob', 'sagemaker:DescribeLabelingJob', 'sagemaker:StopLabelingJob'],
        resources: [jobArn],
      }),
      new iam.PolicyStatement({
        // .sync waits on a Step Functions-managed EventBridge rule for labeling job status changes.
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [stack.formatArn({ service: 'events', resource: 'rule', resourceName: 'StepFunctionsGetEventsForSageMakerLabelingJobsRule' })],
      }),
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      }),
    ];
    return { step: create, policyStatements: statements, backendName: 'ground-truth', dataReaders: [role] };
  }

  private createLabelingRole(scope: Construct, options: LabelingBackendBindOptions): iam.Role {
    const role = new iam.Role(scope, 'GroundTruthRole', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: 'Assumed by Ground Truth to read the data objects and write the labels',
    });
    for (const bucket of options.inputBuckets) bucket.grantRead(role);
    options.bucket.grantReadWrite(role, `${options.outputPrefix}*`);
    options.bucket.grantRead(role);
    this.props.ui.templateBucket?.grantRead(role, this.props.ui.templateKey);
    this.props.outputEncryptionKey?.grantEncryptDecrypt(role);
    for (const fn of this.props.customLambdaFunctions ?? []) fn.grantInvoke(role);
    return role;
  }
}

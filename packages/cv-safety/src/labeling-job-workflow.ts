import {
  FailureHandler, InputField, InputValidation, OrchestratedProcess, ProcessOptions, ProcessOrchestrator,
  ProcessSchedule, ValidationErrors,
} from '@statecraft/process-orchestration';
import { Duration, Size } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CvSafetyEvents } from './events';
import { LabelingBackend } from './labeling-backend';
import { LabelingItemSource } from './labeling-item-source';
import { cvSafetyFailureEvent } from './private/failure-event';
import { finishLabeling } from './private/labeling-steps/finish-labeling';
import { postProcessSteps } from './private/labeling-steps/post-process';
import { checkManifestInput, selectItems } from './private/labeling-steps/select-items';
import { suppressWildcards, WILDCARD_FINDINGS } from './private/nag';
import { createSecureBucket } from './private/secure-bucket';
import { TapeCompositeFunction } from './tape-composite-function';

/** Ground Truth job names are at most 63 characters; ours are `<prefix>-<32 hex digits>`. */
const MAX_JOB_NAME = 63;
const MAX_PREFIX = MAX_JOB_NAME - 33;
const PREFIX_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

/** Props for {@link LabelingJobWorkflow}. */
export interface LabelingJobWorkflowProps extends ProcessOptions {
  /** How labeling jobs are created: `GroundTruthBackend`, `SqsCallbackBackend`, `EventBridgeCallbackBackend` or your own. */
  readonly backend: LabelingBackend;
  /**
   * Where scheduled runs find the items to label. An execution input `{ "manifest": { "bucket", "key" } }` overrides it.
   * @default - none: every execution must name a manifest
   */
  readonly itemSource?: LabelingItemSource;
  /**
   * Start the workflow on an EventBridge Scheduler schedule: `ProcessSchedule.rate(Duration.days(1))`, or
   * `ProcessSchedule.cron({ hour: '6', minute: '0', timeZone })`. Each scheduled time starts at most one execution.
   * @default - on demand only
   */
  readonly schedule?: ProcessSchedule;
  /**
   * Post-processing functions, run in order on the labeled manifest. Each receives `{ jobName, manifest: { bucket, key }, step }`
   * and returns the manifest `{ bucket, key }` it wrote (in this workflow's bucket or an input bucket).
   * @default - none
   */
  readonly postProcessors?: lambda.IFunction[];
  /**
   * Retries of a post-processing function's own errors (transient AWS errors are always retried).
   * @default 2
   */
  readonly postProcessingRetries?: number;
  /**
   * The bucket for job output, selected-item manifests, the watermark and final manifests.
   * @default - a private, TLS-only, encrypted, versioned bucket
   */
  readonly bucket?: s3.IBucket;
  /**
   * Key prefix in `bucket` for everything this workflow writes (ends with `/`).
   * @default 'labeling/'
   */
  readonly outputPrefix?: string;
  /**
   * Buckets the manifests and data objects come from (read access is granted). The item source's bucket is added.
   * @default - the item source's bucket only
   */
  readonly inputBuckets?: s3.IBucket[];
  /**
   * Job names are `<prefix>-<MD5 of the execution id>`: letters, digits and hyphens, at most 30 characters.
   * @default 'cv-labeling'
   */
  readonly jobNamePrefix?: string;
  /**
   * Where `Labeling Job Completed` and `Labeling Job Failed` events go.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * The longest a run may take, labeling included.
   * @default Duration.days(14)
   */
  readonly timeout?: Duration;
  /**
   * The process name (logs, alarms, dashboards).
   * @default 'labeling-job'
   */
  readonly processName?: string;
  /**
   * A bucket for the created bucket's server access logs.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * Creates labeling jobs on a schedule or on demand, through a pluggable backend (Ground Truth, or any tool via a
 * task-token callback), post-processes the labeled manifest, writes it to S3 and publishes a completion event.
 * Built on `ProcessOrchestrator` (logging, tracing, encryption, alarms, failure notifications).
 *
 * Input: `{}` (use the configured item source) or `{ "manifest": { "bucket": "...", "key": "..." } }`.
 * Output: `{ status: 'LABELED', jobName, itemCount, manifest }` or `{ status: 'NOTHING_TO_LABEL', itemCount: 0 }`.
 */
export class LabelingJobWorkflow extends OrchestratedProcess {
  /** The orchestrator wrapping the state machine. */
  public readonly orchestrator: ProcessOrchestrator;
  /** The bucket job output and final manifests are written to. */
  public readonly bucket: s3.IBucket;
  /** The key prefix everything is written under. */
  public readonly outputPrefix: string;
  /** The function that selects the items to label. */
  public readonly selectFunction: TapeCompositeFunction;
  /** The bus events are published to. */
  public readonly eventBus: events.IEventBus;
  /** The backend's short name (`ground-truth`, `sqs-callback`, `eventbridge-callback`). */
  public readonly backendName: string;

  private readonly readableBuckets: s3.IBucket[];
  private readonly dataReaders: iam.IGrantable[];

  constructor(scope: Construct, id: string, props: LabelingJobWorkflowProps) {
    super(scope, id);
    const errors = new ValidationErrors(this);
    const prefix = props.jobNamePrefix ?? 'cv-labeling';
    errors.addIf(!PREFIX_PATTERN.test(prefix) || prefix.length > MAX_PREFIX, 'jobNamePrefix',
      `'${prefix}' must be letters, digits and single hyphens, at most ${MAX_PREFIX} characters (a hyphen and 32 hex digits follow, and job names are at most ${MAX_JOB_NAME})`);
    const outputPrefix = props.outputPrefix ?? 'labeling/';
    errors.addIf(!/^([A-Za-z0-9!_.*'()-]+\/)+$/.test(outputPrefix), 'outputPrefix', `'${outputPrefix}' must be S3 key segments ending with '/' (for example 'labeling/')`);
    const retries = props.postProcessingRetries ?? 2;
    errors.addIf(!Number.isInteger(retries) || retries < 0 || retries > 10, 'postProcessingRetries', `${retries} must be an integer from 0 to 10`);
    props.backend.validate(errors, 'backend');
    errors.throwIfAny();

    this.outputPrefix = outputPrefix;
    this.bucket = props.bucket ?? createSecureBucket(this, 'Bucket', {
      encryptionKey: props.encryptionKey, accessLogsBucket: props.accessLogsBucket, removalPolicy: props.removalPolicy,
    });
    this.eventBus = props.eventBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    const inputBuckets = [...(props.inputBuckets ?? []), ...(props.itemSource ? [props.itemSource.bucket] : [])];
    this.readableBuckets = [this.bucket, ...inputBuckets];

    this.selectFunction = new TapeCompositeFunction(this, 'SelectItemsFunction', {
      purpose: 'Statecraft cv-safety: selects the items to label',
      // Listing and manifest writing only: no images are decoded here.
      memorySize: Size.mebibytes(256),
      encryptionKey: props.encryptionKey,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    for (const bucket of inputBuckets) bucket.grantRead(this.selectFunction.role);
    this.bucket.grantRead(this.selectFunction.role, `${outputPrefix}state/*`);
    this.bucket.grantPut(this.selectFunction.role, `${outputPrefix}input/*`);

    const backend = props.backend.bind(this, { bucket: this.bucket, outputPrefix: `${outputPrefix}jobs/`, inputBuckets: this.readableBuckets, jobNamePrefix: prefix });
    this.backendName = backend.backendName;
    this.dataReaders = backend.dataReaders ?? [];

    let labelAndFinish = sfn.Chain.start(backend.step);
    for (const step of postProcessSteps(this, props.postProcessors ?? [], retries)) labelAndFinish = labelAndFinish.next(step);
    labelAndFinish = labelAndFinish.next(finishLabeling(this, {
      bucket: this.bucket, outputPrefix, sourceBuckets: this.readableBuckets, eventBus: this.eventBus, backendName: backend.backendName,
    }));
    const body = selectItems(this, {
      selectFunction: this.selectFunction.function, itemSource: props.itemSource, bucket: this.bucket, outputPrefix, jobNamePrefix: prefix,
    }, labelAndFinish);
    // The failure handling wraps only what has side effects, so a bad input fails before any (even an event).
    const failureEvent = cvSafetyFailureEvent(this, this.eventBus, CvSafetyEvents.LABELING_JOB_FAILED);
    const definition = checkManifestInput(this, props.itemSource, new FailureHandler(this, 'Failure Handling', {
      body, handler: failureEvent, bodyStateName: 'Label Items', queryLanguage: sfn.QueryLanguage.JSONATA,
    }));

    this.orchestrator = new ProcessOrchestrator(this, 'Orchestrator', {
      ...props,
      processName: props.processName ?? 'labeling-job',
      definition,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      inputValidation: InputValidation.of([InputField.string('manifest.bucket'), InputField.string('manifest.key')]),
      timeout: props.timeout ?? Duration.days(14),
      comment: 'Statecraft LabelingJobWorkflow: select items, label them, post-process, write the final manifest',
    });
    for (const statement of backend.policyStatements) this.stateMachine.addToRolePolicy(statement);
    props.encryptionKey?.grantEncryptDecrypt(this.stateMachine);
    suppressWildcards(this.orchestrator.role, 'LambdaInvoke may call any version of the named functions; the final copy reads manifests whose keys are only known at run time and writes under the final/ prefix; Ground Truth job names carry a per-execution hash after the fixed prefix',
      [WILDCARD_FINDINGS.lambdaVersions, WILDCARD_FINDINGS.s3Objects, WILDCARD_FINDINGS.labelingJobs, WILDCARD_FINDINGS.kmsActionGroups]);
    for (const reader of this.dataReaders) {
      if (!Construct.isConstruct(reader)) continue;
      suppressWildcards(reader, 'Ground Truth reads every data object a manifest lists (keys known only at run time) and writes its output under the job prefix; CDK read/write action groups',
        [WILDCARD_FINDINGS.s3Objects, WILDCARD_FINDINGS.s3ActionGroups, WILDCARD_FINDINGS.kmsActionGroups]);
    }
  }

  /**
   * Lets the workflow label manifests and data objects from `bucket`: read access for the selection function,
   * the final copy and the backend's own readers (the Ground Truth role).
   */
  public addInputBucket(bucket: s3.IBucket): void {
    bucket.grantRead(this.selectFunction.role);
    for (const reader of this.dataReaders) bucket.grantRead(reader);
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')] }));
  }
}

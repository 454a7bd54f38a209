import { ValidationErrors } from '@statecraft/process-orchestration';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** What a {@link LabelingBackend} is given when the workflow is built. */
export interface LabelingBackendBindOptions {
  /** The workflow's bucket: backends write job output under `outputPrefix` in it. */
  readonly bucket: s3.IBucket;
  /** The key prefix (ending in `/`) for the backend's job output. */
  readonly outputPrefix: string;
  /** The buckets the data objects and manifests may come from (read access is needed to label them). */
  readonly inputBuckets: s3.IBucket[];
  /** Every job name starts with this prefix and a hyphen (for IAM resource scoping). */
  readonly jobNamePrefix: string;
}

/**
 * The labeling step a backend contributes.
 *
 * It runs with two workflow variables set: `$job` (`{ name, finalManifest }`, the unique job name) and `$selection`
 * (`{ manifest: { bucket, key }, itemCount, watermark }`, the input manifest); JSONata and JSONPath states can read
 * both. Its output must be `{ "manifest": { "bucket", "key" } }` of the labeled output manifest. It converts its
 * own failures to `Statecraft.LabelingJobFailed` or `Statecraft.LabelingTimedOut`.
 */
export interface LabelingBackendConfig {
  /** The states that create the labeling job and wait for it. */
  readonly step: sfn.IChainable;
  /** Statements the state machine's role needs beyond what the CDK tasks grant themselves. */
  readonly policyStatements: iam.PolicyStatement[];
  /** A short name for documentation and events (`ground-truth`, `sqs-callback`, `eventbridge-callback`). */
  readonly backendName: string;
  /**
   * Principals that read the data objects besides the workflow (the Ground Truth role), so input buckets added
   * later are granted to them too.
   * @default - none
   */
  readonly dataReaders?: iam.IGrantable[];
}

/**
 * How labeling jobs are created: Ground Truth, or any other labeling tool through a callback (a task token
 * handed over a queue or an event bus). Subclass it to plug in another backend.
 */
export abstract class LabelingBackend {
  /**
   * Checks the backend's configuration at synth time: records each problem in `errors` under `propPrefix`
   * (for example `backend.taskTitle`), saying what would be valid.
   */
  public abstract validate(errors: ValidationErrors, propPrefix: string): void;

  /** Builds the labeling step in `scope`. Called once per workflow. */
  public abstract bind(scope: Construct, options: LabelingBackendBindOptions): LabelingBackendConfig;
}

import { Duration } from 'aws-cdk-lib';

/** One input channel of a training job. */
export interface TrainingChannel {
  /** The channel name the algorithm reads (`train`, `validation`, ...). */
  readonly channelName: string;
  /** The S3 prefix of the channel's data; may be a JSONPath reference (an earlier stage's output). */
  readonly s3Uri: string;
  /**
   * The MIME type of the data.
   * @default - none; the algorithm decides
   */
  readonly contentType?: string;
}

/** A metric the training container prints, captured from its logs by a regular expression. */
export interface TrainingMetric {
  /** The metric's name, for example `validation:auc`. */
  readonly name: string;
  /** The regular expression whose first group is the value, for example `validation-auc:([0-9\\.]+)`. */
  readonly regex: string;
}

/** Managed spot training: up to about 90% cheaper, interrupted jobs resume from their last checkpoint. */
export interface ManagedSpotTraining {
  /**
   * How long to wait for spot capacity plus the training itself; at least the stage's `maxRuntime`.
   */
  readonly maxWait: Duration;
  /** The S3 prefix where the job's checkpoints are kept between interruptions. */
  readonly checkpointUri: string;
  /**
   * Where the container writes checkpoints.
   * @default '/opt/ml/checkpoints'
   */
  readonly checkpointLocalPath?: string;
}

/** Whether a larger or a smaller metric value is better. */
export enum MetricComparison {
  /** Passes when the metric is at least the threshold (accuracy, AUC). */
  GREATER_THAN_OR_EQUAL = 'GREATER_THAN_OR_EQUAL',
  /** Passes when the metric is at most the threshold (loss, error rate). */
  LESS_THAN_OR_EQUAL = 'LESS_THAN_OR_EQUAL',
}

/** A check on the training job's final metric; a miss fails the pipeline with `Statecraft.QualityGateFailed`. */
export interface QualityGate {
  /** The name of the metric in the job's `FinalMetricDataList`. */
  readonly metricName: string;
  /** The threshold the metric must reach. */
  readonly threshold: number;
  /**
   * Which side of the threshold passes.
   * @default MetricComparison.GREATER_THAN_OR_EQUAL
   */
  readonly comparison?: MetricComparison;
}

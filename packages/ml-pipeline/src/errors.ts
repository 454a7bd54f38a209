/**
 * The named errors an ML pipeline execution can end with. A parent workflow can `Catch` each one by name.
 */
export class MlPipelineErrors {
  /** The execution input failed validation (a field is missing, has the wrong type or an invalid value). */
  public static readonly INVALID_INPUT = 'Statecraft.InvalidInput';
  /** A Databricks run reached a terminal state other than SUCCESS (FAILED, TIMEDOUT, CANCELED, SKIPPED, INTERNAL_ERROR). */
  public static readonly DATABRICKS_RUN_FAILED = 'Statecraft.DatabricksRunFailed';
  /** A Databricks run outlived its stage's `maxRuntime`; the run was cancelled before the pipeline failed. */
  public static readonly DATABRICKS_RUN_TIMED_OUT = 'Statecraft.DatabricksRunTimedOut';
  /**
   * Raised by the pipeline's Databricks run canceller (`MlPipeline.databricksRunCanceller`), not by the pipeline: after an
   * execution ended ABORTED or TIMED_OUT, a Databricks run it started could not be cancelled (after retries), or its
   * history could not be read to the end. The cause names the execution, and each run id by stage with the error.
   */
  public static readonly DATABRICKS_CANCEL_FAILED = 'Statecraft.DatabricksCancelFailed';
  /** A training job's final metric missed the quality gate's threshold (or was not reported). */
  public static readonly QUALITY_GATE_FAILED = 'Statecraft.QualityGateFailed';
  /** The endpoint went to `Failed` while being created or updated. */
  public static readonly ENDPOINT_DEPLOYMENT_FAILED = 'Statecraft.EndpointDeploymentFailed';
  /** A blue/green update was rolled back by a CloudWatch alarm: the endpoint serves the previous configuration. */
  public static readonly ENDPOINT_DEPLOYMENT_ROLLED_BACK = 'Statecraft.EndpointDeploymentRolledBack';
  /** The endpoint did not reach `InService` within the stage's `maxWait`. */
  public static readonly ENDPOINT_DEPLOYMENT_TIMED_OUT = 'Statecraft.EndpointDeploymentTimedOut';
  /**
   * A stage's AWS or HTTP call failed with an error that is not retried (anything but throttling and resource
   * limits); the cause holds the original error and `Stage <name>: <original cause>` (raised by ProcessOrchestrator).
   */
  public static readonly PROCESS_FAILED = 'Statecraft.ProcessFailed';

  private constructor() {}
}

/** The EventBridge event an ML pipeline publishes when it fails. */
export class MlPipelineEvents {
  /** `source` of the pipeline's events. */
  public static readonly SOURCE = 'statecraft.ml-pipeline';
  /** `detail-type` of the failure event; detail: `{ pipelineName, executionArn, executionName, error, cause }`. */
  public static readonly PIPELINE_FAILED = 'Statecraft ML Pipeline Failed';

  private constructor() {}
}

/**
 * The named errors the cv-safety workflows end with (besides `Statecraft.InvalidInput`). A parent workflow can
 * `Catch` each by name.
 */
export class CvSafetyErrors {
  /** Selecting the items to label failed (the manifest is missing, or S3 kept failing). */
  public static readonly ITEM_SELECTION_FAILED = 'Statecraft.ItemSelectionFailed';
  /** The labeling backend reported a failed or stopped job, or could not create it. */
  public static readonly LABELING_JOB_FAILED = 'Statecraft.LabelingJobFailed';
  /** The labeling job (or callback tool) did not finish or send a heartbeat in time. */
  public static readonly LABELING_TIMED_OUT = 'Statecraft.LabelingTimedOut';
  /** A post-processing function failed after its retries. */
  public static readonly POST_PROCESSING_FAILED = 'Statecraft.PostProcessingFailed';
  /** The backend or a post-processing function returned no `{ bucket, key }` manifest. */
  public static readonly INVALID_LABELING_RESULT = 'Statecraft.InvalidLabelingResult';
  /** At least one camera failed this run (the others were prepared; failed cameras stay NEW and are retried next run). */
  public static readonly CAMERA_PREPARATION_FAILED = 'Statecraft.CameraPreparationFailed';

  private constructor() {}
}

/** The EventBridge `source` and `detail-type` values the cv-safety workflows publish. */
export class CvSafetyEvents {
  /** The `source` of every event. */
  public static readonly SOURCE = 'statecraft.cv-safety';
  /** A labeling job finished and its final manifest was written. */
  public static readonly LABELING_JOB_COMPLETED = 'Labeling Job Completed';
  /** A labeling workflow failed; the detail carries the error and cause. */
  public static readonly LABELING_JOB_FAILED = 'Labeling Job Failed';
  /** Sent to a callback labeling tool: label this manifest and answer the task token. */
  public static readonly LABELING_JOB_REQUESTED = 'Labeling Job Requested';
  /** A tape labeling preparation run failed; the detail carries the error and cause. */
  public static readonly TAPE_PREPARATION_FAILED = 'Tape Labeling Preparation Failed';

  private constructor() {}
}

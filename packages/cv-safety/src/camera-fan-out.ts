/** How the per-camera work fans out. */
export class CameraFanOut {
  /**
   * An inline Map (one execution history; up to 40 cameras at once, and about 25,000 history events, which
   * at about 40 events per camera suits fleets of a few hundred cameras a run).
   * @param maxConcurrency cameras prepared at once (1 to 40)
   */
  public static inline(maxConcurrency: number = 10): CameraFanOut {
    return new CameraFanOut(false, maxConcurrency);
  }

  /**
   * A Distributed Map: each camera runs as a child execution with its own history, for large fleets.
   * @param maxConcurrency cameras prepared at once (1 to 10,000)
   */
  public static distributed(maxConcurrency: number = 100): CameraFanOut {
    return new CameraFanOut(true, maxConcurrency);
  }

  private constructor(
    /** Whether a Distributed Map is used. */
    public readonly isDistributed: boolean,
    /** Cameras prepared at once. */
    public readonly maxConcurrency: number,
  ) {}
}

import { AslRetrier } from './asl-types';

/** Step Functions' retry defaults (States Language spec). */
const DEFAULT_INTERVAL_SECONDS = 1;
const DEFAULT_BACKOFF_RATE = 2;

/**
 * Seconds waited before retry number `attempt` (1-based). FULL jitter picks a random delay up to this value in AWS;
 * the simulator charges the upper bound so elapsed times are deterministic worst cases.
 */
export function retryDelaySeconds(retrier: AslRetrier, attempt: number): number {
  const interval = (retrier.IntervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * Math.pow(retrier.BackoffRate ?? DEFAULT_BACKOFF_RATE, attempt - 1);
  return retrier.MaxDelaySeconds !== undefined ? Math.min(interval, retrier.MaxDelaySeconds) : interval;
}

/**
 * Virtual time per timeline. The top level is one timeline; each Parallel branch and Map iteration is another that
 * starts at its parent's time, and the parent resumes at the latest child's time when the Parallel/Map state ends.
 */
export class VirtualClock {
  private readonly timelines = new Map<string, number>([['', 0]]);

  /** Current time of a timeline, creating it from its parent's time on first use. */
  public now(timeline: string): number {
    const known = this.timelines.get(timeline);
    if (known !== undefined) {
      return known;
    }
    const start = this.now(parentTimeline(timeline));
    this.timelines.set(timeline, start);
    return start;
  }

  public advance(timeline: string, seconds: number): void {
    this.timelines.set(timeline, this.now(timeline) + Math.max(0, seconds));
  }

  /** A Parallel/Map state on `timeline` ended: it took as long as its slowest child. */
  public join(timeline: string, childPrefix: string): void {
    let latest = this.now(timeline);
    for (const [key, time] of this.timelines) {
      if (key.startsWith(childPrefix)) {
        latest = Math.max(latest, time);
        this.timelines.delete(key);
      }
    }
    this.timelines.set(timeline, latest);
  }

  /** The latest time on any timeline: what a wall clock would show. */
  public latest(): number {
    return Math.max(...this.timelines.values());
  }

  public elapsed(): number {
    return this.now('');
  }
}

/** Timelines are written `parentTimeline/State#branch@iteration`. */
function parentTimeline(timeline: string): string {
  const cut = timeline.lastIndexOf('/');
  return cut <= 0 ? '' : timeline.slice(0, cut);
}

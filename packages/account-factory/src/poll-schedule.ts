import { ValidationErrors } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';

/** Options for an exponential poll schedule. */
export interface ExponentialPollScheduleProps {
  /**
   * When to check the first time, counted from the request.
   * @default Duration.seconds(144) (a 2-minute creation is then noticed within 20%)
   */
  readonly firstCheck?: Duration;
  /**
   * Each check happens this many times later than the previous one (counted from the request), so the
   * time the workflow needs to notice completion is at most `growth - 1` of the real time (1.2: at most 20%).
   * @default 1.2
   */
  readonly growth?: number;
  /**
   * The longest interval between two checks.
   * @default Duration.minutes(5)
   */
  readonly maxInterval?: Duration;
  /**
   * Give up (with a named timeout error) once the checks have covered this long.
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
}

/**
 * When to check an asynchronous AWS operation (account creation, account closure): checks at times that
 * grow geometrically from the request, so the delay in noticing completion stays a fixed fraction of the
 * operation's own duration, with a cap on the interval so long operations are still noticed promptly.
 * The delays are computed at synth time and written into the definition (JSONPath has no multiplication).
 */
export class PollSchedule {
  /** Checks at firstCheck, firstCheck x growth, firstCheck x growth^2 ... with intervals capped at maxInterval. */
  public static exponential(props: ExponentialPollScheduleProps = {}): PollSchedule {
    return new PollSchedule(props);
  }

  /** The waits between checks, in seconds: the first is the wait before the first check. */
  public readonly delaysSeconds: number[];
  /** The first check, in seconds after the request. */
  public readonly firstCheckSeconds: number;
  /** The growth factor of the check times. */
  public readonly growth: number;
  /** The longest interval between checks, in seconds. */
  public readonly maxIntervalSeconds: number;
  /** The total time covered by the checks, in seconds. */
  public readonly timeoutSeconds: number;

  private constructor(props: ExponentialPollScheduleProps) {
    this.firstCheckSeconds = Math.max(1, Math.round((props.firstCheck ?? Duration.seconds(144)).toSeconds()));
    this.growth = props.growth ?? 1.2;
    this.maxIntervalSeconds = Math.max(1, Math.round((props.maxInterval ?? Duration.minutes(5)).toSeconds()));
    this.timeoutSeconds = Math.round((props.timeout ?? Duration.hours(2)).toSeconds());
    const delays = [this.firstCheckSeconds];
    // Bad settings still give a finite list (every delay is at least 1 s); `validate` reports them.
    const growth = this.growth > 1 ? this.growth : 1;
    let elapsed = this.firstCheckSeconds;
    while (elapsed < this.timeoutSeconds) {
      // Floor keeps each check at or before elapsed x growth, so the notice delay never exceeds the bound.
      const delay = Math.max(1, Math.min(this.maxIntervalSeconds, Math.floor(elapsed * growth) - elapsed));
      delays.push(delay);
      elapsed += delay;
    }
    this.delaysSeconds = delays;
  }

  /** Adds this schedule's problems to `errors`, each under `propPrefix` (the prop that holds the schedule). */
  public validate(errors: ValidationErrors, propPrefix: string): void {
    errors.addIf(!(this.growth > 1 && this.growth <= 4), `${propPrefix}.growth`, `must be greater than 1 and at most 4, got ${this.growth}`);
    errors.addIf(this.timeoutSeconds < this.firstCheckSeconds, `${propPrefix}.timeout`,
      `${this.timeoutSeconds}s must be at least firstCheck (${this.firstCheckSeconds}s)`);
  }

  /** The number of checks the schedule allows before it gives up. */
  public get maxChecks(): number {
    return this.delaysSeconds.length;
  }

  /** Seconds after the request at which each check happens. */
  public checkTimesSeconds(): number[] {
    let elapsed = 0;
    return this.delaysSeconds.map((delay) => (elapsed += delay));
  }
}

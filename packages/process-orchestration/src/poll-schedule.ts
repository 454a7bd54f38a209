import { Duration } from 'aws-cdk-lib';
import { ValidationErrors } from './validation-errors';

/** Props of {@link PollSchedule.exponential}: each wait is the previous one times `backoffRate`, up to `maxWait`. */
export interface ExponentialPollProps {
  /** The wait before the first check. */
  readonly firstWait: Duration;
  /**
   * Each wait is the previous one times this.
   * @default 2
   */
  readonly backoffRate?: number;
  /** The longest wait between two checks. */
  readonly maxWait: Duration;
  /** Give up once the waits add up to this. */
  readonly deadline: Duration;
}

/** Props of {@link PollSchedule.geometricCheckTimes}: check times, counted from the request, grow by `growth`. */
export interface GeometricCheckTimesProps {
  /**
   * When to check the first time, counted from the request.
   * @default Duration.seconds(144) (a 2-minute operation is then noticed within 20%)
   */
  readonly firstCheck?: Duration;
  /**
   * Each check happens this many times later than the previous one (counted from the request), so completion is
   * noticed at most `growth - 1` of the operation's own duration late (1.2: at most 20%).
   * @default 1.2
   */
  readonly growth?: number;
  /**
   * The longest interval between two checks.
   * @default Duration.minutes(5)
   */
  readonly maxInterval?: Duration;
  /**
   * Give up once the checks have covered this long.
   * @default Duration.hours(2)
   */
  readonly timeout?: Duration;
}

/** How the next wait follows from the previous one. */
enum Growth { INTERVAL, CHECK_TIME }

/**
 * When to check an asynchronous operation: a first wait, waits that grow (capped), and a deadline on the time
 * waited. Step Functions computes each next wait in the poll's Wait state (a JSONata expression), so the loop
 * needs no state of its own for the backoff. The deadline counts the waits, not the checks' own run time
 * (an HTTP Task may take up to 60 seconds), so the real time can exceed it by those.
 *
 * @example
 * PollSchedule.exponential({ firstWait: Duration.seconds(30), maxWait: Duration.minutes(5), deadline: Duration.hours(2) })
 */
export class PollSchedule {
  /** Waits that double (or grow by `backoffRate`) from `firstWait` up to `maxWait`: for jobs of unknown length. */
  public static exponential(props: ExponentialPollProps): PollSchedule {
    return new PollSchedule(Growth.INTERVAL, props.firstWait.toSeconds(), props.backoffRate ?? 2,
      props.maxWait.toSeconds(), props.deadline.toSeconds());
  }

  /**
   * Checks at `firstCheck`, then each at `growth` times the time of the previous one (intervals at least 1 second and
   * at most `maxInterval`), so the delay in noticing completion stays a fixed fraction of the operation's duration.
   */
  public static geometricCheckTimes(props: GeometricCheckTimesProps = {}): PollSchedule {
    return new PollSchedule(Growth.CHECK_TIME,
      Math.max(1, Math.round((props.firstCheck ?? Duration.seconds(144)).toSeconds())),
      props.growth ?? 1.2,
      Math.max(1, Math.round((props.maxInterval ?? Duration.minutes(5)).toSeconds())),
      Math.round((props.timeout ?? Duration.hours(2)).toSeconds()));
  }

  private constructor(
    private readonly growthKind: Growth,
    /** The wait before the first check, in seconds. */
    public readonly firstWaitSeconds: number,
    /** The factor by which waits (`exponential`) or check times (`geometricCheckTimes`) grow. */
    public readonly growth: number,
    /** The longest wait between two checks, in seconds. */
    public readonly maxWaitSeconds: number,
    /** The time waited after which the poll gives up, in seconds. */
    public readonly deadlineSeconds: number,
  ) {}

  /**
   * Records every problem with this schedule under `propPrefix` (for example `creationPollSchedule`).
   * Wait states accept whole seconds from 0 to 99,999,999 (Amazon States Language, Wait state).
   */
  public validate(errors: ValidationErrors, propPrefix: string): void {
    const maxGrowth = this.growthKind === Growth.INTERVAL ? 10 : 4;
    errors.addIf(!(this.growth > 1 && this.growth <= maxGrowth), `${propPrefix}.${this.growthKind === Growth.INTERVAL ? 'backoffRate' : 'growth'}`,
      `${this.growth} must be greater than 1 and at most ${maxGrowth}`);
    for (const [name, seconds] of [['first wait', this.firstWaitSeconds], ['max wait', this.maxWaitSeconds]] as const) {
      errors.addIf(!Number.isInteger(seconds) || seconds < 1 || seconds > 99_999_999, propPrefix,
        `the ${name} must be whole seconds from 1 to 99,999,999, got ${seconds}`);
    }
    errors.addIf(this.deadlineSeconds < this.firstWaitSeconds, propPrefix,
      `the deadline (${this.deadlineSeconds}s) must be at least the first wait (${this.firstWaitSeconds}s)`);
  }

  /** The waits, in seconds, the poll makes before giving up: the first is the wait before the first check. */
  public delaysSeconds(): number[] {
    const delays = [this.firstWaitSeconds];
    let elapsed = this.firstWaitSeconds;
    while (elapsed < this.deadlineSeconds && delays.length < 10_000) {
      const delay = this.nextDelay(elapsed, delays[delays.length - 1]);
      delays.push(delay);
      elapsed += delay;
    }
    return delays;
  }

  /**
   * The JSONata expression of the wait after `delay` seconds that brought the time waited to `elapsed` seconds
   * (both JSONata expressions). Mirrors {@link delaysSeconds}.
   * @internal
   */
  public _nextDelayExpression(elapsed: string, delay: string): string {
    return this.growthKind === Growth.INTERVAL
      ? `$min([${this.maxWaitSeconds}, $floor(${delay} * ${this.growth})])`
      // Floor keeps each check at or before elapsed x growth, so the notice delay never exceeds the bound.
      : `$max([1, $min([${this.maxWaitSeconds}, $floor(${elapsed} * ${this.growth}) - ${elapsed}])])`;
  }

  private nextDelay(elapsed: number, delay: number): number {
    return this.growthKind === Growth.INTERVAL
      ? Math.min(this.maxWaitSeconds, Math.floor(delay * this.growth))
      : Math.max(1, Math.min(this.maxWaitSeconds, Math.floor(elapsed * this.growth) - elapsed));
  }
}

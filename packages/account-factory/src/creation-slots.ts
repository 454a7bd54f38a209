import { PollSchedule, ValidationErrors } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';

/** Props for {@link CreationSlots}. */
export interface CreationSlotsProps {
  /**
   * How many accounts may be in creation at once. Organizations allows 5 creations in progress per
   * organization, so at most 5.
   * @default 5
   */
  readonly slots?: number;
  /**
   * How long a waiting execution waits before trying for a slot again (jittered, growing to 2x this).
   * Short compared with a creation, so a freed slot is taken again quickly.
   * @default Duration.seconds(10)
   */
  readonly retryInterval?: Duration;
  /**
   * How long an execution waits for a slot before failing.
   * @default Duration.hours(12)
   */
  readonly maxWait?: Duration;
  /**
   * When a factory holding slots checks account creation (unless it sets `creationPollSchedule`). A slot is
   * held until the creation is noticed, so bulk throughput depends on noticing quickly: the first check is
   * near the typical creation time and later checks are 1.1x apart (at most 10% late, 2 minutes at most).
   * @default PollSchedule.geometricCheckTimes({ firstCheck: Duration.minutes(4), growth: 1.1, maxInterval: Duration.minutes(2) })
   */
  readonly pollSchedule?: PollSchedule;
}

/**
 * A semaphore in the tenant registry (item `#creation-slots`, a string set of the executions holding a
 * slot) that limits how many accounts are being created at once. A slot is taken just before CreateAccount
 * and given back as soon as the creation succeeds or fails, never held during the baseline or seeding, so
 * bulk onboarding keeps Organizations' 5 creations busy. Taking and giving back are idempotent (set
 * semantics), so a retry or redrive never counts an execution twice; the failure handler gives the slot back.
 */
export class CreationSlots {
  /** The registry key of the semaphore item. */
  public static readonly SEMAPHORE_KEY = '#creation-slots';

  /** A semaphore with these settings. */
  public static of(props: CreationSlotsProps = {}): CreationSlots {
    return new CreationSlots(props);
  }

  /** How many accounts may be in creation at once. */
  public readonly slots: number;
  /** The wait between tries for a slot. */
  public readonly retryInterval: Duration;
  /** How long an execution waits for a slot. */
  public readonly maxWait: Duration;
  /** The creation poll schedule for factories holding these slots. */
  public readonly pollSchedule: PollSchedule;

  private constructor(props: CreationSlotsProps) {
    this.slots = props.slots ?? 5;
    this.retryInterval = props.retryInterval ?? Duration.seconds(10);
    this.maxWait = props.maxWait ?? Duration.hours(12);
    this.pollSchedule = props.pollSchedule
      ?? PollSchedule.geometricCheckTimes({ firstCheck: Duration.minutes(4), growth: 1.1, maxInterval: Duration.minutes(2) });
  }

  /** Adds these slots' problems (and their poll schedule's) to `errors`, each under `propPrefix`. */
  public validate(errors: ValidationErrors, propPrefix: string): void {
    errors.addIf(!Number.isInteger(this.slots) || this.slots < 1 || this.slots > 5, `${propPrefix}.slots`,
      `must be an integer from 1 to 5 (Organizations allows 5 creations in progress), got ${this.slots}`);
    errors.addIf(this.retryInterval.toSeconds() < 1, `${propPrefix}.retryInterval`, `must be at least 1 second, got ${this.retryInterval.toHumanString()}`);
    this.pollSchedule.validate(errors, `${propPrefix}.pollSchedule`);
  }

  /** The number of tries for a slot that cover `maxWait`. */
  public get maxAttempts(): number {
    // Each try waits between 0 and 2x retryInterval (full jitter on a 2x cap): retryInterval on average.
    return Math.max(1, Math.ceil(this.maxWait.toSeconds() / Math.max(1, this.retryInterval.toSeconds())));
  }
}

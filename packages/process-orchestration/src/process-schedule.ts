import { Duration, TimeZone } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { ValidationErrors } from './validation-errors';

/** Options shared by every {@link ProcessSchedule}. */
export interface ProcessScheduleOptions {
  /**
   * The execution input. The scheduled time is added as `scheduledTime`.
   * @default {}
   */
  readonly input?: { [key: string]: any };
  /**
   * Let Scheduler start up to this much later, to spread load (1 to 1,440 minutes).
   * @default - no window: start on time
   */
  readonly flexibleWindow?: Duration;
  /**
   * How often Scheduler retries a failed start (0 to 185).
   * @default 3
   */
  readonly retryAttempts?: number;
  /**
   * How long Scheduler keeps retrying a start (1 minute to 24 hours).
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;
  /**
   * Keep starts that could not be delivered in an encrypted dead-letter queue.
   * @default true
   */
  readonly deadLetterQueue?: boolean;
  /**
   * Whether the schedule is on.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * A description of the schedule.
   * @default - the process name and the expression
   */
  readonly description?: string;
}

/**
 * When a process runs: an EventBridge Scheduler rate or cron expression (with a time zone). Each scheduled
 * run gets an execution name derived from its scheduled time, so a repeated delivery cannot start it twice.
 */
export class ProcessSchedule {
  /** Every `duration` (whole minutes, at least one). */
  public static rate(duration: Duration, options: ProcessScheduleOptions = {}): ProcessSchedule {
    const minutes = duration.toSeconds() / 60;
    const problems = Number.isInteger(minutes) && minutes >= 1 ? [] : [`rate ${duration.toHumanString()} must be a whole number of minutes, at least 1`];
    return new ProcessSchedule(problems.length ? undefined : scheduler.ScheduleExpression.rate(duration), `rate(${duration.toHumanString()})`, options, problems);
  }

  /** At the times a cron expression gives, in a time zone (UTC unless `timeZone` is set). */
  public static cron(cron: scheduler.CronOptionsWithTimezone, options: ProcessScheduleOptions = {}): ProcessSchedule {
    const problems: string[] = [];
    if (cron.day !== undefined && cron.weekDay !== undefined) {
      problems.push('cron: give day or weekDay, not both');
    }
    const expression = problems.length ? undefined : scheduler.ScheduleExpression.cron(cron);
    return new ProcessSchedule(expression, expression?.expressionString ?? 'cron(...)', options, problems);
  }

  /**
   * A raw Scheduler expression (`rate(1 hour)`, `cron(0 6 * * ? *)`), in a time zone.
   * @param timeZone default UTC
   */
  public static expression(expression: string, timeZone?: TimeZone, options: ProcessScheduleOptions = {}): ProcessSchedule {
    const problems = /^(rate\(\d+ (minute|minutes|hour|hours|day|days)\)|cron\(\S+( \S+){5}\))$/.test(expression)
      ? [] : [`expression '${expression}' must be rate(N unit) or cron(minutes hours day-of-month month day-of-week year)`];
    const parsed = problems.length ? undefined : scheduler.ScheduleExpression.expression(expression, timeZone);
    return new ProcessSchedule(parsed, expression, options, problems);
  }

  private constructor(
    /** @internal */
    public readonly _expression: scheduler.ScheduleExpression | undefined,
    /** The expression, as written. */
    public readonly expressionString: string,
    /** The options. */
    public readonly options: ProcessScheduleOptions,
    private readonly expressionProblems: string[],
  ) {}

  /** Records every problem with the schedule under `propPrefix` (for example `schedule`), each saying what would be valid. */
  public validate(errors: ValidationErrors, propPrefix: string): void {
    const problems = [...this.expressionProblems];
    const { flexibleWindow, retryAttempts, maxEventAge } = this.options;
    if (flexibleWindow !== undefined) {
      const minutes = flexibleWindow.toSeconds() / 60;
      if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440) {
        problems.push(`flexibleWindow ${flexibleWindow.toHumanString()} must be whole minutes from 1 to 1440`);
      }
    }
    if (retryAttempts !== undefined && (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > 185)) {
      problems.push(`retryAttempts ${retryAttempts} must be an integer from 0 to 185`);
    }
    if (maxEventAge !== undefined && (maxEventAge.toSeconds() < 60 || maxEventAge.toSeconds() > 86400)) {
      problems.push(`maxEventAge ${maxEventAge.toHumanString()} must be from 1 minute to 24 hours`);
    }
    problems.forEach((problem) => errors.add(propPrefix, problem));
  }
}

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PollSchedule } from './poll-schedule';
import { ValidationErrors } from './validation-errors';

/** One way a check can end the poll: a JSONata condition on the check's output and where to go then. */
export interface PollOutcome {
  /** A JSONata condition on the check's output (`$states.input`), for example `{% $states.input.Status = 'Completed' %}`. */
  readonly condition: string;
  /** Where the workflow goes when the condition holds. */
  readonly next: sfn.IChainable;
}

/** Props for {@link PollUntilDone}. */
export interface PollUntilDoneProps {
  /** When to check and when to give up. */
  readonly schedule: PollSchedule;
  /**
   * The state (or chain) that reads the operation's status, a Describe* or GET task, JSONata or JSONPath; its
   * output is what `outcomes` test.
   */
  readonly check: sfn.IChainable;
  /**
   * The outcomes that end the poll, tried in order after each check (done, failed, ...); the first that holds wins.
   * When none holds the poll waits again, or gives up at the deadline.
   */
  readonly outcomes: PollOutcome[];
  /**
   * The named error the poll fails with once the waits reach the schedule's deadline (a Fail state whose cause
   * gives the checks made and the seconds waited). Ignored when `onTimeout` is given.
   */
  readonly timeoutError: string;
  /**
   * Where to go at the deadline instead of failing with `timeoutError`.
   * @default - a Fail state with `timeoutError`
   */
  readonly onTimeout?: sfn.IChainable;
  /**
   * The workflow variable holding the poll's progress (`{ elapsed, delay, checks }`). Give each poll in one
   * variable scope its own name.
   * @default 'poll'
   */
  readonly variableName?: string;
  /**
   * Name of the Wait state.
   * @default - `${id}: Wait`
   */
  readonly waitStateName?: string;
  /**
   * Name of the Choice state that decides after each check.
   * @default - `${id}: Done?`
   */
  readonly decideStateName?: string;
}

/**
 * Polls an asynchronous operation: wait, check, decide (one of `outcomes`, give up at the deadline, or wait again).
 * Three JSONata states: the Wait computes the next wait itself (capped backoff in its `Seconds` and `Assign`),
 * so no state exists only to schedule. Each state declares JSONata, so the fragment fits JSONata and JSONPath
 * state machines alike.
 *
 * The poll's progress lives in a workflow variable that the state before the poll must initialise: put
 * {@link startAssign} in that state's `assign` (usually the task that starts the operation).
 *
 * @example
 * const poll = new PollUntilDone(this, 'Training', {
 *   schedule: PollSchedule.exponential({ firstWait: Duration.seconds(30), maxWait: Duration.minutes(5), deadline: Duration.hours(6) }),
 *   check: describeJob,
 *   outcomes: [
 *     { condition: "{% $states.input.Status = 'Completed' %}", next: done },
 *     { condition: "{% $states.input.Status = 'Failed' %}", next: failed },
 *   ],
 *   timeoutError: 'Statecraft.TrainingTimedOut',
 * });
 * startJob.next(poll);
 */
export class PollUntilDone extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The Wait state (the poll's entry). */
  public readonly wait: sfn.Wait;
  /** The Choice state that decides after each check. */
  public readonly decide: sfn.Choice;
  /** The variable holding the poll's progress. */
  public readonly variableName: string;
  private readonly schedule: PollSchedule;

  constructor(scope: Construct, id: string, props: PollUntilDoneProps) {
    super(scope, id);
    const errors = new ValidationErrors(this);
    props.schedule.validate(errors, 'schedule');
    errors.addIf(props.outcomes.length === 0, 'outcomes', 'give at least one outcome (when is the operation done?)');
    const variableName = props.variableName ?? 'poll';
    // Amazon States Language variable names: a letter or '_', then letters, digits and '_', up to 80 characters.
    errors.addIf(!/^[A-Za-z_][A-Za-z0-9_]{0,79}$/.test(variableName), 'variableName',
      `'${variableName}' must start with a letter or '_' and contain only letters, digits and '_' (at most 80)`);
    errors.throwIfAny();
    this.schedule = props.schedule;
    this.variableName = variableName;

    const v = `$${variableName}`;
    const elapsed = `(${v}.elapsed + ${v}.delay)`;
    this.wait = sfn.Wait.jsonata(this, props.waitStateName ?? `${id}: Wait`, {
      time: sfn.WaitTime.seconds(`{% ${v}.delay %}`),
      // Assign sees the variables as they were on entry: elapsed and the next wait both follow from this wait.
      assign: {
        [variableName]: `{% { 'elapsed': ${elapsed}, 'delay': ${props.schedule._nextDelayExpression(elapsed, `${v}.delay`)}, 'checks': ${v}.checks + 1 } %}`,
      },
    });
    const timedOut = props.onTimeout ?? sfn.Fail.jsonata(this, `${id}: Timed Out`, {
      error: props.timeoutError,
      cause: `{% 'Not done after ' & ${v}.checks & ' checks over ' & ${v}.elapsed & ' seconds' %}`,
    });
    this.decide = sfn.Choice.jsonata(this, props.decideStateName ?? `${id}: Done?`);
    for (const outcome of props.outcomes) {
      this.decide.when(sfn.Condition.jsonata(outcome.condition), outcome.next);
    }
    this.decide
      .when(sfn.Condition.jsonata(`{% ${v}.elapsed >= ${props.schedule.deadlineSeconds} %}`), timedOut)
      .otherwise(this.wait);
    this.wait.next(props.check);
    sfn.Chain.start(props.check).next(this.decide);

    this.startState = this.wait;
    // The poll continues (next()) from the open ends of its outcomes.
    this.endStates = props.outcomes.flatMap((outcome) => outcome.next.endStates)
      .filter((state, index, all) => all.indexOf(state) === index);
  }

  /**
   * What the state before the poll assigns to start it (first wait, nothing waited yet): put it in that state's
   * `assign`. The values are literals, valid in JSONata and JSONPath states alike.
   */
  public get startAssign(): { [name: string]: any } {
    return { [this.variableName]: { elapsed: 0, delay: this.schedule.firstWaitSeconds, checks: 0 } };
  }
}

import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { REFERENCE_PATH, setAt } from './private/jsonata-paths';
import { startsInJsonata } from './private/query-language';
import { RetryPolicy } from './retry-policy';
import { StatecraftErrors } from './statecraft-errors';
import { ValidationErrors } from './validation-errors';

/** One step of a {@link Saga}. */
export interface SagaStep {
  /** The step's name (unique in the saga); its state is named after it. */
  readonly name: string;
  /** What the step does: a task or any chain of states. */
  readonly action: sfn.IChainable;
  /**
   * Undoes the step; runs when a later step fails. It receives the state as it was when the failure was
   * caught, with the failure at `$.sagaFailure`. The last step's compensation never runs (no later step can
   * fail), so it is not emitted: Step Functions rejects unreachable states.
   * @default - nothing to undo
   */
  readonly compensation?: sfn.IChainable;
  /**
   * Where the step's output goes in the state, as `{ output }` (for example `$.reservation` gives
   * `$.reservation.output`), so later steps and compensations can use it.
   * @default - discarded (`JsonPath.DISCARD`): the next step sees the same input
   */
  readonly resultPath?: string;
}

/** Props for {@link Saga}. */
export interface SagaProps {
  /** The steps, in order. */
  readonly steps: SagaStep[];
  /**
   * The error the saga ends with after compensating.
   * @default StatecraftErrors.SAGA_FAILED
   */
  readonly errorName?: string;
  /**
   * Retries of each compensation before the saga gives up with `Statecraft.CompensationFailed`.
   * @default - any error, 3 retries, 2 s doubling, full jitter, at most 30 s apart
   */
  readonly compensationRetry?: RetryPolicy;
}

/** Variables the saga's catchers assign, read by its Fail states' JSONata causes. */
const FAILED_STEP = 'sagaStep';
const FAILED_COMPENSATION = 'sagaCompensation';

/**
 * Ordered steps with compensations: when a step fails, the steps that completed are compensated in reverse
 * order (each compensation retried), and the saga ends failed with `Statecraft.SagaFailed` (or `errorName`)
 * and a cause naming the step that failed and its error. If a compensation still fails after its retries,
 * the saga ends with `Statecraft.CompensationFailed`, naming that compensation.
 *
 * States: `<step>` (a Parallel running the action), `Compensate <step>`, `Saga Failed` and `Compensation Failed`.
 * A catcher records which step (or compensation) failed in a variable (`$sagaStep`, `$sagaCompensation`) and the
 * error in the state (`$.sagaFailure`, `$.compensationFailure`); the two JSONata Fail states compute their causes
 * from them. Each Parallel speaks the language of the states it wraps (JSONata actions give JSONata steps).
 */
export class Saga extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: SagaProps) {
    super(scope, id);
    const errors = new ValidationErrors(this);
    validateSteps(errors, props.steps);
    errors.throwIfAny();
    const retry = props.compensationRetry ?? RetryPolicy.custom([{
      errors: [sfn.Errors.ALL],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
      maxDelay: Duration.seconds(30),
      jitterStrategy: sfn.JitterType.FULL,
    }]);
    const sagaFailed = sfn.Fail.jsonata(this, 'Saga Failed', {
      error: props.errorName ?? StatecraftErrors.SAGA_FAILED,
      cause: `{% 'saga step ' & $${FAILED_STEP} & ' failed with ' & $states.input.sagaFailure.Error %}`,
    });
    const compensationFailed = sfn.Fail.jsonata(this, 'Compensation Failed', {
      error: StatecraftErrors.COMPENSATION_FAILED,
      cause: `{% 'compensation of saga step ' & $${FAILED_COMPENSATION} & ' failed with ' & $states.input.compensationFailure.Error`
        + ` & ' after the saga failed at step ' & $${FAILED_STEP} %}`,
    });

    // compensateFrom[i]: the first state that undoes steps i-1 .. 0 in reverse order, then fails the saga.
    const compensateFrom: sfn.State[] = [sagaFailed];
    props.steps.forEach((step, index) => {
      let undo: sfn.State = compensateFrom[index];
      const isLast = index === props.steps.length - 1;
      if (step.compensation && !isLast) {
        const compensate = wrap(this, `Compensate ${step.name}`, step.compensation);
        retry.applyToParallel(compensate);
        compensate.addCatch(compensationFailed, catchInto(step.compensation, 'compensationFailure', { [FAILED_COMPENSATION]: step.name }));
        compensate.next(undo);
        undo = compensate;
      }
      compensateFrom.push(undo);
    });

    const runs = props.steps.map((step, index) => {
      const run = wrap(this, step.name, step.action, step.resultPath);
      // The failed step did not complete, so only the steps before it are compensated.
      run.addCatch(compensateFrom[index], catchInto(step.action, 'sagaFailure', { [FAILED_STEP]: step.name }));
      return run;
    });
    runs.slice(1).forEach((run, index) => runs[index].next(run));
    this.startState = runs[0];
    this.endStates = [runs[runs.length - 1]];
  }
}

/** A Parallel around `work`, in its language, that passes its input on (with `{ output }` at `resultPath`, if any). */
function wrap(scope: Construct, name: string, work: sfn.IChainable, resultPath?: string): sfn.Parallel {
  const parallel = startsInJsonata(work)
    ? sfn.Parallel.jsonata(scope, name, { outputs: resultPath ? `{% ${setAt(resultPath, '{"output": $states.result[0]}')} %}` : '{% $states.input %}' })
    : new sfn.Parallel(scope, name, resultPath
      ? { resultSelector: { 'output.$': '$[0]' }, resultPath }
      : { resultPath: sfn.JsonPath.DISCARD });
  return parallel.branch(work);
}

/** A catcher, in the language of `work`, that keeps the state and adds the error at `field`, and assigns `assign`. */
function catchInto(work: sfn.IChainable, field: string, assign: Record<string, string>): sfn.CatchProps {
  return startsInJsonata(work)
    ? { errors: [sfn.Errors.ALL], outputs: `{% ${setAt(`$.${field}`, '$states.errorOutput')} %}`, assign }
    : { errors: [sfn.Errors.ALL], resultPath: `$.${field}`, assign };
}


function validateSteps(errors: ValidationErrors, steps: SagaStep[]): void {
  errors.addIf(steps.length === 0, 'steps', 'a saga needs at least one step');
  const names = new Set<string>();
  for (const step of steps) {
    errors.addIf(names.has(step.name), 'steps', `step '${step.name}' is declared twice; step names must be unique`);
    names.add(step.name);
    errors.addIf(!/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,50}$/.test(step.name), 'steps',
      `step '${step.name}': name must be 1-51 letters, digits, spaces, '_', '.' or '-' (state names such as 'Compensate <step>' stay under 80 characters)`);
    errors.addIf(step.resultPath !== undefined && (step.resultPath === '$' || !REFERENCE_PATH.test(step.resultPath)), 'steps',
      `step '${step.name}': resultPath '${step.resultPath}' must be a dotted path of names such as '$.reservation'`);
  }
}

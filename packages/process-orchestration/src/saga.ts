import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { RetryPolicy } from './retry-policy';
import { StatecraftErrors } from './statecraft-errors';

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

/**
 * Ordered steps with compensations: when a step fails, the steps that completed are compensated in reverse
 * order (each compensation retried), and the saga ends failed with `Statecraft.SagaFailed` (or `errorName`)
 * and a cause naming the step that failed and its error. If a compensation still fails after its retries,
 * the saga ends with `Statecraft.CompensationFailed`, naming that compensation.
 *
 * States: `<step>` (a Parallel running the action), `<step> Failed` (records which step failed),
 * `Compensate <step>`, `Compensate <step> Failed`, `Saga Failed` and `Compensation Failed`.
 */
export class Saga extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: SagaProps) {
    super(scope, id);
    const problems = sagaProblems(props);
    if (problems.length > 0) {
      throw new Error(`Invalid props for ${this.node.path}:\n${problems.map((p) => `  - steps: ${p}`).join('\n')}`);
    }
    const retry = props.compensationRetry ?? RetryPolicy.custom([{
      errors: [sfn.Errors.ALL],
      interval: Duration.seconds(2),
      maxAttempts: 3,
      backoffRate: 2,
      maxDelay: Duration.seconds(30),
      jitterStrategy: sfn.JitterType.FULL,
    }]);
    const sagaFailed = new sfn.Fail(this, 'Saga Failed', {
      error: props.errorName ?? StatecraftErrors.SAGA_FAILED,
      causePath: '$.sagaError.cause',
    });
    const compensationFailed = new sfn.Fail(this, 'Compensation Failed', {
      error: StatecraftErrors.COMPENSATION_FAILED,
      causePath: '$.sagaError.cause',
    });

    // compensateFrom[i]: the first state that undoes steps i-1 .. 0 in reverse order, then fails the saga.
    const compensateFrom: sfn.State[] = [sagaFailed];
    props.steps.forEach((step, index) => {
      let undo: sfn.State = compensateFrom[index];
      const isLast = index === props.steps.length - 1;
      if (step.compensation && !isLast) {
        const compensate = new sfn.Parallel(this, `Compensate ${step.name}`, { resultPath: sfn.JsonPath.DISCARD });
        compensate.branch(step.compensation);
        retry.applyToParallel(compensate);
        const failed = new sfn.Pass(this, `Compensate ${step.name} Failed`, {
          parameters: {
            'step': step.name,
            'cause.$': `States.Format('compensation of saga step ${step.name} failed with {} after the saga failed at step {}', $.compensationFailure.Error, $.sagaError.step)`,
          },
          resultPath: '$.sagaError',
        });
        compensate.addCatch(failed.next(compensationFailed), { errors: [sfn.Errors.ALL], resultPath: '$.compensationFailure' });
        compensate.next(undo);
        undo = compensate;
      }
      compensateFrom.push(undo);
    });

    const runs = props.steps.map((step, index) => {
      const run = new sfn.Parallel(this, step.name, step.resultPath
        ? { resultSelector: { 'output.$': '$[0]' }, resultPath: step.resultPath }
        : { resultPath: sfn.JsonPath.DISCARD });
      run.branch(step.action);
      const recordFailure = new sfn.Pass(this, `${step.name} Failed`, {
        parameters: {
          'step': step.name,
          'cause.$': `States.Format('saga step ${step.name} failed with {}', $.sagaFailure.Error)`,
        },
        resultPath: '$.sagaError',
      });
      // The failed step did not complete, so only the steps before it are compensated.
      recordFailure.next(compensateFrom[index]);
      run.addCatch(recordFailure, { errors: [sfn.Errors.ALL], resultPath: '$.sagaFailure' });
      return run;
    });
    runs.slice(1).forEach((run, index) => runs[index].next(run));
    this.startState = runs[0];
    this.endStates = [runs[runs.length - 1]];
  }
}

function sagaProblems(props: SagaProps): string[] {
  const problems: string[] = [];
  if (props.steps.length === 0) problems.push('a saga needs at least one step');
  const names = new Set<string>();
  for (const step of props.steps) {
    if (names.has(step.name)) problems.push(`step '${step.name}' is declared twice; step names must be unique`);
    names.add(step.name);
    if (!/^[A-Za-z0-9][A-Za-z0-9 _.-]{0,50}$/.test(step.name)) {
      problems.push(`step '${step.name}': name must be 1-51 letters, digits, spaces, '_', '.' or '-' (state names such as 'Compensate <step> Failed' stay under 80 characters)`);
    }
  }
  return problems;
}

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { startsInJsonata } from './private/query-language';
import { StatecraftErrors } from './statecraft-errors';

/** Props for {@link NestedProcessExecution}. */
export interface NestedProcessExecutionProps {
  /**
   * The task that starts the child and waits for it (`startExecution.sync:2`), for example from
   * `ProcessOrchestrator.startExecutionTask` (JSONPath) or `tasks.StepFunctionsStartExecution.jsonata` (JSONata).
   */
  readonly startTask: tasks.StepFunctionsStartExecution;
}

/** Cause when a named child error comes without a cause of its own. */
const CHILD_WITHOUT_CAUSE = 'the nested execution failed without a cause';
/** Cause when StartExecution itself failed without a cause. */
const START_WITHOUT_CAUSE = 'the nested execution could not be started';

/**
 * One JSONata expression over the caught error (`$states.input` is `{ Error, Cause }`), so the Fail state's
 * `Error` and `Cause` read the child's description the same way. A cause that is a JSON object is the child's
 * DescribeExecution output; any other cause is StartExecution's own error (ExecutionLimitExceeded, throttling).
 */
function failureField(pick: { named: string; unnamed: string; notStarted: string }): string {
  return [
    '{% (',
    '$caught := $states.input;',
    // A ternary, not `and`: $substring must never see a non-string, whether or not `and` short-circuits.
    "$described := $type($caught.Cause) = 'string' ? $substring($caught.Cause, 0, 1) = '{' : false;",
    '$child := $described ? $parse($caught.Cause) : {};',
    "$named := $type($child.Error) = 'string' and $child.Error != '';",
    `$described ? ($named ? ${pick.named} : ${pick.unnamed}) : ${pick.notStarted}`,
    ') %}',
  ].join(' ');
}

/**
 * Runs a nested execution and passes the child's named error up, so the parent can `Catch` it by name.
 *
 * When a child started with `startExecution.sync:2` does not succeed, AWS fails the parent's task with
 * `States.TaskFailed` and the child's DescribeExecution output, as a JSON string, in the cause (AWS Step Functions
 * Developer Guide, "Start a new AWS Step Functions state machine from a running execution" and "Service integration
 * patterns", Run a Job (.sync)). One JSONata Fail state reads that description and re-raises the child's `Error`
 * and `Cause` (`Statecraft.InvalidInput` from the child is `Statecraft.InvalidInput` in the parent). A child that
 * timed out or was aborted has no error of its own: that becomes `Statecraft.NestedExecutionFailed`, with the
 * child's description as the cause. StartExecution's own errors pass through under their own names.
 *
 * Three states: a Parallel (named like the task, plus ` (nested)`) so the parent can add a Catch or Retry to it,
 * the task, and the Fail state (` Re-raise Child Error`). The Parallel speaks the task's query language, so a
 * JSONPath task keeps JSONPath Catch fields (`resultPath`) on the Parallel and a JSONata task fits a JSONata
 * state machine; the Fail state is JSONata in both.
 */
export class NestedProcessExecution extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The Parallel state that wraps the nested execution (add Catch and Retry here). */
  public readonly parallel: sfn.Parallel;

  constructor(scope: Construct, id: string, props: NestedProcessExecutionProps) {
    super(scope, id);
    const name = props.startTask.stateId;
    const reraise = sfn.Fail.jsonata(this, `${name} Re-raise Child Error`, {
      error: failureField({
        named: '$child.Error',
        unnamed: `'${StatecraftErrors.NESTED_EXECUTION_FAILED}'`,
        notStarted: '$caught.Error',
      }),
      cause: failureField({
        named: `($type($child.Cause) = 'string' ? $child.Cause : '${CHILD_WITHOUT_CAUSE}')`,
        unnamed: '$caught.Cause',
        notStarted: `($type($caught.Cause) = 'string' and $caught.Cause != '' ? $caught.Cause : '${START_WITHOUT_CAUSE}')`,
      }),
    });
    // No ResultPath (JSONPath) or Output (JSONata): in both languages the catcher then passes the error output
    // `{ Error, Cause }` on as the next state's input.
    props.startTask.addCatch(reraise, { errors: [sfn.Errors.TASKS_FAILED] });

    const parallelName = `${name} (nested)`;
    this.parallel = startsInJsonata(props.startTask)
      ? sfn.Parallel.jsonata(this, parallelName, { outputs: '{% $states.result[0] %}' })
      : new sfn.Parallel(this, parallelName, { outputPath: '$[0]' });
    this.parallel.branch(props.startTask);
    this.startState = this.parallel;
    this.endStates = [this.parallel];
  }
}


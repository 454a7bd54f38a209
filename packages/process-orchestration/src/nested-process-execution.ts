import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { StatecraftErrors } from './statecraft-errors';

/** Props for {@link NestedProcessExecution}. */
export interface NestedProcessExecutionProps {
  /** The task that starts the child and waits for it (from `ProcessOrchestrator.startExecutionTask`). */
  readonly startTask: tasks.StepFunctionsStartExecution;
}

/**
 * Runs a nested execution and passes the child's named error up, so the parent can `Catch` it by name.
 *
 * When a child started with `startExecution.sync:2` fails, AWS fails the parent's task with
 * `States.TaskFailed` and puts the child's `Error` and `Cause` in the cause, as JSON. This fragment catches
 * that, reads the child's error, and re-raises it (`Statecraft.InvalidInput` from the child is
 * `Statecraft.InvalidInput` in the parent). A child that timed out or was aborted has no error of its own:
 * that becomes `Statecraft.NestedExecutionFailed`. Any other error of the task passes through unchanged.
 *
 * It is a Parallel state (named like the task, plus ` (nested)`) so the parent can add a Catch or Retry to it.
 */
export class NestedProcessExecution extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The Parallel state that wraps the nested execution (add Catch and Retry here). */
  public readonly parallel: sfn.Parallel;

  constructor(scope: Construct, id: string, props: NestedProcessExecutionProps) {
    super(scope, id);
    const name = props.startTask.stateId;
    const readChildError = new sfn.Pass(this, `${name} Read Child Error`, {
      parameters: { 'failure.$': 'States.StringToJson($.childFailure.Cause)' },
      resultPath: '$.child',
    });
    const reraise = new sfn.Fail(this, `${name} Re-raise Child Error`, {
      errorPath: '$.child.failure.Error',
      causePath: '$.child.failure.Cause',
    });
    const unnamed = new sfn.Fail(this, `${name} Child Did Not Succeed`, {
      error: StatecraftErrors.NESTED_EXECUTION_FAILED,
      causePath: '$.childFailure.Cause',
    });
    const reraiseWithoutCause = new sfn.Fail(this, `${name} Re-raise Child Error Without Cause`, {
      errorPath: '$.child.failure.Error',
      cause: 'the nested execution failed without a cause',
    });
    // Fail's ErrorPath and CausePath must select strings. Rules run in order, so each type check guards the next.
    const named = new sfn.Choice(this, `${name} Child Error Named?`)
      .when(sfn.Condition.isNotPresent('$.child.failure.Error'), unnamed)
      .when(sfn.Condition.not(sfn.Condition.isString('$.child.failure.Error')), unnamed)
      .when(sfn.Condition.isNotPresent('$.child.failure.Cause'), reraiseWithoutCause)
      .when(sfn.Condition.not(sfn.Condition.isString('$.child.failure.Cause')), reraiseWithoutCause)
      .otherwise(reraise);
    props.startTask.addCatch(readChildError.next(named), { errors: [sfn.Errors.TASKS_FAILED], resultPath: '$.childFailure' });

    this.parallel = new sfn.Parallel(this, `${name} (nested)`, { outputPath: '$[0]' });
    this.parallel.branch(props.startTask);
    this.startState = this.parallel;
    this.endStates = [this.parallel];
  }
}

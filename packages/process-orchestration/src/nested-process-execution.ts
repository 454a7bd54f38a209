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
    // StartExecution's own errors (ExecutionLimitExceeded, throttling after retries) also arrive here as task
    // errors, with a plain-text cause: only a cause holding the child's description (JSON) is parsed.
    const passThrough = new sfn.Fail(this, `${name} Start Failed`, {
      errorPath: '$.childFailure.Error',
      causePath: '$.childFailure.Cause',
    });
    const passThroughWithoutCause = new sfn.Fail(this, `${name} Start Failed Without Cause`, {
      errorPath: '$.childFailure.Error',
      cause: 'the nested execution could not be started',
    });
    // Rules run in order, so the presence and type checks guard the pattern match.
    const describesChild = new sfn.Choice(this, `${name} Child Described?`)
      .when(sfn.Condition.isNotPresent('$.childFailure.Cause'), passThroughWithoutCause)
      .when(sfn.Condition.not(sfn.Condition.isString('$.childFailure.Cause')), passThroughWithoutCause)
      .when(sfn.Condition.stringEquals('$.childFailure.Cause', ''), passThroughWithoutCause)
      .when(sfn.Condition.stringMatches('$.childFailure.Cause', '{*}'), readChildError)
      .otherwise(passThrough);
    const named = new sfn.Choice(this, `${name} Child Error Named?`)
      .when(sfn.Condition.isNotPresent('$.child.failure.Error'), unnamed)
      .when(sfn.Condition.not(sfn.Condition.isString('$.child.failure.Error')), unnamed)
      .when(sfn.Condition.isNotPresent('$.child.failure.Cause'), reraiseWithoutCause)
      .when(sfn.Condition.not(sfn.Condition.isString('$.child.failure.Cause')), reraiseWithoutCause)
      .otherwise(reraise);
    readChildError.next(named);
    props.startTask.addCatch(describesChild, { errors: [sfn.Errors.TASKS_FAILED], resultPath: '$.childFailure' });

    this.parallel = new sfn.Parallel(this, `${name} (nested)`, { outputPath: '$[0]' });
    this.parallel.branch(props.startTask);
    this.startState = this.parallel;
    this.endStates = [this.parallel];
  }
}

/**
 * The named errors that Statecraft workflows end with.
 *
 * Every error is `Statecraft.<Something>`, so a parent workflow can `Catch` it by name and an
 * operator can tell a Statecraft decision (bad input, a rejected approval) from an AWS fault.
 */
export class StatecraftErrors {
  /** The execution input failed validation; the cause names the field. Raised before any side effect. */
  public static readonly INVALID_INPUT = 'Statecraft.InvalidInput';
  /** A saga step failed and the completed steps were compensated; the cause names the failed step. */
  public static readonly SAGA_FAILED = 'Statecraft.SagaFailed';
  /** A saga compensation itself failed after its retries: the saga could not be fully undone. */
  public static readonly COMPENSATION_FAILED = 'Statecraft.CompensationFailed';
  /** An approver rejected an approval gate. */
  public static readonly APPROVAL_REJECTED = 'Statecraft.ApprovalRejected';
  /** Nobody answered an approval gate before its timeout. */
  public static readonly APPROVAL_TIMED_OUT = 'Statecraft.ApprovalTimedOut';
  /** A nested execution failed without a named error of its own (it timed out or was aborted). */
  public static readonly NESTED_EXECUTION_FAILED = 'Statecraft.NestedExecutionFailed';
  /**
   * A workflow with a failure handler failed with an error that is not a Statecraft error (a raw
   * `States.Timeout`, an exhausted `Lambda.ServiceException`); the cause holds the original error and cause.
   */
  public static readonly PROCESS_FAILED = 'Statecraft.ProcessFailed';
  /** A scheduled start could not start the process after its retries (the cause is the AWS error). */
  public static readonly SCHEDULED_START_FAILED = 'Statecraft.ScheduledStartFailed';
  /**
   * What an {@link ExecutionStatusHandler} reports for an execution stopped (StopExecution) without an error
   * of its own.
   */
  public static readonly EXECUTION_ABORTED = 'Statecraft.ExecutionAborted';
  /** A fan-out (Map) failed more items than it tolerates. */
  public static readonly FAN_OUT_FAILED = 'Statecraft.FanOutFailed';

  /**
   * A Statecraft error name for a domain package: `named('AccountCreationFailed')` is
   * `Statecraft.AccountCreationFailed`.
   *
   * @param name PascalCase name without the `Statecraft.` prefix
   */
  public static named(name: string): string {
    if (!/^[A-Z][A-Za-z0-9]{0,99}$/.test(name)) {
      throw new Error(`StatecraftErrors.named: '${name}' must be PascalCase letters and digits (for example 'AccountCreationFailed')`);
    }
    return `Statecraft.${name}`;
  }

  /** True when `error` is a Statecraft error name. */
  public static isStatecraftError(error: string): boolean {
    return /^Statecraft\.[A-Z][A-Za-z0-9]*$/.test(error);
  }

  private constructor() {}
}

/**
 * An error raised inside an execution, named as Step Functions names it (`States.Runtime`, `States.IntrinsicFailure`,
 * `Lambda.ServiceException`, a Fail state's `Error`). Retry and Catch match on `error`; `cause` is the text AWS would
 * put in the execution's or state's `cause`.
 */
export class StatesError extends Error {
  /**
   * @param causeMissing the error came with no cause at all (a task timeout, a task failure reported without one), so
   * the execution's failure reports none rather than an empty one.
   * @param location for a JSONata evaluation failure, the field it happened in (`Arguments`, `Output`): the
   * EvaluationFailed event's `location`
   */
  constructor(
    public readonly error: string, public readonly cause: string = '', public readonly causeMissing = false, public readonly location?: string,
  ) {
    super(cause ? `${error}: ${cause}` : error);
    this.name = 'StatesError';
  }
}

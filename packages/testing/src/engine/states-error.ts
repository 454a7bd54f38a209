/**
 * An error raised inside an execution, named as Step Functions names it (`States.Runtime`, `States.IntrinsicFailure`,
 * `Lambda.ServiceException`, a Fail state's `Error`). Retry and Catch match on `error`; `cause` is the text AWS would
 * put in the execution's or state's `cause`.
 */
export class StatesError extends Error {
  constructor(public readonly error: string, public readonly cause: string = '') {
    super(cause ? `${error}: ${cause}` : error);
    this.name = 'StatesError';
  }
}

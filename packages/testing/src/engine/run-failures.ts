import { RunCheckpoint, StopReason } from './engine-types';
import { StatesError } from './states-error';

/*
 * How a state, a branch or a whole run ends other than by succeeding: the errors the engine passes between its parts.
 */

/** Stops every fiber of a run (execution timeout, the simulator's limits). */
export class ExecutionStop extends Error {
  constructor(public readonly reason: StopReason, message: string) {
    super(message);
    this.name = 'ExecutionStop';
  }
}

/** Ends a branch or iteration because a sibling failed (AWS aborts the others). */
export class BranchAborted extends Error {
  constructor() {
    super('aborted because another branch or iteration failed');
    this.name = 'BranchAborted';
  }
}

/** A state failed: the error, and the data a redrive needs. */
export class StateFailure extends Error {
  constructor(public readonly error: string, public readonly failureCause: string | undefined, public readonly checkpoint: RunCheckpoint) {
    super(failureCause ? `${error}: ${failureCause}` : error);
    this.name = 'StateFailure';
  }
}

/** A Parallel or Map state failed because a branch or an iteration did: the error, and how each child ended. */
export class ChildFailure extends Error {
  constructor(
    public readonly error: string,
    public readonly failureCause: string | undefined,
    public readonly children: ReadonlyArray<RunCheckpoint | undefined>,
  ) {
    super(failureCause ? `${error}: ${failureCause}` : error);
    this.name = 'ChildFailure';
  }
}

/** A Fail state's error: AWS reports no error or cause when the state sets none. */
export class FailStateError extends StatesError {
  constructor(error: string | undefined, cause: string | undefined) {
    super(error ?? '', cause ?? '', cause === undefined);
  }
}

/** The cause AWS reports for an error: none when the error came without one. */
export function causeOf(error: StatesError): string | undefined {
  return error.causeMissing ? undefined : error.cause;
}

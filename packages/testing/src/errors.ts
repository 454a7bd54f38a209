/**
 * Errors thrown by @statecraft/testing itself (never by the workflow under test).
 * Each has a stable `name` so a test can assert on it.
 */

/** The definition could not be loaded: an unresolvable intrinsic, a missing state machine, an invalid ASL document. */
export class DefinitionLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionLoadError';
  }
}

/** The definition uses something the interpreter would silently get wrong (JSONata, an ItemReader without items). */
export class UnsupportedFeatureError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedFeatureError';
  }
}

/** A mock declaration is malformed (bad attempt key, neither return nor throw, unknown state name). */
export class MockConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MockConfigurationError';
  }
}

/** Raised when `redrive` is given an execution that cannot be redriven. */
export class RedriveError extends Error {
  constructor(message: string) {
    super(`Cannot redrive: ${message}`);
    this.name = 'RedriveError';
  }
}

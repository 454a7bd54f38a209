import { MockConfigurationError } from './errors';
import { Integration } from './integration';

/** What a mock is called with. */
export interface MockCall {
  /** Name of the Task state being run. */
  readonly stateName: string;
  /** The state's integration (`organizations:createAccount`, `lambda:invoke`...). */
  readonly integration: Integration;
  /** The effective input of the call (after InputPath and Parameters). */
  readonly input: unknown;
  /** 0 for this state's first invocation in this execution, counting retries and loop re-entries. */
  readonly attempt: number;
  /** The task token for `.waitForTaskToken` tasks (the value `$$.Task.Token` resolved to). */
  readonly taskToken?: string;
  readonly executionName: string;
}

/** A task error, thrown by a function mock or declared with `throw` in a response. */
export interface MockError {
  readonly error: string;
  /** @default '' */
  readonly cause?: string;
}

/** One scripted response: a return value or an error, and how long the call takes on the virtual clock. */
export interface MockResponse {
  /**
   * The task result (for `.sync` and `.waitForTaskToken` tasks: the job's final result / the token's output).
   * @default none: exactly one of return and throw is required
   */
  readonly return?: unknown;
  /**
   * The error the task fails with.
   * @default none: exactly one of return and throw is required
   */
  readonly throw?: MockError;
  /**
   * Virtual seconds the call takes; a value above the state's TimeoutSeconds fails it with States.Timeout.
   * @default 0
   */
  readonly durationSeconds?: number;
}

/** Responses keyed by attempt: `"0"`, `"1-2"`, `"3"` (the AWS Step Functions Local mock-config convention). */
export type MockSequence = Record<string, MockResponse>;

/** Computes the result; throw a `TaskFailure` to fail the task with a named error. */
export type MockFunction = (call: MockCall) => unknown;

export type Mock = MockResponse | MockSequence | MockFunction;

export interface SimulatorMocks {
  /**
   * Mocks by Task state name (takes precedence).
   * @default {}
   */
  readonly states?: Record<string, Mock>;
  /**
   * Mocks by `service:action` (e.g. `organizations:createAccount`) or by full Resource ARN.
   * @default {}
   */
  readonly integrations?: Record<string, Mock>;
}

/** Thrown by a function mock to fail the task with a named error, as the service would. */
export class TaskFailure extends Error {
  constructor(public readonly error: string, public readonly failureCause = '') {
    super(failureCause);
    this.name = error;
  }
}

const ATTEMPT_KEY = /^(\d+)(?:-(\d+))?$/;
const RESPONSE_KEYS = new Set(['return', 'throw', 'durationSeconds']);

/** True when the object is a sequence keyed by attempt rather than a single response. */
function isSequence(mock: MockResponse | MockSequence): mock is MockSequence {
  const keys = Object.keys(mock);
  return keys.length > 0 && keys.every((key) => ATTEMPT_KEY.test(key));
}

/** Checks a mock's shape up front so a typo fails at construction, naming where it is. */
export function validateMock(mock: Mock, where: string): void {
  if (typeof mock === 'function') {
    return;
  }
  if (mock === null || typeof mock !== 'object') {
    throw new MockConfigurationError(`Mock ${where} must be a response, a sequence keyed by attempt, or a function`);
  }
  const responses = isSequence(mock) ? Object.entries(mock).map(([key, response]) => [`${where}["${key}"]`, response] as const) : [[where, mock] as const];
  for (const [place, response] of responses) {
    const unknownKeys = Object.keys(response).filter((key) => !RESPONSE_KEYS.has(key));
    if (unknownKeys.length > 0) {
      throw new MockConfigurationError(
        `Mock ${place} has unknown keys [${unknownKeys.join(', ')}]; a response has return, throw and durationSeconds, ` +
        'a sequence is keyed by attempt ("0", "1-2")',
      );
    }
    if (('return' in response) === ('throw' in response)) {
      throw new MockConfigurationError(`Mock ${place} must have exactly one of return or throw`);
    }
    if (response.throw && typeof response.throw.error !== 'string') {
      throw new MockConfigurationError(`Mock ${place}.throw.error must be the error name (a string)`);
    }
  }
}

/** The response scripted for this attempt, or undefined when the sequence has none for it. */
export function responseForAttempt(mock: MockResponse | MockSequence, attempt: number): MockResponse | undefined {
  if (!isSequence(mock)) {
    return mock;
  }
  for (const [key, response] of Object.entries(mock)) {
    const [, from, to] = ATTEMPT_KEY.exec(key)!;
    if (attempt >= Number(from) && attempt <= Number(to ?? from)) {
      return response;
    }
  }
  return undefined;
}

/** The mock serving a state: by state name, then by Resource ARN, then by `service:action`. */
export function findMock(mocks: SimulatorMocks, stateName: string, integration: Integration): Mock | undefined {
  return mocks.states?.[stateName] ?? mocks.integrations?.[integration.resource] ?? mocks.integrations?.[integration.key];
}

/**
 * Runs a mock for one call and returns the response it scripts: synchronously when the mock answers synchronously (a
 * run awaits nothing it does not have to), else a promise.
 */
export function evaluateMock(mock: Mock, call: MockCall): MockResponse | Promise<MockResponse> {
  if (typeof mock === 'function') {
    let returned: unknown;
    try {
      returned = mock(call);
    } catch (error) {
      return failedResponse(error);
    }
    if (isThenable(returned)) {
      return Promise.resolve(returned).then((value) => ({ return: value }), failedResponse);
    }
    return { return: returned };
  }
  const response = responseForAttempt(mock, call.attempt);
  if (!response) {
    throw new MockConfigurationError(
      `Mock for '${call.stateName}' has no response for attempt ${call.attempt} (keys: ${Object.keys(mock).join(', ')})`,
    );
  }
  return response;
}

/** A TaskFailure thrown by a function mock fails the task with its name; anything else is a broken mock. */
function failedResponse(error: unknown): MockResponse {
  if (error instanceof TaskFailure) {
    return { throw: { error: error.error, cause: error.failureCause } };
  }
  throw error;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

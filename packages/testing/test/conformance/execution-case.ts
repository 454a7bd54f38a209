import { S3ObjectSource, WorkflowDefinition, WorkflowSimulator } from '../../src';

/** Feature areas the lead counts cases by. */
export type FeatureArea =
  | 'intrinsics' | 'jsonata' | 'jsonata-functions' | 'variables' | 'jsonpath' | 'choice' | 'map-parallel'
  | 'context-object' | 'retry-catch' | 'errors' | 'validation' | 'item-reader' | 'result-writer' | 'wait';

/** One documented behaviour exercised by running a state machine through the public API. */
export interface ExecutionCase {
  readonly area: FeatureArea;
  readonly title: string;
  /** `page — section` of the AWS documentation the behaviour comes from. */
  readonly source: string;
  readonly asl: Record<string, unknown>;
  readonly input?: unknown;
  /** Mocks by state name, as `new WorkflowSimulator(definition, { mocks: { states } })` takes them. */
  readonly mocks?: Record<string, unknown>;
  /** Mocked S3 objects for ItemReader and ResultWriter (a fresh source per run). */
  readonly s3?: () => S3ObjectSource;
  /** `$$.Execution.Name`; default 'conformance-execution'. */
  readonly executionName?: string;
  readonly expected: {
    readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
    readonly output?: unknown;
    readonly error?: string;
    /** Only where AWS documents the cause's text. */
    readonly cause?: string;
    /** Virtual seconds from start to end (Wait states, retry intervals, mock durations). */
    readonly elapsedSeconds?: number;
  };
}

/** A Lambda invoke result as `arn:aws:states:::lambda:invoke` returns it (developer guide, Invoke an AWS Lambda function). */
export function lambdaResult(payload: unknown): { return: unknown } {
  return { return: { Payload: payload, StatusCode: 200, ExecutedVersion: '$LATEST' } };
}

export const LAMBDA_INVOKE_ARN = 'arn:aws:states:::lambda:invoke';
export const FUNCTION_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:conformance';

/** A one-state machine around `state` (named 'S'), ending there unless the state says otherwise. */
export function single(state: Record<string, unknown>, top: Record<string, unknown> = {}): Record<string, unknown> {
  const ends = state.Type === 'Succeed' || state.Type === 'Fail' || state.Type === 'Choice' || 'Next' in state || 'End' in state;
  return { ...top, StartAt: 'S', States: { S: ends ? state : { ...state, End: true } } };
}

export async function runCase(c: ExecutionCase): Promise<void> {
  const simulator = new WorkflowSimulator(WorkflowDefinition.fromAsl(c.asl as never), {
    mocks: { states: (c.mocks ?? {}) as never },
    writeCoverageReport: false,
    ...(c.s3 ? { s3: c.s3() } : {}),
  });
  const result = await simulator.run(c.input ?? {}, { executionName: c.executionName ?? 'conformance-execution' });
  const actual: Record<string, unknown> = { status: result.status };
  if ('output' in c.expected) actual.output = result.output;
  if ('error' in c.expected) actual.error = result.error;
  if ('cause' in c.expected) actual.cause = result.cause;
  if ('elapsedSeconds' in c.expected) actual.elapsedSeconds = result.elapsedSeconds;
  expect(actual).toEqual(c.expected);
}

/** `test.each` title: the area tag first so the lead can count cases per feature from the test names. */
export const CASE_TITLE = '[$area] $title';

/** A mock that fails: `{ throw: { error, cause } }`. */
export function failWith(error: string, cause = ''): { throw: { error: string; cause: string } } {
  return { throw: { error, cause } };
}

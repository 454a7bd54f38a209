import { ERROR_HANDLING, INTRINSICS, QUOTAS, STATE_MACHINE_STRUCTURE, WAIT } from './aws-docs';
import { CASE_TITLE, ExecutionCase, FUNCTION_ARN, runCase } from './execution-case';

/** The States.* error names of the list, and Wait's run-time checks. */
const NAMES = `${ERROR_HANDLING} — Error names`;
const TERMINAL = `${ERROR_HANDLING} — Error names (States.ALL does not catch States.DataLimitExceeded or States.Runtime)`;
const BIG = 'x'.repeat(262_144);

const catchAll = (state: Record<string, unknown>) => ({
  StartAt: 'S',
  States: {
    S: { ...state, End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] },
    Caught: { Type: 'Pass', Result: 'caught', End: true },
  },
});

const cases: ExecutionCase[] = [
  { area: 'errors', title: 'States.DataLimitExceeded when a state output exceeds 256 KiB', source: `${NAMES}; ${QUOTAS} — payload size 256 KiB`, asl: { StartAt: 'S', States: { S: { Type: 'Pass', Result: { big: BIG }, End: true } } }, expected: { status: 'FAILED', error: 'States.DataLimitExceeded' } },
  { area: 'errors', title: 'States.ALL does not catch States.DataLimitExceeded', source: TERMINAL, asl: catchAll({ Type: 'Task', Resource: FUNCTION_ARN }), mocks: { S: { return: { big: BIG } } }, expected: { status: 'FAILED', error: 'States.DataLimitExceeded' } },
  { area: 'errors', title: 'a state output just under 256 KiB is accepted', source: `${QUOTAS} — payload size 256 KiB`, asl: { StartAt: 'S', States: { S: { Type: 'Pass', Result: 'x'.repeat(200_000), ResultPath: null, End: true } } }, input: { ok: 1 }, expected: { status: 'SUCCEEDED', output: { ok: 1 } } },
  { area: 'errors', title: 'States.Runtime for an OutputPath that selects nothing', source: NAMES, asl: { StartAt: 'S', States: { S: { Type: 'Pass', OutputPath: '$.nothing', End: true } } }, input: {}, expected: { status: 'FAILED', error: 'States.Runtime' } },
  { area: 'errors', title: 'States.ALL does not catch States.Runtime', source: TERMINAL, asl: catchAll({ Type: 'Task', Resource: FUNCTION_ARN, OutputPath: '$.nothing' }), mocks: { S: { return: {} } }, expected: { status: 'FAILED', error: 'States.Runtime' } },
  { area: 'errors', title: 'States.IntrinsicFailure from an intrinsic in Parameters', source: `${NAMES}; ${INTRINSICS}`, asl: { StartAt: 'S', States: { S: { Type: 'Pass', Parameters: { 'v.$': 'States.StringToJson($.text)' }, End: true } } }, input: { text: 'not json' }, expected: { status: 'FAILED', error: 'States.IntrinsicFailure' } },
  { area: 'errors', title: 'States.IntrinsicFailure from States.ArrayRange over 1000 items', source: `${NAMES}; ${INTRINSICS}`, asl: { StartAt: 'S', States: { S: { Type: 'Pass', Parameters: { 'v.$': 'States.ArrayRange(0, 5000, 1)' }, End: true } } }, expected: { status: 'FAILED', error: 'States.IntrinsicFailure' } },
  { area: 'errors', title: 'an intrinsic result in Parameters', source: INTRINSICS, asl: { StartAt: 'S', States: { S: { Type: 'Pass', Parameters: { 'id.$': "States.Format('{}-{}', $.a, $.b)", 'parts.$': "States.StringSplit($.csv, ',')" }, End: true } } }, input: { a: 'x', b: 2, csv: 'p,q' }, expected: { status: 'SUCCEEDED', output: { id: 'x-2', parts: ['p', 'q'] } } },
  { area: 'errors', title: 'an intrinsic in ResultSelector', source: `${INTRINSICS} — Fields that support intrinsic functions (ResultSelector)`, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, ResultSelector: { 'count.$': 'States.ArrayLength($.items)' }, End: true } } }, mocks: { T: { return: { items: [1, 2, 3] } } }, expected: { status: 'SUCCEEDED', output: { count: 3 } } },
  { area: 'errors', title: 'States.Timeout when a task runs past TimeoutSeconds', source: NAMES, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, TimeoutSeconds: 60, End: true } } }, mocks: { T: { return: {}, durationSeconds: 61 } }, expected: { status: 'FAILED', error: 'States.Timeout' } },
  { area: 'errors', title: 'TimeoutSecondsPath reads the timeout from the input', source: `${NAMES}; Task state fields (TimeoutSecondsPath)`, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, TimeoutSecondsPath: '$.timeout', End: true } } }, input: { timeout: 5 }, mocks: { T: { return: {}, durationSeconds: 6 } }, expected: { status: 'FAILED', error: 'States.Timeout' } },
  { area: 'errors', title: 'an execution past its TimeoutSeconds times out', source: `${STATE_MACHINE_STRUCTURE} — TimeoutSeconds`, asl: { TimeoutSeconds: 5, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } }, expected: { status: 'TIMED_OUT' } },
  { area: 'errors', title: 'an execution within its TimeoutSeconds succeeds', source: `${STATE_MACHINE_STRUCTURE} — TimeoutSeconds`, asl: { TimeoutSeconds: 15, StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } }, expected: { status: 'SUCCEEDED' } },
  { area: 'errors', title: 'a task error name and cause are the execution error and cause', source: NAMES, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } }, mocks: { T: { throw: { error: 'Lambda.ServiceException', cause: 'service unavailable' } } }, expected: { status: 'FAILED', error: 'Lambda.ServiceException', cause: 'service unavailable' } },
  { area: 'errors', title: 'States.HeartbeatTimeout when a callback task sends no heartbeat within HeartbeatSeconds', source: `${NAMES} (States.HeartbeatTimeout, available in Retry and Catch)`, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/q', MessageBody: { 'token.$': '$$.Task.Token' } }, HeartbeatSeconds: 10, TimeoutSeconds: 100, End: true, Catch: [{ ErrorEquals: ['States.HeartbeatTimeout'], Next: 'NoHeartbeat' }] }, NoHeartbeat: { Type: 'Pass', Result: 'no heartbeat', End: true } } }, mocks: { T: { return: {}, durationSeconds: 50 } }, expected: { status: 'SUCCEEDED', output: 'no heartbeat' } },
  { area: 'errors', title: 'a Catch on States.TaskFailed catches a named task error', source: `${NAMES} (States.TaskFailed)`, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, End: true, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }] }, Caught: { Type: 'Pass', Result: 'caught', End: true } } }, mocks: { T: { throw: { error: 'Lambda.Unknown', cause: 'x' } } }, expected: { status: 'SUCCEEDED', output: 'caught' } },
  { area: 'errors', title: 'States.ResultPathMatchFailure when ResultPath cannot be applied to the input', source: `${NAMES} (States.ResultPathMatchFailure)`, asl: { StartAt: 'T', States: { T: { Type: 'Task', Resource: FUNCTION_ARN, ResultPath: '$.list.result', End: true } } }, input: { list: [1, 2] }, mocks: { T: { return: 'r' } }, expected: { status: 'FAILED', error: 'States.ResultPathMatchFailure' } },
  // Wait
  { area: 'wait', title: 'Wait Seconds advances the clock and passes the input through', source: `${WAIT} — Seconds`, asl: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 10, End: true } } }, input: { a: 1 }, expected: { status: 'SUCCEEDED', output: { a: 1 }, elapsedSeconds: 10 } },
  { area: 'wait', title: 'Wait SecondsPath reads the delay from the input', source: `${WAIT} — SecondsPath`, asl: { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.delay', End: true } } }, input: { delay: 25 }, expected: { status: 'SUCCEEDED', elapsedSeconds: 25 } },
  { area: 'wait', title: 'Wait Seconds 0 does not wait', source: `${WAIT} — Seconds`, asl: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 0, End: true } } }, expected: { status: 'SUCCEEDED', elapsedSeconds: 0 } },
  { area: 'wait', title: 'a negative SecondsPath fails the execution', source: `${WAIT} — SecondsPath (a non-negative integer)`, asl: { StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.delay', End: true } } }, input: { delay: -5 }, expected: { status: 'FAILED' } },
  { area: 'wait', title: 'a TimestampPath that is not an ISO-8601 timestamp fails the execution', source: `${WAIT} — TimestampPath`, asl: { StartAt: 'W', States: { W: { Type: 'Wait', TimestampPath: '$.until', End: true } } }, input: { until: 'tomorrow' }, expected: { status: 'FAILED' } },
  { area: 'wait', title: 'a Wait Timestamp in the past does not wait', source: `${WAIT} — Timestamp`, asl: { StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: '2000-01-01T00:00:00Z', End: true } } }, expected: { status: 'SUCCEEDED', elapsedSeconds: 0 } },
  { area: 'wait', title: 'a JSONata Wait Timestamp in the past does not wait', source: `${WAIT} — Timestamp (JSONata)`, asl: { QueryLanguage: 'JSONata', StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: '{% $states.input.until %}', End: true } } }, input: { until: '2001-01-01T00:00:00Z' }, expected: { status: 'SUCCEEDED', elapsedSeconds: 0 } },
  { area: 'wait', title: 'two Waits add up on the clock', source: `${WAIT} — Seconds`, asl: { StartAt: 'W1', States: { W1: { Type: 'Wait', Seconds: 5, Next: 'W2' }, W2: { Type: 'Wait', Seconds: 7, End: true } } }, expected: { status: 'SUCCEEDED', elapsedSeconds: 12 } },
  { area: 'wait', title: 'Wait InputPath and OutputPath apply to its input', source: `${WAIT} — InputPath, OutputPath`, asl: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, InputPath: '$.payload', End: true } } }, input: { payload: { p: 1 }, other: 2 }, expected: { status: 'SUCCEEDED', output: { p: 1 } } },
];

describe('error names and Wait conformance', () => {
  test.each(cases)(CASE_TITLE, runCase);
});

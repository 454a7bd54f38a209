import { ERROR_HANDLING, FAIL } from './aws-docs';
import { CASE_TITLE, ExecutionCase, FUNCTION_ARN, failWith, runCase } from './execution-case';

/** Retry and Catch semantics from "Handling errors in Step Functions workflows". */
const RETRY = `${ERROR_HANDLING} — Retrying after an error`;
const CATCH = `${ERROR_HANDLING} — Fallback states`;
const NAMES = `${ERROR_HANDLING} — Error names`;
const PATHS = `${ERROR_HANDLING} — Error output (ResultPath in Catch)`;

/** A Task named Work, plus the Recovered and Handler states its catchers name (unreachable states are invalid). */
function taskMachine(task: Record<string, unknown>): Record<string, unknown> {
  const targets = new Set(((task.Catch ?? []) as Array<{ Next: string }>).map((c) => c.Next));
  const handlers: Record<string, unknown> = {
    Recovered: { Type: 'Pass', Result: { recovered: true }, End: true },
    Handler: { Type: 'Pass', End: true },
  };
  return {
    StartAt: 'Work',
    States: {
      Work: { Type: 'Task', Resource: FUNCTION_ARN, End: true, ...task },
      ...Object.fromEntries(Object.entries(handlers).filter(([name]) => targets.has(name))),
    },
  };
}
const succeedsOn = (attempt: number, error = 'CustomError') => Object.fromEntries([
  ...Array.from({ length: attempt }, (_, i) => [String(i), failWith(error, 'try again')]),
  [String(attempt), { return: { ok: true } }],
]);
const alwaysFails = (error: string, cause = 'it broke') => ({ '0-99': failWith(error, cause) });
const onlyRecovered = { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recovered' }] };

const cases: ExecutionCase[] = [
  { area: 'retry-catch', title: 'a retried task succeeds on its second attempt', source: RETRY, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'], MaxAttempts: 2 }] }), mocks: { Work: succeedsOn(1) }, expected: { status: 'SUCCEEDED', output: { ok: true } } },
  { area: 'retry-catch', title: 'MaxAttempts defaults to 3 (the fourth attempt succeeds)', source: `${RETRY} (MaxAttempts default 3)`, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'] }] }), mocks: { Work: succeedsOn(3) }, expected: { status: 'SUCCEEDED', output: { ok: true } } },
  { area: 'retry-catch', title: 'after MaxAttempts retries the error fails the execution', source: RETRY, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'], MaxAttempts: 2 }] }), mocks: { Work: succeedsOn(3) }, expected: { status: 'FAILED', error: 'CustomError', cause: 'try again' } },
  { area: 'retry-catch', title: 'MaxAttempts 0 never retries', source: `${RETRY} (MaxAttempts 0)`, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'], MaxAttempts: 0 }] }), mocks: { Work: succeedsOn(1) }, expected: { status: 'FAILED', error: 'CustomError' } },
  { area: 'retry-catch', title: 'IntervalSeconds defaults to 1 and BackoffRate to 2.0 (1 + 2 + 4 seconds)', source: `${RETRY} (IntervalSeconds default 1, BackoffRate default 2.0)`, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'] }] }), mocks: { Work: succeedsOn(3) }, expected: { status: 'SUCCEEDED', elapsedSeconds: 7 } },
  { area: 'retry-catch', title: 'IntervalSeconds 3 with BackoffRate 1.5 waits 3, 4.5, 6.75 seconds', source: RETRY, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'], IntervalSeconds: 3, BackoffRate: 1.5, MaxAttempts: 3 }] }), mocks: { Work: succeedsOn(3) }, expected: { status: 'SUCCEEDED', elapsedSeconds: 14.25 } },
  { area: 'retry-catch', title: 'MaxDelaySeconds caps each interval', source: `${RETRY} (MaxDelaySeconds)`, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 3, MaxDelaySeconds: 5 }] }), mocks: { Work: succeedsOn(3) }, expected: { status: 'SUCCEEDED', elapsedSeconds: 11 } },
  { area: 'retry-catch', title: 'BackoffRate 1.0 keeps the interval constant', source: RETRY, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'], IntervalSeconds: 5, BackoffRate: 1, MaxAttempts: 2 }] }), mocks: { Work: succeedsOn(2) }, expected: { status: 'SUCCEEDED', elapsedSeconds: 10 } },
  { area: 'retry-catch', title: 'a retrier for another error does not retry', source: RETRY, asl: taskMachine({ Retry: [{ ErrorEquals: ['OtherError'], MaxAttempts: 3 }] }), mocks: { Work: succeedsOn(1) }, expected: { status: 'FAILED', error: 'CustomError' } },
  { area: 'retry-catch', title: 'the first retrier whose ErrorEquals matches is used', source: `${RETRY} (retriers are checked in order)`, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'], MaxAttempts: 0 }, { ErrorEquals: ['States.ALL'], MaxAttempts: 3 }] }), mocks: { Work: succeedsOn(1) }, expected: { status: 'FAILED', error: 'CustomError' } },
  { area: 'retry-catch', title: 'States.ALL retries any error', source: NAMES, asl: taskMachine({ Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }] }), mocks: { Work: succeedsOn(1, 'Lambda.ServiceException') }, expected: { status: 'SUCCEEDED', output: { ok: true } } },
  { area: 'retry-catch', title: 'States.TaskFailed retries a task error', source: `${NAMES} (States.TaskFailed matches any error except States.Timeout)`, asl: taskMachine({ Retry: [{ ErrorEquals: ['States.TaskFailed'], MaxAttempts: 1 }] }), mocks: { Work: succeedsOn(1) }, expected: { status: 'SUCCEEDED', output: { ok: true } } },
  { area: 'retry-catch', title: 'States.TaskFailed does not catch States.Timeout', source: `${NAMES} (States.TaskFailed matches any error except States.Timeout)`, asl: taskMachine({ TimeoutSeconds: 5, Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Recovered' }] }), mocks: { Work: { return: {}, durationSeconds: 10 } }, expected: { status: 'FAILED', error: 'States.Timeout' } },
  { area: 'retry-catch', title: 'States.ALL catches States.Timeout', source: NAMES, asl: taskMachine({ TimeoutSeconds: 5, ...onlyRecovered }), mocks: { Work: { return: {}, durationSeconds: 10 } }, expected: { status: 'SUCCEEDED', output: { recovered: true } } },
  { area: 'retry-catch', title: 'States.Timeout can be caught by name', source: NAMES, asl: taskMachine({ TimeoutSeconds: 5, Catch: [{ ErrorEquals: ['States.Timeout'], Next: 'Recovered' }] }), mocks: { Work: { return: {}, durationSeconds: 10 } }, expected: { status: 'SUCCEEDED', output: { recovered: true } } },
  { area: 'retry-catch', title: 'a task within its TimeoutSeconds succeeds', source: `${ERROR_HANDLING} — Task state TimeoutSeconds`, asl: taskMachine({ TimeoutSeconds: 5 }), mocks: { Work: { return: { ok: 1 }, durationSeconds: 4 } }, expected: { status: 'SUCCEEDED', output: { ok: 1 } } },
  { area: 'retry-catch', title: 'a catcher routes to its Next state', source: CATCH, asl: taskMachine(onlyRecovered), mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'SUCCEEDED', output: { recovered: true } } },
  { area: 'retry-catch', title: 'without ResultPath the catcher passes the error output (Error, Cause)', source: PATHS, asl: taskMachine({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler' }] }), input: { orderId: 7 }, mocks: { Work: alwaysFails('CustomError', 'it broke') }, expected: { status: 'SUCCEEDED', output: { Error: 'CustomError', Cause: 'it broke' } } },
  { area: 'retry-catch', title: 'Catch ResultPath adds the error output to the input', source: PATHS, asl: taskMachine({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler', ResultPath: '$.error' }] }), input: { orderId: 7 }, mocks: { Work: alwaysFails('CustomError', 'it broke') }, expected: { status: 'SUCCEEDED', output: { orderId: 7, error: { Error: 'CustomError', Cause: 'it broke' } } } },
  { area: 'retry-catch', title: 'Catch ResultPath null keeps the input', source: PATHS, asl: taskMachine({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handler', ResultPath: null }] }), input: { orderId: 7 }, mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'SUCCEEDED', output: { orderId: 7 } } },
  { area: 'retry-catch', title: 'the first matching catcher wins', source: CATCH, asl: taskMachine({ Catch: [{ ErrorEquals: ['CustomError'], Next: 'Recovered' }, { ErrorEquals: ['States.ALL'], Next: 'Handler' }] }), mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'SUCCEEDED', output: { recovered: true } } },
  { area: 'retry-catch', title: 'a catcher for another error does not catch', source: CATCH, asl: taskMachine({ Catch: [{ ErrorEquals: ['OtherError'], Next: 'Recovered' }] }), mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'FAILED', error: 'CustomError' } },
  { area: 'retry-catch', title: 'retries run out before the catcher takes over', source: `${ERROR_HANDLING} — Retry and Catch together`, asl: taskMachine({ Retry: [{ ErrorEquals: ['CustomError'], MaxAttempts: 2, IntervalSeconds: 1, BackoffRate: 1 }], ...onlyRecovered }), mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'SUCCEEDED', output: { recovered: true }, elapsedSeconds: 2 } },
  { area: 'retry-catch', title: 'ErrorEquals matches several names', source: RETRY, asl: taskMachine({ Catch: [{ ErrorEquals: ['A', 'CustomError'], Next: 'Recovered' }] }), mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'SUCCEEDED', output: { recovered: true } } },
  { area: 'retry-catch', title: 'error names are case-sensitive', source: NAMES, asl: taskMachine({ Catch: [{ ErrorEquals: ['customerror'], Next: 'Recovered' }] }), mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'FAILED', error: 'CustomError' } },
  { area: 'retry-catch', title: 'a Parallel state retries as a whole', source: `${ERROR_HANDLING} — Retry on Parallel states`, asl: { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }], Branches: [{ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } }] } } }, mocks: { Work: succeedsOn(1) }, expected: { status: 'SUCCEEDED', output: [{ ok: true }] } },
  { area: 'retry-catch', title: 'a catcher on a Parallel state catches a branch error', source: `${ERROR_HANDLING} — Fallback states`, asl: { StartAt: 'P', States: { P: { Type: 'Parallel', End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recovered' }], Branches: [{ StartAt: 'Work', States: { Work: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } }] }, Recovered: { Type: 'Pass', Result: { recovered: true }, End: true } } }, mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'SUCCEEDED', output: { recovered: true } } },
  // Fail state
  { area: 'retry-catch', title: 'a Fail state ends the execution with its Error and Cause', source: FAIL, asl: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'ErrorA', Cause: 'Kaiju attack' } } }, expected: { status: 'FAILED', error: 'ErrorA', cause: 'Kaiju attack' } },
  { area: 'retry-catch', title: 'Fail ErrorPath and CausePath read the input', source: `${FAIL} — ErrorPath and CausePath`, asl: { StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.code', CausePath: '$.reason' } } }, input: { code: 'Order.Invalid', reason: 'no items' }, expected: { status: 'FAILED', error: 'Order.Invalid', cause: 'no items' } },
  { area: 'retry-catch', title: 'Fail CausePath may be an intrinsic function', source: `${FAIL} — ErrorPath and CausePath (intrinsic functions)`, asl: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Order.Invalid', CausePath: "States.Format('order {} has no items', $.id)" } } }, input: { id: 42 }, expected: { status: 'FAILED', error: 'Order.Invalid', cause: 'order 42 has no items' } },
  { area: 'retry-catch', title: 'a Catch can route to a Fail state after a task error', source: CATCH, asl: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: FUNCTION_ARN, End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] }, Failed: { Type: 'Fail', Error: 'Workflow.Failed', Cause: 'the task failed' } } }, mocks: { Work: alwaysFails('CustomError') }, expected: { status: 'FAILED', error: 'Workflow.Failed', cause: 'the task failed' } },
];

describe('Retry and Catch conformance', () => {
  test.each(cases)(CASE_TITLE, runCase);
});

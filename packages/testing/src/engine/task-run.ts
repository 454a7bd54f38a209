import type { AslState } from '../asl-types';
import { ExecutionRequest, TaskOutcome } from './engine-types';
import { evaluateJsonataTemplate, JsonataBindings } from './jsonata-expression';
import { PathScope } from './path-scope';
import { checkPayloadSize } from './payload-limits';
import { evaluatePayloadTemplate } from './payload-template';
import { RunScope } from './run-scope';
import { StatesError } from './states-error';
import { splitResource, taskTokenFor } from './task-resource';
import { DEFAULT_TASK_TIMEOUT_SECONDS, taskTimeoutField } from './task-timeouts';
import { VirtualScheduler } from './virtual-scheduler';

/** What running a Task needs from the engine. */
export interface TaskHost {
  readonly scheduler: VirtualScheduler;
  readonly request: ExecutionRequest;
  /** Calls made so far per state name (the mock's `attempt`). */
  readonly attempts: Map<string, number>;
  /** The state machine's region, as TaskScheduled events report it. */
  readonly region: string;
  /** Throws when the run was stopped or a sibling branch failed. */
  checkRunning(scope: RunScope): void;
}

/**
 * A Task state's work: its timeouts, the TaskScheduled/Started events, the mocked call, then TaskSucceeded, TaskFailed or
 * TaskTimedOut on the virtual clock ("Task workflow state", API Reference HistoryEvent).
 */
export async function runTask(
  host: TaskHost, name: string, state: AslState, effective: unknown, scope: RunScope, context: Record<string, unknown>,
  pathScope: PathScope | undefined, enteredId: number, bindings?: JsonataBindings,
): Promise<unknown> {
  const timeoutField = taskTimeoutField(state, 'TimeoutSeconds', pathScope, bindings);
  const timeout = timeoutField instanceof Promise ? await timeoutField : timeoutField;
  const heartbeatField = taskTimeoutField(state, 'HeartbeatSeconds', pathScope, bindings);
  const heartbeat = heartbeatField instanceof Promise ? await heartbeatField : heartbeatField;
  let credentials: unknown;
  if (state.Credentials !== undefined) {
    credentials = bindings ? await evaluateJsonataTemplate(state.Credentials, 'Credentials', bindings) : evaluatePayloadTemplate(state.Credentials, pathScope!);
  }
  const resource = state.Resource ?? '';
  const [resourceType, resourceName] = splitResource(resource);
  const attempt = host.attempts.get(name) ?? 0;
  host.attempts.set(name, attempt + 1);
  let lastId = scope.history.add('TaskScheduled', host.scheduler.now, scope.lastEventId, 'taskScheduledEventDetails', {
    resourceType,
    resource: resourceName,
    region: host.region,
    parameters: effective,
    timeoutInSeconds: timeout,
    heartbeatInSeconds: heartbeat,
  });
  lastId = scope.history.add('TaskStarted', host.scheduler.now, lastId, 'taskStartedEventDetails', { resourceType, resource: resourceName });
  scope.lastEventId = lastId;
  const invoked = host.request.invokeTask({
    stateName: name, resource, input: effective, attempt, taskToken: taskTokenFor(host.request.executionName, name), context, credentials,
  });
  // A mock that answers synchronously costs no trip through the microtask queue.
  const outcome: TaskOutcome = invoked instanceof Promise ? await invoked : invoked;
  host.checkRunning(scope);
  const duration = outcome.durationSeconds ?? 0;
  const limit = Math.min(timeout ?? DEFAULT_TASK_TIMEOUT_SECONDS, heartbeat ?? DEFAULT_TASK_TIMEOUT_SECONDS);
  if (duration > limit || outcome.error?.error === 'States.Timeout' || outcome.error?.error === 'States.HeartbeatTimeout') {
    const heartbeatFirst = heartbeat !== undefined && heartbeat < (timeout ?? DEFAULT_TASK_TIMEOUT_SECONDS) && duration > heartbeat;
    await host.scheduler.sleep(Math.min(duration, limit));
    host.checkRunning(scope);
    const error = outcome.error?.error === 'States.HeartbeatTimeout' || (heartbeatFirst && outcome.error?.error !== 'States.Timeout') ? 'States.HeartbeatTimeout' : 'States.Timeout';
    scope.lastEventId = scope.history.add('TaskTimedOut', host.scheduler.now, scope.lastEventId, 'taskTimedOutEventDetails', { resourceType, resource: resourceName, error });
    // "Error names" (States.Timeout): a timed-out task reports no cause.
    throw new StatesError(error, outcome.error?.cause ?? '', outcome.error?.cause === undefined);
  }
  if (duration > 0) {
    await host.scheduler.sleep(duration);
  }
  host.checkRunning(scope);
  if (outcome.error) {
    scope.lastEventId = scope.history.add('TaskFailed', host.scheduler.now, scope.lastEventId, 'taskFailedEventDetails', {
      resourceType, resource: resourceName, error: outcome.error.error, cause: outcome.error.cause ?? '',
    });
    throw new StatesError(outcome.error.error, outcome.error.cause ?? '', outcome.error.cause === undefined);
  }
  const result = outcome.result === undefined ? null : outcome.result;
  checkPayloadSize(name, result, 'result');
  scope.lastEventId = scope.history.add('TaskSucceeded', host.scheduler.now, scope.lastEventId, 'taskSucceededEventDetails', { resourceType, resource: resourceName, output: result });
  void enteredId;
  return result;
}

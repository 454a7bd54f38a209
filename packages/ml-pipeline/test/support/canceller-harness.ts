/**
 * What the run canceller's simulations share: a pipeline execution simulated from its synthesized definition and
 * stopped part-way (past `maxVirtualSeconds` or `maxTransitions`, as StopExecution would, or TIMED_OUT at the
 * pipeline's TimeoutSeconds), its history as GetExecutionHistory returns it (test/execution-history.ts), and mocks of
 * the canceller's reads and cancels over that history.
 */
import { ExecutionResult, MockCall, SimulatorMocks, WorkflowDefinition, WorkflowSimulator, executionStatusChangeEvent } from '@statecraft/testing';
import { HistoryEvent, HistoryRequest, historyOf, historyService } from '../execution-history';
import { HAPPY_PATH_INPUT } from '../scenarios';

export const CANCELLED = { StatusCode: 200, StatusText: 'OK', Headers: { 'content-type': ['application/json'] }, ResponseBody: {} };
export const EVENT_OK = { return: { Entries: [{ EventId: 'event-1' }], FailedEntryCount: 0 } };

/** How a simulated pipeline run is stopped. */
export interface Stop {
  readonly maxVirtualSeconds?: number;
  readonly maxTransitions?: number;
}

/** Runs a pipeline in the simulator until it is stopped (or times out), and returns its history as AWS returns it. */
export async function stoppedExecution(definition: WorkflowDefinition, name: string, mocks: SimulatorMocks, stop: Stop) {
  const sim = new WorkflowSimulator(definition, { mocks, ...stop, writeCoverageReport: false });
  const result = await sim.run(HAPPY_PATH_INPUT, { executionName: name });
  expect(['ABORTED', 'TIMED_OUT']).toContain(result.status);
  const ending = result.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'ABORTED';
  return { result, history: historyOf(result, definition, ending), ending };
}

/** The status-change event of a stopped pipeline run of HAPPY_PATH_INPUT (ABORTED unless `detail` says otherwise). */
export function abortedEvent(executionArn: string, detail: Record<string, unknown>) {
  return executionStatusChangeEvent({ executionArn, executionInput: HAPPY_PATH_INPUT, status: 'ABORTED' }, detail);
}

/** What the canceller's tasks were asked. */
export interface Calls {
  readonly history: HistoryRequest[];
  readonly cancel: Record<string, any[]>;
}

/** Mocks of the canceller for one stopped execution: the history service over its events, and each stage's cancel. */
export function cancellerMocks(result: ExecutionResult, history: HistoryEvent[], stages: string[], calls: Calls,
  cancelMocks: Record<string, unknown> = {}, readMock?: unknown): SimulatorMocks {
  const read = readMock ?? historyService(result.executionArn, history, calls.history);
  const states: Record<string, any> = { 'Read History': read, 'Read More History': read };
  for (const stage of stages) {
    states[`${stage}: Cancel Run`] = (call: MockCall) => {
      (calls.cancel[stage] ??= []).push(call.input);
      const mock = cancelMocks[stage];
      if (typeof mock === 'function') return mock(call);
      return CANCELLED;
    };
  }
  return { states };
}

/** The HTTP Task request of a cancel: the workspace's runs/cancel, through the connection of that logical id. */
export function cancelRequest(workspace: string, runId: number, connection = 'PipelineDatabricksConnection') {
  return {
    ApiEndpoint: `${workspace}/api/2.1/jobs/runs/cancel`,
    Method: 'POST',
    Authentication: { ConnectionArn: expect.stringMatching(new RegExp(`:connection/${connection}[0-9A-F]{8}/`)) },
    RequestBody: { run_id: runId },
  };
}


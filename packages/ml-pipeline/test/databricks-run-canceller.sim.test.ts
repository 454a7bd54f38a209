/**
 * The Databricks run canceller, simulated from its synthesized definition. Its input is the history of a pipeline
 * execution that was itself simulated from the pipeline's synthesized definition and stopped part-way (the simulator
 * stops a run past `maxVirtualSeconds` or `maxTransitions`, as StopExecution would, or ends it TIMED_OUT at the
 * pipeline's TimeoutSeconds), turned into the events GetExecutionHistory returns (test/execution-history.ts).
 */
import {
  ExecutionResult, MockCall, SimulatorMocks, TaskFailure, WorkflowDefinition, WorkflowSimulator, executionStatusChangeEvent, installMatchers,
  sweepFaults,
} from '@statecraft/testing';
import { HistoryEvent, HistoryRequest, abortedBefore, historyOf, historyService, pageOfStartRun } from './execution-history';
import { DATABRICKS_RUN_ID, HAPPY_PATH_INPUT, fiveStageMocks, fiveStageStack, pollsWhileRunning, twoWorkspaceStack } from './scenarios';
import { MlPipelineErrors } from '../src';
import { retryCases } from './support/fault-cases';
import { HISTORY_PAGE_SIZE } from '../src/private/databricks-run-canceller';

installMatchers();

const CANCELLED = { StatusCode: 200, StatusText: 'OK', Headers: { 'content-type': ['application/json'] }, ResponseBody: {} };
const EVENT_OK = { return: { Entries: [{ EventId: 'event-1' }], FailedEntryCount: 0 } };

/** How a simulated pipeline run is stopped. */
interface Stop {
  readonly maxVirtualSeconds?: number;
  readonly maxTransitions?: number;
}

/** Runs a pipeline in the simulator until it is stopped (or times out), and returns its history as AWS returns it. */
async function stoppedExecution(definition: WorkflowDefinition, name: string, mocks: SimulatorMocks, stop: Stop) {
  const sim = new WorkflowSimulator(definition, { mocks, ...stop, writeCoverageReport: false });
  const result = await sim.run(HAPPY_PATH_INPUT, { executionName: name });
  expect(['ABORTED', 'TIMED_OUT']).toContain(result.status);
  const ending = result.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'ABORTED';
  return { result, history: historyOf(result, definition, ending), ending };
}

/** The status-change event of a stopped pipeline run of HAPPY_PATH_INPUT (ABORTED unless `detail` says otherwise). */
function abortedEvent(executionArn: string, detail: Record<string, unknown>) {
  return executionStatusChangeEvent({ executionArn, executionInput: HAPPY_PATH_INPUT, status: 'ABORTED' }, detail);
}

/** What the canceller's tasks were asked. */
interface Calls {
  readonly history: HistoryRequest[];
  readonly cancel: Record<string, any[]>;
}

/** Mocks of the canceller for one stopped execution: the history service over its events, and each stage's cancel. */
function cancellerMocks(result: ExecutionResult, history: HistoryEvent[], stages: string[], calls: Calls,
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
function cancelRequest(workspace: string, runId: number, connection = 'PipelineDatabricksConnection') {
  return {
    ApiEndpoint: `${workspace}/api/2.1/jobs/runs/cancel`,
    Method: 'POST',
    Authentication: { ConnectionArn: expect.stringMatching(new RegExp(`:connection/${connection}[0-9A-F]{8}/`)) },
    RequestBody: { run_id: runId },
  };
}

describe('the run canceller of the five-stage pipeline (one Databricks stage)', () => {
  const { pipeline } = fiveStageStack();
  const pipelineDefinition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine, { name: 'canceller-test-five-stage-pipeline' });
  const canceller = new WorkflowSimulator(
    WorkflowDefinition.fromStateMachine(pipeline.databricksRunCanceller!.stateMachine, { name: 'databricks-run-canceller-five-stage' }));
  const workspace = 'https://dbc-1234.cloud.databricks.com';
  const polling = fiveStageMocks({ databricksRunningPolls: 1_000 });

  async function cancelAfter(execution: { result: ExecutionResult; history: HistoryEvent[] }, detail: Record<string, unknown>,
    cancelMock?: unknown, readMock?: unknown) {
    const calls: Calls = { history: [], cancel: {} };
    const outcome = await canceller.with({
      mocks: cancellerMocks(execution.result, execution.history, ['Preprocess'], calls, { Preprocess: cancelMock }, readMock),
    }).run(abortedEvent(execution.result.executionArn, detail));
    return { outcome, calls };
  }

  test('aborted while polling its Databricks run (20 minutes in): the run is cancelled through the stage\'s workspace and connection', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'churn-aborted', polling, { maxVirtualSeconds: 20 * 60 });
    expect(execution.result.visited.map((v) => v.name)).toContain('Preprocess: Get Run State');

    const { outcome, calls } = await cancelAfter(execution, { status: 'ABORTED' });

    expect(outcome).toSucceed();
    expect(outcome).toHaveVisitedInOrder(['Name Abort', 'Prepare Cancel', 'Read History', 'More History?', 'Read More History',
      'Preprocess: Run Started?', 'Preprocess: Cancel Run', 'Every Run Cancelled?', 'Runs Cancelled']);
    expect(calls.cancel.Preprocess).toEqual([cancelRequest(workspace, DATABRICKS_RUN_ID)]);
    expect(outcome.output).toEqual({
      execution: { Arn: execution.result.executionArn, Name: 'churn-aborted', Status: 'ABORTED' },
      cancelled: { Preprocess: { runId: DATABRICKS_RUN_ID } },
    });
    // The whole history is read, in pages of 25 with the states' data, following NextToken.
    const pages = Math.ceil(execution.history.length / HISTORY_PAGE_SIZE);
    expect(calls.history).toHaveLength(pages);
    expect(calls.history.map((r) => [r.MaxResults, r.IncludeExecutionData, r.ExecutionArn])).toEqual(
      Array(pages).fill([HISTORY_PAGE_SIZE, true, execution.result.executionArn]));
    expect(calls.history[0].NextToken).toBeUndefined();
    expect(calls.history.slice(1).every((r) => typeof r.NextToken === 'string')).toBe(true);
  });

  test('TIMED_OUT while polling its Databricks run: the run is cancelled the same way', async () => {
    const stopped = await stoppedExecution(pipelineDefinition, 'churn-timed-out', polling, { maxVirtualSeconds: 20 * 60 });
    // The same history, ended by the execution timeout instead of StopExecution.
    const history = historyOf(stopped.result, pipelineDefinition, 'TIMED_OUT');
    expect(history[history.length - 1].Type).toBe('ExecutionTimedOut');

    const { outcome, calls } = await cancelAfter({ result: stopped.result, history }, { status: 'TIMED_OUT' });

    expect(outcome).toSucceed();
    expect(outcome).toHaveVisitedInOrder(['Name Timeout', 'Prepare Cancel', 'Preprocess: Cancel Run', 'Runs Cancelled']);
    expect(calls.cancel.Preprocess).toEqual([cancelRequest(workspace, DATABRICKS_RUN_ID)]);
  });

  test('aborted before the Databricks stage started: nothing is cancelled', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'churn-aborted-early', polling, { maxTransitions: 4 });
    expect(execution.result.visited.map((v) => v.name)).not.toContain('Preprocess: Start Run');

    const { outcome, calls } = await cancelAfter(execution, { status: 'ABORTED' });

    expect(outcome).toSucceed();
    expect(outcome).toHaveVisitedInOrder(['Read History', 'More History?', 'Preprocess: Run Started?', 'Every Run Cancelled?', 'Runs Cancelled']);
    expect(outcome.visited.map((v) => v.name)).not.toContain('Preprocess: Cancel Run');
    expect(calls.cancel.Preprocess).toBeUndefined();
    expect(outcome.output).toMatchObject({ cancelled: {} });
  });

  test('aborted while run-now was in flight: the history holds no run id yet, so nothing is cancelled (a known gap)', async () => {
    const stopped = await stoppedExecution(pipelineDefinition, 'churn-aborted-starting', polling, { maxVirtualSeconds: 20 * 60 });
    // StopExecution arrived after the request went out (TaskStarted) and before its answer (TaskSucceeded).
    const history = abortedBefore(stopped.history, (e) => e.Type === 'TaskSucceeded' && (e.TaskSucceededEventDetails as any).ResourceType === 'http');
    expect(history.slice(-3).map((e) => e.Type)).toEqual(['TaskScheduled', 'TaskStarted', 'ExecutionAborted']);
    expect(pageOfStartRun(history, 'Preprocess', HISTORY_PAGE_SIZE)).toBe(-1);

    const { outcome, calls } = await cancelAfter({ result: stopped.result, history }, { status: 'ABORTED' });

    expect(outcome).toSucceed();
    expect(calls.cancel.Preprocess).toBeUndefined();
  });

  test('run-now rejected (caught), then aborted while the failure event is published: the Start Run exit has no run id and is skipped', async () => {
    const rejected = {
      states: {
        ...polling.states,
        'Preprocess: Start Run': { throw: { error: 'States.Http.StatusCode.400', cause: 'INVALID_PARAMETER_VALUE: Job 123456 does not exist.' } },
        'Publish Pipeline Failed': { ...EVENT_OK, durationSeconds: 60 },
      },
    };
    const execution = await stoppedExecution(pipelineDefinition, 'churn-rejected-aborted', rejected, { maxVirtualSeconds: 30 });
    expect(execution.history.map((e) => e.Type)).toContain('TaskFailed');

    const { outcome, calls } = await cancelAfter(execution, { status: 'ABORTED' });

    expect(outcome).toSucceed();
    expect(outcome).toHaveVisitedInOrder(['Read History', 'Preprocess: Run Started?', 'Every Run Cancelled?', 'Runs Cancelled']);
    expect(calls.cancel.Preprocess).toBeUndefined();
  });

  test('a cancel that still fails after its retries (503) ends the canceller with Statecraft.DatabricksCancelFailed naming the run id and the stage', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'churn-cancel-unavailable', polling, { maxVirtualSeconds: 20 * 60 });

    const { outcome, calls } = await cancelAfter(execution, { status: 'ABORTED' }, () => {
      throw new TaskFailure('States.Http.StatusCode.503', '{"error_code":"TEMPORARILY_UNAVAILABLE","message":"The service is unavailable"}');
    });

    expect(outcome).toFailWith(MlPipelineErrors.DATABRICKS_CANCEL_FAILED);
    // The first attempt and 4 retries (a cancel is safe to repeat).
    expect(calls.cancel.Preprocess).toHaveLength(5);
    expect(outcome.cause).toContain(`Could not cancel Databricks runs of execution ${execution.result.executionArn} (ABORTED), which may still be running.`);
    expect(outcome.cause).toContain(`Cancel failures by stage: {"Preprocess":{"runId":${DATABRICKS_RUN_ID},"error":"States.Http.StatusCode.503","cause":`);
    expect(outcome.cause).toContain('TEMPORARILY_UNAVAILABLE');
  });

  test('a cancel refused (403, not retried) fails the canceller at once with the same named error', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'churn-cancel-forbidden', polling, { maxVirtualSeconds: 20 * 60 });

    const { outcome, calls } = await cancelAfter(execution, { status: 'ABORTED' }, () => {
      throw new TaskFailure('States.Http.StatusCode.403', '{"error_code":"PERMISSION_DENIED","message":"User does not have Can Manage Run permission"}');
    });

    expect(outcome).toFailWith(MlPipelineErrors.DATABRICKS_CANCEL_FAILED, `"runId":${DATABRICKS_RUN_ID}`);
    expect(outcome.cause).toContain('PERMISSION_DENIED');
    expect(calls.cancel.Preprocess).toHaveLength(1);
  });

  test('a history page that cannot be read after the run was found: the run is still cancelled, then the canceller fails naming the read error', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'churn-history-denied', polling, { maxVirtualSeconds: 20 * 60 });
    const requests: HistoryRequest[] = [];
    const service = historyService(execution.result.executionArn, execution.history, requests);
    const deniedOnPage3 = (call: MockCall) => {
      if (requests.length === 2) {
        requests.push(call.input as HistoryRequest);
        throw new TaskFailure('Sfn.AccessDeniedException', 'User is not authorized to perform: states:GetExecutionHistory');
      }
      return service(call);
    };

    const { outcome, calls } = await cancelAfter(execution, { status: 'ABORTED' }, undefined, deniedOnPage3);

    expect(requests).toHaveLength(3);
    expect(calls.cancel.Preprocess).toEqual([cancelRequest(workspace, DATABRICKS_RUN_ID)]);
    expect(outcome).toFailWith(MlPipelineErrors.DATABRICKS_CANCEL_FAILED, 'Could not read the history of execution');
    expect(outcome.cause).toContain('Sfn.AccessDeniedException: User is not authorized');
    expect(outcome.cause).toContain(`Cancelled by stage: {"Preprocess":{"runId":${DATABRICKS_RUN_ID}}}`);
  });

  test('a history that cannot be read at all (the execution is unknown) fails the canceller with the named error', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'churn-unknown', polling, { maxVirtualSeconds: 20 * 60 });
    const otherExecution = historyService(`${execution.result.executionArn}-other`, execution.history);

    const { outcome, calls } = await cancelAfter(execution, { status: 'ABORTED' }, undefined, otherExecution);

    expect(outcome).toFailWith(MlPipelineErrors.DATABRICKS_CANCEL_FAILED, 'Sfn.ExecutionDoesNotExistException');
    expect(calls.cancel.Preprocess).toBeUndefined();
  });

  test.each([
    ['StopExecution with an error and a cause', { error: 'Operator.Cancelled', cause: 'bad input data' }, 'Keep Error'],
    ['StopExecution with an error only', { error: 'Operator.Cancelled' }, 'Keep Error Without Cause'],
    ['an input over 256 KiB, left out of the event', { input: null, inputDetails: { included: false } }, 'Read Execution Without Input'],
    ['started by hand for a FAILED execution (a parallel branch left a run behind)',
      { status: 'FAILED', error: 'Statecraft.QualityGateFailed', cause: 'auc 0.61 < 0.8' }, 'Keep Error'],
  ])('%s: the run is cancelled all the same', async (_name, detail, path) => {
    const execution = await stoppedExecution(pipelineDefinition, 'churn-variant', polling, { maxVirtualSeconds: 20 * 60 });

    const { outcome, calls } = await cancelAfter(execution, { status: 'ABORTED', ...detail });

    expect(outcome).toSucceed();
    expect(outcome).toHaveVisitedInOrder([path, 'Prepare Cancel', 'Preprocess: Cancel Run']);
    expect(calls.cancel.Preprocess).toEqual([cancelRequest(workspace, DATABRICKS_RUN_ID)]);
  });

  test('every state of the canceller is covered', () => {
    expect(canceller).toHaveFullStateCoverage();
  });

  test('fault sweep of the canceller: every fault at every task is recovered or ends with Statecraft.DatabricksCancelFailed', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'churn-sweep', polling, { maxVirtualSeconds: 20 * 60 });
    const calls: Calls = { history: [], cancel: {} };
    const mocks = cancellerMocks(execution.result, execution.history, ['Preprocess'], calls);
    const report = await sweepFaults(canceller.with({ mocks, writeCoverageReport: false }), {
      name: 'databricks-run-canceller-five-stage',
      scenarios: [{ name: 'aborted-polling', input: abortedEvent(execution.result.executionArn, { status: 'ABORTED' }), mocks }],
      isHandled: (result) => result.error === MlPipelineErrors.DATABRICKS_CANCEL_FAILED,
    });
    expect(report).toHaveNoUnhandledFaults();
    expect([...report.taskStates].sort()).toEqual(['Preprocess: Cancel Run', 'Read History', 'Read More History']);
    // Reads and cancels are safe to repeat: a transient error is retried away everywhere.
    expect(report.cells.filter((c) => c.fault === 'transient').map((c) => c.outcome)).toEqual(['recovered', 'recovered', 'recovered']);
  }, 120_000);
});

const RUN_IDS = { Extract: 1001, Label: 2002 };

/** Mocks of the two-stage pipeline: each run-now returns its run id; Extract runs `extractSeconds`, Label never ends. */
function twoStageMocks(behaviour: { extractSeconds?: number; rejected?: 'Extract' | 'Label' } = {}): SimulatorMocks {
  const states: Record<string, any> = { 'Publish Pipeline Failed': { ...EVENT_OK, durationSeconds: 60 } };
  const running = pollsWhileRunning(behaviour.extractSeconds ?? 90 * 60);
  for (const [stage, runId] of Object.entries(RUN_IDS)) {
    states[`${stage}: Start Run`] = behaviour.rejected === stage
      ? { throw: { error: 'States.Http.StatusCode.400', cause: `INVALID_PARAMETER_VALUE: Job ${stage === 'Extract' ? 111 : 222} does not exist.` } }
      : { return: { StatusCode: 200, ResponseBody: { run_id: runId, number_in_job: 1 } }, durationSeconds: 1 };
    states[`${stage}: Get Run State`] = (call: MockCall) => ({
      StatusCode: 200,
      ResponseBody: {
        run_id: runId,
        run_page_url: `https://dbc-1234.cloud.databricks.com/#job/1/run/${runId}`,
        state: stage === 'Extract' && call.attempt >= running
          ? { life_cycle_state: 'TERMINATED', result_state: 'SUCCESS', state_message: '' }
          : { life_cycle_state: 'RUNNING', state_message: 'In run' },
      },
    });
    states[`${stage}: Cancel Run`] = { return: CANCELLED };
  }
  return { states };
}

describe('the run canceller of a pipeline with two Databricks stages in two workspaces', () => {
  const { pipeline } = twoWorkspaceStack();
  const pipelineDefinition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine, { name: 'canceller-test-two-stage-pipeline' });
  const canceller = new WorkflowSimulator(
    WorkflowDefinition.fromStateMachine(pipeline.databricksRunCanceller!.stateMachine, { name: 'databricks-run-canceller-two-stage' }));
  const workspaces = { Extract: 'https://dbc-1234.cloud.databricks.com', Label: 'https://dbc-5678.cloud.databricks.com' };
  const connections = { Extract: 'PipelineDatabricksConnection', Label: 'PipelineDatabricksConnection2Connection' };

  async function cancelAfter(execution: { result: ExecutionResult; history: HistoryEvent[]; ending: string }, detail: Record<string, unknown> = {},
    cancelMocks: Record<string, unknown> = {}, readMock?: unknown) {
    const calls: Calls = { history: [], cancel: {} };
    const outcome = await canceller.with({
      mocks: cancellerMocks(execution.result, execution.history, ['Extract', 'Label'], calls, cancelMocks, readMock),
    }).run(abortedEvent(execution.result.executionArn, { status: execution.ending, ...detail }));
    return { outcome, calls };
  }

  test('aborted while Extract runs: only Extract\'s run is cancelled; Label started none and is skipped', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'labels-aborted-extracting', twoStageMocks(), { maxVirtualSeconds: 10 * 60 });

    const { outcome, calls } = await cancelAfter(execution);

    expect(outcome).toSucceed();
    expect(calls.cancel).toEqual({ Extract: [cancelRequest(workspaces.Extract, RUN_IDS.Extract)] });
    expect(outcome.output).toMatchObject({ cancelled: { Extract: { runId: RUN_IDS.Extract } } });
  });

  test('aborted while Label runs, its run id pages into the history: both runs are cancelled, each in its own workspace (Extract\'s, already finished, is a no-op)', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'labels-aborted-labelling', twoStageMocks(), { maxVirtualSeconds: 100 * 60 });
    expect(pageOfStartRun(execution.history, 'Extract', HISTORY_PAGE_SIZE)).toBe(0);
    // After 90 minutes of Extract polls (four states a poll): the 10th page.
    expect(pageOfStartRun(execution.history, 'Label', HISTORY_PAGE_SIZE)).toBeGreaterThan(8);

    const { outcome, calls } = await cancelAfter(execution);

    expect(outcome).toSucceed();
    expect(calls.cancel).toEqual({
      Extract: [cancelRequest(workspaces.Extract, RUN_IDS.Extract)],
      Label: [cancelRequest(workspaces.Label, RUN_IDS.Label, connections.Label)],
    });
    expect(outcome.output).toMatchObject({ cancelled: { Extract: { runId: RUN_IDS.Extract }, Label: { runId: RUN_IDS.Label } } });
  });

  test('TIMED_OUT at the pipeline\'s 3 hours while Label runs (its own 2-hour limit not reached yet): both runs are cancelled', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'labels-timed-out', twoStageMocks(), {});
    expect(execution.result.status).toBe('TIMED_OUT');
    // The pipeline itself never cancelled Label: its maxRuntime had not passed.
    expect(execution.result.visited.map((v) => v.name)).not.toContain('Label: Cancel Run');

    const { outcome, calls } = await cancelAfter(execution);

    expect(outcome).toSucceed();
    expect(outcome).toHaveVisitedInOrder(['Name Timeout', 'Extract: Cancel Run', 'Label: Cancel Run', 'Runs Cancelled']);
    expect(calls.cancel).toEqual({
      Extract: [cancelRequest(workspaces.Extract, RUN_IDS.Extract)],
      Label: [cancelRequest(workspaces.Label, RUN_IDS.Label, connections.Label)],
    });
  });

  test.each([['Extract', 'Label'], ['Label', 'Extract']] as const)('%s\'s cancel refused: %s\'s run is still cancelled, then the canceller fails naming the refused run and its stage', async (refusedStage, otherStage) => {
    const execution = await stoppedExecution(pipelineDefinition, `labels-${refusedStage}-cancel-refused`, twoStageMocks(), { maxVirtualSeconds: 100 * 60 });
    const refused = () => {
      throw new TaskFailure('States.Http.StatusCode.403', '{"error_code":"PERMISSION_DENIED","message":"Invalid access token."}');
    };

    const { outcome, calls } = await cancelAfter(execution, {}, { [refusedStage]: refused });

    expect(calls.cancel[otherStage]).toEqual([cancelRequest(workspaces[otherStage], RUN_IDS[otherStage], connections[otherStage])]);
    expect(outcome).toFailWith(MlPipelineErrors.DATABRICKS_CANCEL_FAILED);
    expect(outcome.cause).toContain(`Cancel failures by stage: {"${refusedStage}":{"runId":${RUN_IDS[refusedStage]},"error":"States.Http.StatusCode.403"`);
    expect(outcome.cause).toContain(`cancelled by stage: {"${otherStage}":{"runId":${RUN_IDS[otherStage]}}}`);
  });

  test.each(['Extract', 'Label'] as const)('%s\'s run-now rejected, then aborted while the failure event is published: nothing to cancel for it', async (stage) => {
    const mocks = twoStageMocks({ rejected: stage });
    // The failed run ends after its 60-second failure event; the same run is stopped 30 seconds before that end.
    const failed = await new WorkflowSimulator(pipelineDefinition, { mocks, writeCoverageReport: false }).run(HAPPY_PATH_INPUT);
    expect(failed).toFailWith('Statecraft.ProcessFailed');
    const execution = await stoppedExecution(pipelineDefinition, `labels-${stage}-rejected`, mocks, { maxVirtualSeconds: failed.elapsedSeconds - 30 });
    expect(execution.result.visited.map((v) => v.name)).toContain('Publish Pipeline Failed');

    const { outcome, calls } = await cancelAfter(execution);

    expect(outcome).toSucceed();
    expect(calls.cancel[stage]).toBeUndefined();
    expect(outcome).toHaveVisitedInOrder([`${stage}: Run Started?`, 'Every Run Cancelled?']);
    expect(outcome.visited.map((v) => v.name)).not.toContain(`${stage}: Cancel Run`);
    expect(Object.keys(calls.cancel)).toEqual(stage === 'Label' ? ['Extract'] : []);
  });

  test.each([
    ['StopExecution with an error and a cause', { error: 'Operator.Cancelled', cause: 'wrong labels' }, 'Keep Error'],
    ['StopExecution with an error only', { error: 'Operator.Cancelled' }, 'Keep Error Without Cause'],
    ['an input over 256 KiB, left out of the event', { input: null, inputDetails: { included: false } }, 'Read Execution Without Input'],
    ['started by hand for a FAILED execution', { status: 'FAILED', error: 'States.TaskFailed', cause: 'labeling job failed' }, 'Keep Error'],
  ])('%s: the runs are cancelled all the same', async (_name, detail, path) => {
    const execution = await stoppedExecution(pipelineDefinition, 'labels-variant', twoStageMocks(), { maxVirtualSeconds: 10 * 60 });

    const { outcome, calls } = await cancelAfter(execution, detail);

    expect(outcome).toSucceed();
    expect(outcome).toHaveVisitedInOrder([path, 'Prepare Cancel', 'Extract: Cancel Run']);
    expect(calls.cancel).toEqual({ Extract: [cancelRequest(workspaces.Extract, RUN_IDS.Extract)] });
  });

  test('a history that cannot be read fails the canceller with the named error', async () => {
    const execution = await stoppedExecution(pipelineDefinition, 'labels-history-throttled', twoStageMocks(), { maxVirtualSeconds: 10 * 60 });
    const throttled = () => {
      throw new TaskFailure('Sfn.ThrottlingException', 'Rate exceeded');
    };

    const { outcome, calls } = await cancelAfter(execution, {}, {}, throttled);

    expect(outcome).toFailWith(MlPipelineErrors.DATABRICKS_CANCEL_FAILED, 'Sfn.ThrottlingException: Rate exceeded');
    expect(calls.cancel).toEqual({});
  });

  test('every state of the canceller is covered', () => {
    expect(canceller).toHaveFullStateCoverage();
  });
  describe('retries and a history page that cannot be read', () => {
    let execution: { result: ExecutionResult; history: HistoryEvent[]; ending: string };
    beforeAll(async () => {
      execution = await stoppedExecution(pipelineDefinition, 'labels-retried', twoStageMocks(), { maxVirtualSeconds: 100 * 60 });
    });
    const cancellerDefinition = WorkflowDefinition.fromStateMachine(pipeline.databricksRunCanceller!.stateMachine);

    test.each(retryCases(cancellerDefinition, (state) => state.endsWith(': Cancel Run')).map((c) => [c.state, c.retrier, c.error]))(
      '%s, Retry[%d]: one %s is retried and both runs are still cancelled', async (state, _retrier, error) => {
        const stage = (state as string).split(':')[0];
        const { outcome, calls } = await cancelAfter(execution, {}, {
          [stage]: (call: MockCall) => {
            if (call.attempt === 0) throw new TaskFailure(error as string, 'Too many requests');
            return CANCELLED;
          },
        });
        expect(outcome).toSucceed();
        expect(calls.cancel[stage]).toHaveLength(2);
        expect(outcome.output).toMatchObject({ cancelled: { Extract: { runId: RUN_IDS.Extract }, Label: { runId: RUN_IDS.Label } } });
      });

    // GetExecutionHistory through the AWS SDK integration reports throttling as Sfn.ThrottlingException (the service's
    // name is `sfn`; Step Functions Developer Guide, "Learning to use AWS service SDK integrations").
    test('a throttled second page is read again, and both runs are cancelled', async () => {
      const requests: HistoryRequest[] = [];
      const service = historyService(execution.result.executionArn, execution.history, requests);
      let throttled = false;
      const throttledOnce = (call: MockCall) => {
        if (requests.length === 1 && !throttled) {
          throttled = true;
          throw new TaskFailure('Sfn.ThrottlingException', 'Rate exceeded');
        }
        return service(call);
      };
      const { outcome, calls } = await cancelAfter(execution, {}, {}, throttledOnce);
      expect(outcome).toSucceed();
      expect(throttled).toBe(true);
      expect(Object.keys(calls.cancel).sort()).toEqual(['Extract', 'Label']);
    });

    test('a second page that cannot be read: Extract\'s run (on page 1) is still cancelled, then the canceller fails naming the read error', async () => {
      const requests: HistoryRequest[] = [];
      const service = historyService(execution.result.executionArn, execution.history, requests);
      const deniedAfterPage1 = (call: MockCall) => {
        if (requests.length >= 1) throw new TaskFailure('Sfn.AccessDeniedException', 'User is not authorized to perform: states:GetExecutionHistory');
        return service(call);
      };
      const { outcome, calls } = await cancelAfter(execution, {}, {}, deniedAfterPage1);
      expect(outcome).toFailWith(MlPipelineErrors.DATABRICKS_CANCEL_FAILED, 'Could not read the history of execution');
      expect(Object.keys(calls.cancel)).toEqual(['Extract']);
      expect(outcome.cause).toContain(`Cancelled by stage: {"Extract":{"runId":${RUN_IDS.Extract}}}`);
    });
  });
});

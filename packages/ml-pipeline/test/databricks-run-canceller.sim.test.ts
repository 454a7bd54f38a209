/**
 * The Databricks run canceller, simulated from its synthesized definition. Its input is the history of a pipeline
 * execution that was itself simulated from the pipeline's synthesized definition and stopped part-way (the simulator
 * stops a run past `maxVirtualSeconds` or `maxTransitions`, as StopExecution would, or ends it TIMED_OUT at the
 * pipeline's TimeoutSeconds), turned into the events GetExecutionHistory returns (test/execution-history.ts).
 */
import {
  ExecutionResult, MockCall, TaskFailure, WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults,
} from '@statecraft/testing';
import { HistoryEvent, HistoryRequest, abortedBefore, historyOf, historyService, pageOfStartRun } from './execution-history';
import { DATABRICKS_RUN_ID, fiveStageMocks, fiveStageStack } from './scenarios';
import { MlPipelineErrors } from '../src';
import { Calls, EVENT_OK, abortedEvent, cancelRequest, cancellerMocks, stoppedExecution } from './support/canceller-harness';
import { HISTORY_PAGE_SIZE } from '../src/private/databricks-run-canceller';

installMatchers();

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
    expect(outcome).toHaveVisitedInOrder(['Read Event', 'Prepare Cancel', 'Read History', 'More History?', 'Read More History',
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
    expect(outcome).toHaveVisitedInOrder(['Read Event', 'Prepare Cancel', 'Preprocess: Cancel Run', 'Runs Cancelled']);
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
    ['StopExecution with an error and a cause', { error: 'Operator.Cancelled', cause: 'bad input data' }, 'Read Event'],
    ['StopExecution with an error only', { error: 'Operator.Cancelled' }, 'Read Event'],
    ['an input over 256 KiB, left out of the event', { input: null, inputDetails: { included: false } }, 'Read Event'],
    ['started by hand for a FAILED execution (a parallel branch left a run behind)',
      { status: 'FAILED', error: 'Statecraft.QualityGateFailed', cause: 'auc 0.61 < 0.8' }, 'Read Event'],
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


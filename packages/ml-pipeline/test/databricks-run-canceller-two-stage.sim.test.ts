/** The run canceller of a pipeline with two Databricks stages in two workspaces, simulated as in databricks-run-canceller.sim.test.ts. */
import {
  ExecutionResult, MockCall, SimulatorMocks, TaskFailure, WorkflowDefinition, WorkflowSimulator, installMatchers,
} from '@statecraft/testing';
import { HistoryEvent, HistoryRequest, historyService, pageOfStartRun } from './execution-history';
import { HAPPY_PATH_INPUT, pollsWhileRunning, twoWorkspaceStack } from './scenarios';
import { MlPipelineErrors } from '../src';
import { CANCELLED, Calls, EVENT_OK, abortedEvent, cancelRequest, cancellerMocks, stoppedExecution } from './support/canceller-harness';
import { retryCases } from './support/fault-cases';
import { HISTORY_PAGE_SIZE } from '../src/private/databricks-run-canceller';

installMatchers();

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
    // After 90 minutes of Extract polls (three states a poll): the 9th page.
    expect(pageOfStartRun(execution.history, 'Label', HISTORY_PAGE_SIZE)).toBeGreaterThan(6);

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
    expect(outcome).toHaveVisitedInOrder(['Read Event', 'Extract: Cancel Run', 'Label: Cancel Run', 'Runs Cancelled']);
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
    ['StopExecution with an error and a cause', { error: 'Operator.Cancelled', cause: 'wrong labels' }, 'Read Event'],
    ['StopExecution with an error only', { error: 'Operator.Cancelled' }, 'Read Event'],
    ['an input over 256 KiB, left out of the event', { input: null, inputDetails: { included: false } }, 'Read Event'],
    ['started by hand for a FAILED execution', { status: 'FAILED', error: 'States.TaskFailed', cause: 'labeling job failed' }, 'Read Event'],
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

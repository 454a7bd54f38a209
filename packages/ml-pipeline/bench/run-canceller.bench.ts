/**
 * What cancelling the Databricks run of an aborted five-stage execution costs: the pipeline is simulated from its
 * synthesized definition until it has polled a 3-hour run for 3 hours, then stopped; its history (as
 * GetExecutionHistory returns it) is fed to the run canceller, simulated from its own synthesized definition.
 * Prints the history size, the pages read, the canceller's state transitions and its price. Asserts nothing.
 */
import { MockCall, WorkflowDefinition, WorkflowSimulator, executionStatusChangeEvent } from '@statecraft/testing';
import { PRICE_PER_TRANSITION, definitionRows, printRows } from './figures';
import { HISTORY_PAGE_SIZE } from '../src/private/databricks-run-canceller';
import { HistoryRequest, historyOf, historyService } from '../test/execution-history';
import { HAPPY_PATH_INPUT, fiveStageMocks, fiveStageStack, pollsWhileRunning } from '../test/scenarios';

const THREE_HOURS = 3 * 3600;

async function main(): Promise<void> {
  const { pipeline } = fiveStageStack();
  const pipelineDefinition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine);
  // Still running after 3 hours: the simulator stops it there, as StopExecution would.
  const stopped = await new WorkflowSimulator(pipelineDefinition, {
    mocks: fiveStageMocks({ databricksRunningPolls: pollsWhileRunning(THREE_HOURS) + 100 }),
    maxVirtualSeconds: THREE_HOURS,
    writeCoverageReport: false,
  }).run(HAPPY_PATH_INPUT, { executionName: 'bench-aborted-3h' });
  const history = historyOf(stopped, pipelineDefinition, 'ABORTED');

  const requests: HistoryRequest[] = [];
  const cancels: unknown[] = [];
  const read = historyService(stopped.executionArn, history, requests);
  const cancellerDefinition = WorkflowDefinition.fromStateMachine(pipeline.databricksRunCanceller!.stateMachine);
  const canceller = new WorkflowSimulator(cancellerDefinition, {
    mocks: {
      states: {
        'Read History': read,
        'Read More History': read,
        'Preprocess: Cancel Run': (call: MockCall) => {
          cancels.push(call.input);
          return { StatusCode: 200, StatusText: 'OK', Headers: {}, ResponseBody: {} };
        },
      },
    },
    writeCoverageReport: false,
  });
  const result = await canceller.run(executionStatusChangeEvent({ executionArn: stopped.executionArn, executionInput: HAPPY_PATH_INPUT, status: 'ABORTED' }), {
    executionName: 'bench-cancel',
  });

  const rows: Array<[string, string]> = [
    ...definitionRows('run canceller', cancellerDefinition),
    ['pipeline aborted after polling a Databricks run for 3 h', stopped.status],
    ['  its history events', String(history.length)],
    ['run canceller: result', result.status],
    ['  runs cancelled', String(cancels.length)],
    ['  history pages read', `${requests.length} (${HISTORY_PAGE_SIZE} events a page)`],
    ['  state transitions', String(result.transitions)],
    ['  Lambda invocations', String(result.lambdaInvocations)],
    ['  Step Functions cost per 1,000 aborts', `USD ${(result.transitions * PRICE_PER_TRANSITION * 1000).toFixed(2)}`],
  ];
  printRows(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

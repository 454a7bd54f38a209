/**
 * Orchestration overhead of the five-stage preset, measured on its synthesized definition with @statecraft/testing:
 * state transitions, Lambda invocations (goal: none), task calls, virtual time and the Standard price per 1,000
 * executions; and the execution-history events of a Databricks run that takes 3 hours (Step Functions keeps at most
 * 25,000 events per execution). Prints figures; asserts nothing.
 */
import { ExecutionResult, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { PRICE_PER_TRANSITION, definitionRows, printRows } from './figures';
import { HAPPY_PATH_INPUT, fiveStageMocks, fiveStageStack, pollsWhileRunning } from '../test/scenarios';

const HISTORY_LIMIT = 25_000;

/**
 * History events per visited state, as Step Functions writes them: entered + exited for every state, plus scheduled,
 * started and succeeded/failed for a Task, started + succeeded for a Parallel or Map, and 2 per Map iteration.
 */
function historyEvents(result: ExecutionResult): number {
  let events = 2; // ExecutionStarted, ExecutionSucceeded/Failed
  for (const visit of result.visited) {
    if (visit.attempt > 0) {
      events += 3; // a retry: TaskScheduled, TaskStarted, TaskFailed/Succeeded again
      continue;
    }
    events += 2;
    if (visit.type === 'Task') events += 3;
    if (visit.type === 'Parallel' || visit.type === 'Map') events += 2;
  }
  return events;
}

async function main(): Promise<void> {
  const { pipeline } = fiveStageStack();
  const definition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine);
  const run = async (name: string, mocks: ReturnType<typeof fiveStageMocks>) =>
    new WorkflowSimulator(definition, { mocks, writeCoverageReport: false }).run(HAPPY_PATH_INPUT, { executionName: name });

  const happy = await run('bench-happy', fiveStageMocks({ databricksRunningPolls: 2, endpointPendingChecks: 3 }));
  const threeHourPolls = pollsWhileRunning(3 * 3600);
  const longRun = await run('bench-databricks-3h', fiveStageMocks({ databricksRunningPolls: threeHourPolls }));
  const databricksStates = longRun.visited.filter((v) => v.name.startsWith('Preprocess')).length;

  const rows: Array<[string, string]> = [
    ...definitionRows('five-stage pipeline', definition),
    ['five-stage happy path: result', happy.status],
    ['  state transitions', String(happy.transitions)],
    ['  Lambda invocations', String(happy.lambdaInvocations)],
    ['  task calls', Object.entries(happy.taskInvocations).map(([k, v]) => `${k}=${v}`).join(', ')],
    ['  virtual elapsed time', `${(happy.elapsedSeconds / 60).toFixed(1)} min`],
    ['  history events (estimated)', String(historyEvents(happy))],
    ['  Step Functions cost per 1,000 executions', `USD ${(happy.transitions * PRICE_PER_TRANSITION * 1000).toFixed(2)}`],
    ['3-hour Databricks run: result', longRun.status],
    ['  polls of the run state', String(threeHourPolls + 1)],
    ['  states entered by the Databricks stage', String(databricksStates)],
    ['  state transitions (whole pipeline)', String(longRun.transitions)],
    ['  history events (whole pipeline, estimated)', `${historyEvents(longRun)} of ${HISTORY_LIMIT} allowed`],
    ['  virtual elapsed time', `${(longRun.elapsedSeconds / 3600).toFixed(2)} h`],
  ];
  printRows(rows);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

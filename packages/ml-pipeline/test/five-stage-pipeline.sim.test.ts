import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import { HAPPY_PATH_INPUT, fiveStageMocks, fiveStageStack } from './scenarios';

installMatchers();

const { pipeline } = fiveStageStack();
const definition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine);

test('the five-stage happy path runs every stage in order and feeds each stage the previous outputs', async () => {
  const calls: Record<string, any[]> = {};
  const sim = new WorkflowSimulator(definition, { mocks: fiveStageMocks({}, calls) });
  const result = await sim.run(HAPPY_PATH_INPUT, { executionName: 'churn-2026-11-24' });
  if (result.status !== 'SUCCEEDED') console.log(result.error, result.cause, result.visited.map((v) => v.name));
  expect(result).toSucceed();
});

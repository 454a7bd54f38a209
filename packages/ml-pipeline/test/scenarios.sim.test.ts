import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import { fiveStageDemoScenarios, fiveStageStack } from './scenarios';

installMatchers();

test('the demo scenarios end as they promise, with realistic timing', async () => {
  const { pipeline } = fiveStageStack();
  const definition = WorkflowDefinition.fromStateMachine(pipeline.stateMachine);
  for (const scenario of fiveStageDemoScenarios()) {
    const result = await new WorkflowSimulator(definition, { mocks: scenario.mocks, writeCoverageReport: false })
      .run(scenario.input, { executionName: scenario.executionName });
    expect({ name: scenario.name, status: result.status, error: result.error }).toEqual({ name: scenario.name, ...scenario.expected });
    // A 40-minute Databricks run and the jobs' durations are on the virtual clock.
    expect(result.elapsedSeconds).toBeGreaterThan(40 * 60);
    expect(result.lambdaInvocations).toBe(0);
  }
}, 60_000);

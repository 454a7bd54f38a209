import { WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { DEMO_SCENARIOS } from './scenarios';

/** The scenarios handed to the demo app behave as they say. */
describe.each(Object.entries(DEMO_SCENARIOS))('%s demo scenarios', (_name, workflow) => {
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(workflow.build()), {
    itemReaderItems: (workflow as any).itemReaderItems,
    writeCoverageReport: false,
  });

  test('happy path succeeds', async () => {
    const result = await sim.with({ mocks: workflow.happy.mocks() }).run(workflow.happy.input);
    expect(result.status).toBe('SUCCEEDED');
  });

  test('failure scenario ends with its named error', async () => {
    const result = await sim.with({ mocks: workflow.failure.mocks() }).run(workflow.failure.input);
    expect(result.error).toBe(workflow.failure.expectedError);
  });
});

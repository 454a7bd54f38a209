import * as os from 'node:os';
import * as path from 'node:path';
import { createExampleApp } from '../src/app';
import { costPerThousandExecutions } from '../src/demo/pricing';
import { runWorkflowScenarios } from '../src/demo/scenario-engine';
import { loadSynthesizedDefinitions } from '../src/demo/synthesized-definitions';

// The demo's scenario engine, run on the synthesized example app exactly as `npm run demo` runs it.
const { app, workflows } = createExampleApp({ outdir: path.join(os.tmpdir(), `statecraft-demo-test-${process.pid}`) });
const synthesized = loadSynthesizedDefinitions(app.synth());

test('every state machine of the example app loads and validates', () => {
  expect(synthesized.length).toBeGreaterThanOrEqual(workflows.length);
});

describe.each(workflows.map((w) => [w.name, w] as const))('%s', (_name, workflow) => {
  test('has a happy path and at least one failure scenario', () => {
    expect(workflow.scenarios.some((s) => s.expected.status === 'SUCCEEDED')).toBe(true);
    expect(workflow.scenarios.some((s) => s.expected.status !== 'SUCCEEDED')).toBe(true);
  });

  test('each scenario ends as expected and its report carries the figures', async () => {
    const logicalId = workflow.stack.getLogicalId(workflow.stateMachine.node.defaultChild as never);
    const definition = synthesized.find((s) => s.stackName === workflow.stack.stackName && s.logicalId === logicalId)!.definition;
    const runs = await runWorkflowScenarios(workflow, definition);
    for (const { report, scenario } of runs) {
      expect({ scenario: report.scenario, status: report.status, error: report.error }).toEqual({
        scenario: scenario.name,
        status: scenario.expected.status,
        error: scenario.expected.error,
      });
      expect(report.asExpected).toBe(true);
      expect(report.stateTransitions).toBeGreaterThan(report.statesVisited - 1);
      expect(report.path.length).toBeGreaterThanOrEqual(report.statesVisited);
      expect(report.costPer1000ExecutionsUsd).toBeCloseTo(costPerThousandExecutions(report.stateTransitions), 10);
      expect(report.virtualElapsedSeconds).toBeGreaterThanOrEqual(0);
    }
  });
});

test('cost per 1,000 executions follows the Standard price of USD 0.025 per 1,000 transitions', () => {
  expect(costPerThousandExecutions(40)).toBeCloseTo(1.0, 10);
});

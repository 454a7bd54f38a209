import { ExecutionResult, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { DemoScenario, DemoWorkflow } from '../demo-workflow';
import { costPerThousandExecutions } from './pricing';

/** The figures of one scenario run, as printed in the table and written to demo-out/report.json. */
export interface ScenarioReport {
  readonly workflow: string;
  readonly packageName: string;
  readonly scenario: string;
  readonly description: string;
  readonly status: string;
  readonly error?: string;
  readonly cause?: string;
  readonly expected: DemoScenario['expected'];
  /** True when the run ended as the scenario expects. */
  readonly asExpected: boolean;
  readonly statesVisited: number;
  readonly path: string[];
  readonly stateTransitions: number;
  readonly lambdaInvocations: number;
  readonly taskInvocations: Record<string, number>;
  readonly virtualElapsedSeconds: number;
  readonly costPer1000ExecutionsUsd: number;
}

export interface WorkflowRun {
  readonly workflow: DemoWorkflow;
  readonly definition: WorkflowDefinition;
  readonly scenario: DemoScenario;
  readonly result: ExecutionResult;
  readonly report: ScenarioReport;
}

/** Runs every scenario of a workflow on its synthesized definition and reports the figures. */
export async function runWorkflowScenarios(workflow: DemoWorkflow, definition: WorkflowDefinition): Promise<WorkflowRun[]> {
  const runs: WorkflowRun[] = [];
  for (const scenario of workflow.scenarios) {
    const simulator = new WorkflowSimulator(definition, {
      mocks: scenario.mocks,
      itemReaderItems: scenario.itemReaderItems,
      writeCoverageReport: false,
    });
    const result = await simulator.run(scenario.input, { executionName: scenario.executionName });
    runs.push({ workflow, definition, scenario, result, report: reportOf(workflow, scenario, result) });
  }
  return runs;
}

function reportOf(workflow: DemoWorkflow, scenario: DemoScenario, result: ExecutionResult): ScenarioReport {
  const asExpected = result.status === scenario.expected.status
    && (scenario.expected.error === undefined || result.error === scenario.expected.error);
  return {
    workflow: workflow.name,
    packageName: workflow.packageName,
    scenario: scenario.name,
    description: scenario.description,
    status: result.status,
    error: result.error,
    cause: result.cause,
    expected: scenario.expected,
    asExpected,
    statesVisited: new Set(result.visited.map((state) => state.name)).size,
    path: result.visited.map((state) => (state.attempt > 0 ? `${state.name} (retry ${state.attempt})` : state.name)),
    stateTransitions: result.transitions,
    lambdaInvocations: result.lambdaInvocations,
    taskInvocations: { ...result.taskInvocations },
    virtualElapsedSeconds: result.elapsedSeconds,
    costPer1000ExecutionsUsd: costPerThousandExecutions(result.transitions),
  };
}

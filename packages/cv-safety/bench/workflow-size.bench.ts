// Size of each shipped cv-safety workflow: states in the synthesized definition (nested ones included), definition
// bytes, and the state transitions and history events of its happy path. Prints figures; asserts nothing.
import { App, Stack } from 'aws-cdk-lib';
import { WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { buildLabelingWorkflow, buildTapePreparation, labelingScenarios, Scenario, tapeScenarios } from '../test/scenarios';

// Step Functions Standard: USD 0.025 per 1,000 state transitions (us-east-1 list price).
const USD_PER_1000_TRANSITIONS = 0.025;

function countStates(states: Record<string, any>): number {
  let count = 0;
  for (const state of Object.values(states)) {
    count += 1;
    for (const branch of state.Branches ?? []) count += countStates(branch.States);
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) count += countStates(processor.States);
  }
  return count;
}

async function figures(label: string, definition: WorkflowDefinition, scenario: Scenario): Promise<void> {
  const sim = new WorkflowSimulator(definition, { writeCoverageReport: false });
  const result = await sim.with({ mocks: scenario.mocks }).run(scenario.input);
  if (result.status !== 'SUCCEEDED') throw new Error(`${label}: the happy path ended ${result.status} ${result.error}: ${result.cause}`);
  const usd = (result.transitions * USD_PER_1000_TRANSITIONS).toFixed(3);
  console.log(`${label.padEnd(44)} states ${String(countStates(definition.asl.States)).padStart(3)}  bytes ${String(JSON.stringify(definition.asl).length).padStart(6)}`
    + `  transitions ${String(result.transitions).padStart(3)}  history events ${String(result.history?.length ?? result.events.length).padStart(3)}  USD ${usd} per 1,000 runs`);
}

async function main(): Promise<void> {
  for (const kind of ['ground-truth', 'sqs-callback', 'eventbridge-callback'] as const) {
    const stack = new Stack(new App(), `Size-${kind}`, { env: { account: '111111111111', region: 'eu-west-1' } });
    const definition = WorkflowDefinition.fromStateMachine(buildLabelingWorkflow(stack, kind).stateMachine, { name: `size-labeling-${kind}` });
    await figures(`LabelingJobWorkflow (${kind})`, definition, labelingScenarios.happy(kind));
  }
  for (const predictor of ['lambda', 'sagemaker'] as const) {
    const stack = new Stack(new App(), `Size-tape-${predictor}`, { env: { account: '111111111111', region: 'eu-west-1' } });
    const prep = buildTapePreparation(stack, { predictor, distributed: predictor === 'sagemaker' });
    const definition = WorkflowDefinition.fromStateMachine(prep.stateMachine, { name: `size-tape-${predictor}` });
    await figures(`TapeLabelingPreparation (${predictor}, 3 cameras)`, definition, tapeScenarios.happy(predictor));
  }
}

void main();

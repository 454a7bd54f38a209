// Orchestration cost: state transitions per camera (TapeLabelingPreparation) and per labeling run
// (LabelingJobWorkflow), from local executions of the synthesized definitions. Prints figures; asserts nothing.
import { App, Stack } from 'aws-cdk-lib';
import { WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { buildLabelingWorkflow, buildTapePreparation, labelingScenarios, tapeMocks } from '../test/scenarios';

// Step Functions Standard: USD 0.025 per 1,000 state transitions (us-east-1 list price).
const USD_PER_TRANSITION = 0.025 / 1000;

async function main(): Promise<void> {
  const stack = new Stack(new App(), 'Bench', { env: { account: '111111111111', region: 'eu-west-1' } });
  const tape = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(buildTapePreparation(stack).stateMachine, { name: 'bench-tape' }), { writeCoverageReport: false });
  const transitionsFor = async (cameras: number, options: { failing?: string[]; lowCoverage?: string[] } = {}) => {
    const ids = Array.from({ length: cameras }, (_, i) => `cam-${i + 1}`);
    const result = await tape.with({ mocks: tapeMocks({ cameras: ids, ...options }) }).run({});
    return result.transitions;
  };
  const one = await transitionsFor(1);
  const eleven = await transitionsFor(11);
  const perCamera = (eleven - one) / 10;
  const lowOne = await transitionsFor(2, { lowCoverage: ['cam-2'] }) - one;
  const failedOne = await transitionsFor(2, { failing: ['cam-2'] }) - one;
  const none = await transitionsFor(0);
  console.log('TapeLabelingPreparation (inline Map, 5 frames per camera, Lambda predictor, labeling started)');
  console.log(`  run with no new camera                 ${none} transitions`);
  console.log(`  run with 1 camera                      ${one} transitions`);
  console.log(`  each further prepared camera           ${perCamera} transitions  (USD ${(perCamera * USD_PER_TRANSITION * 1000).toFixed(3)} per 1,000 cameras)`);
  console.log(`  a low-coverage camera                  ${lowOne} transitions`);
  console.log(`  a failed camera (frames missing)       ~${failedOne} transitions (the run then ends with the failure states)`);
  console.log(`  1,000 cameras a month                  USD ${((one + 999 * perCamera) * USD_PER_TRANSITION).toFixed(3)} in transitions`);

  const labelingStack = new Stack(new App(), 'BenchLabeling', { env: { account: '111111111111', region: 'eu-west-1' } });
  const labeling = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(buildLabelingWorkflow(labelingStack, 'ground-truth').stateMachine, { name: 'bench-labeling' }), { writeCoverageReport: false });
  for (const scenario of [labelingScenarios.happy(), labelingScenarios.nothingToLabel()]) {
    const result = await labeling.with({ mocks: scenario.mocks }).run(scenario.input);
    console.log(`LabelingJobWorkflow (Ground Truth, 2 post-processors): ${scenario.name.padEnd(20)} ${result.transitions} transitions (USD ${(result.transitions * USD_PER_TRANSITION * 1000).toFixed(3)} per 1,000 runs)`);
  }
}

void main();

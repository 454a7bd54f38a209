import { ExecutionResult, installMatchers, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import { buildTapePreparation, Scenario, tapeMocks, tapeScenarios, TapeOptions } from './scenarios';
import { sweepExpectingEveryFaultHandled } from './support/failure-event-sweep';

installMatchers();

function simulatorFor(name: string, options: TapeOptions): WorkflowSimulator {
  const stack = new Stack(new App(), name, { env: { account: '111111111111', region: 'eu-west-1' } });
  const prep = buildTapePreparation(stack, options);
  return new WorkflowSimulator(WorkflowDefinition.fromStateMachine(prep.stateMachine, { name }));
}

const run = (sim: WorkflowSimulator, scenario: Scenario) => sim.with({ mocks: scenario.mocks }).run(scenario.input, { executionName: 'hourly-2026-11-24T0700Z' });
const names = (result: ExecutionResult) => result.visited.map((v) => v.name);
const count = (result: ExecutionResult, state: string) => result.visited.filter((v) => v.name === state).length;

// The Distributed Map variant proves each camera needs nothing from the parent but its item: a Distributed Map's child
// executions cannot read the parent's variables ("Passing data between states with variables": variable scope).
describe.each([
  ['inline Map, Lambda predictor', { predictor: 'lambda', distributed: false }],
  ['Distributed Map, SageMaker endpoint', { predictor: 'sagemaker', distributed: true }],
] as const)('TapeLabelingPreparation (%s)', (label, options) => {
  const sim = simulatorFor(`tape-labeling-preparation-${options.predictor}`, options);
  const predictor = options.predictor;

  test('happy path: every new camera gets a composite, the manifest is written, labeling starts, cameras are marked PREPARED', async () => {
    const result = await run(sim, tapeScenarios.happy(predictor));
    expect(result).toSucceed();
    expect(result.output).toMatchObject({ status: 'PREPARED', prepared: 3, lowCoverage: 0, failed: 0 });
    expect(count(result, 'Gather Frames')).toBe(3);
    expect(count(result, 'Predict Frame')).toBe(15); // 5 frames per camera
    expect(count(result, 'Vote And Stitch')).toBe(3);
    expect(count(result, 'Mark Camera Prepared')).toBe(3);
    expect(result).toHaveVisitedInOrder(['Find New Cameras', 'Prepare Each Camera', 'Write Labeling Manifest', 'Any Composites?', 'Start Labeling', 'Mark Cameras Prepared', 'Run Summary']);
    const cameras = (result.output as any).cameras;
    expect(cameras[0]).toEqual({ cameraId: 'cam-1', status: 'COMPOSITED', coverage: 0.97, composite: { bucket: expect.any(String), key: 'composites/cam-1/hourly-2026-11-24T0700Z.png' } });
  });

  test('no new camera: the run ends cleanly without any per-camera work', async () => {
    const result = await run(sim, tapeScenarios.nothingToPrepare(predictor));
    expect(result).toSucceed();
    expect(result.output).toMatchObject({ status: 'NOTHING_TO_PREPARE' });
    expect(names(result)).not.toContain('Prepare Each Camera');
  });

  test('one camera failing: its failure is recorded (it stays NEW), the others are prepared and labeled, then the run fails by name', async () => {
    const result = await run(sim, tapeScenarios.oneCameraFails(predictor));
    expect(result).toFailWith('Statecraft.CameraPreparationFailed', '1 of 3 cameras failed');
    expect(result.cause).toContain('NotEnoughFrames');
    expect(count(result, 'Record Camera Failure')).toBe(1);
    expect(count(result, 'Mark Camera Prepared')).toBe(2);
    expect(result).toHaveVisitedInOrder(['Write Labeling Manifest', 'Start Labeling', 'Mark Cameras Prepared', 'Any Camera Failed?', 'Cameras Failed', 'Publish Failure Event']);
  });

  test('low coverage: the camera is recorded for a retry next run and left out of the manifest', async () => {
    const result = await run(sim, tapeScenarios.lowCoverage(predictor));
    expect(result).toSucceed();
    expect(result.output).toMatchObject({ prepared: 1, lowCoverage: 1, failed: 0 });
    expect(count(result, 'Record Low Coverage')).toBe(1);
    expect(count(result, 'Mark Camera Prepared')).toBe(1);
  });

  test('nothing good enough: no manifest, no labeling, and the failure is reported', async () => {
    const result = await run(sim, tapeScenarios.allFailOrLow(predictor));
    expect(result).toFailWith('Statecraft.CameraPreparationFailed');
    expect(names(result)).not.toContain('Start Labeling');
    expect(names(result)).not.toContain('Mark Cameras Prepared');
  });

  test('registry bookkeeping that fails still reports the camera as failed; a failing registry query ends as Statecraft.ProcessFailed', async () => {
    const base = tapeMocks({ cameras: ['cam-1', 'cam-2'], failing: ['cam-2'], lowCoverage: ['cam-1'], predictor });
    const mocks = { ...base, states: { ...base.states, 'Record Camera Failure': { throw: { error: 'DynamoDB.ResourceNotFoundException', cause: 'gone' } }, 'Record Low Coverage': { throw: { error: 'DynamoDB.ResourceNotFoundException', cause: 'gone' } } } };
    const result = await sim.with({ mocks }).run({});
    expect(result).toFailWith('Statecraft.CameraPreparationFailed', '2 of 2 cameras failed');

    const queryFails = { ...base, states: { ...base.states, 'Find New Cameras': { throw: { error: 'DynamoDB.AccessDeniedException', cause: 'no' } } } };
    const failed = await sim.with({ mocks: queryFails }).run({});
    expect(failed).toFailWith('Statecraft.ProcessFailed', 'DynamoDB.AccessDeniedException');
    expect(failed).toHaveVisitedInOrder(['Find New Cameras', 'Publish Failure Event', 'Re-raise Failure']);
  });

  // A camera's own errors end in its bookkeeping; only a defect fails its iteration. Here the composite function answers
  // without a numeric coverage: comparing a string with a number is a JSONata error, which a Choice state cannot catch
  // ("Transforming data with JSONata in Step Functions": States.QueryEvaluationError).
  const badCoverage = () => {
    const base = tapeMocks({ cameras: ['cam-1'], predictor });
    return { ...base, states: { ...base.states, 'Vote And Stitch': { return: { Payload: { composite: { bucket: 'b', key: 'k' }, coverage: 'high' } } } } };
  };
  if (!options.distributed) {
    test('a camera iteration that fails on a defect fails the inline Map with its error, after the failure event', async () => {
      const result = await sim.with({ mocks: badCoverage() }).run({});
      expect(result).toFailWith('Statecraft.ProcessFailed', 'States.QueryEvaluationError');
      expect(result).toHaveVisitedInOrder(['Enough Coverage?', 'Publish Failure Event', 'Re-raise Failure']);
      expect(names(result)).not.toContain('Write Labeling Manifest');
    });
  } else {
    // A Map Run fails once more items failed than tolerated, by default 0, with States.ExceedToleratedFailureThreshold
    // ("Setting failure thresholds for Distributed Map states in Step Functions"), which FanOut names
    // Statecraft.FanOutFailed; aws-cdk-lib renders no threshold field for the default.
    test('a camera iteration that fails on a defect fails the Map Run: Statecraft.FanOutFailed, after the failure event', async () => {
      const result = await sim.with({ mocks: badCoverage() }).run({});
      expect(result).toFailWith('Statecraft.FanOutFailed');
      expect(result).toHaveVisitedInOrder(['Prepare Each Camera', 'Prepare Each Camera Failed', 'Publish Failure Event', 'Re-raise Failure']);
    });
  }

  test('every state is covered', () => {
    expect(sim.coverage.report().states.uncovered).toEqual([]);
  });

  test('fault sweep: zero unhandled cells', async () => {
    // Per-camera faults end in the camera's own bookkeeping; the run then fails by name after the failure event.
    await sweepExpectingEveryFaultHandled(sim, `tape-labeling-preparation-${predictor}`,
      [tapeScenarios.happy(predictor), tapeScenarios.oneCameraFails(predictor), tapeScenarios.lowCoverage(predictor)]);
    void label;
  });
});

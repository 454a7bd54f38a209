import { installMatchers, MockCall, TaskFailure, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import { BackendKind, buildLabelingWorkflow, LABELING_STATE, labelingScenarios, Scenario } from './scenarios';
import { sweepExpectingEveryFaultHandled } from './support/failure-event-sweep';

installMatchers();

function simulatorFor(kind: BackendKind): WorkflowSimulator {
  const stack = new Stack(new App(), `Labeling-${kind}`, { env: { account: '111111111111', region: 'eu-west-1' } });
  const workflow = buildLabelingWorkflow(stack, kind);
  return new WorkflowSimulator(WorkflowDefinition.fromStateMachine(workflow.stateMachine, { name: `labeling-job-${kind}` }));
}

/** Manifests the input checks reject, each naming the bad field: missing, null, of another type, or empty. */
const BAD_MANIFESTS: Array<[unknown, string]> = [
  [{ bucket: 'b' }, "'manifest'"], [{ bucket: null, key: 'k' }, 'manifest.bucket'], [{ bucket: 3, key: 'k' }, 'manifest.bucket'],
  [{ bucket: '', key: 'k' }, 'manifest.bucket'], [{ bucket: 'b', key: null }, 'manifest.key'], [{ bucket: 'b', key: false }, 'manifest.key'],
  [{ bucket: 'b', key: '' }, 'manifest.key'],
];

async function expectBadManifestsRejected(sim: WorkflowSimulator, kind: BackendKind): Promise<void> {
  for (const [manifest, field] of BAD_MANIFESTS) {
    const result = await sim.with({ mocks: labelingScenarios.happy(kind).mocks }).run({ manifest });
    expect(result).toFailWith('Statecraft.InvalidInput', field);
    expect(result.taskInvocations).toEqual({});
  }
}

async function run(sim: WorkflowSimulator, scenario: Scenario) {
  return sim.with({ mocks: scenario.mocks }).run(scenario.input, { executionName: 'run-1' });
}

describe('LabelingJobWorkflow with Ground Truth', () => {
  const sim = simulatorFor('ground-truth');

  test('happy path: selects new images, runs the Ground Truth job, post-processes in order, writes the final manifest, commits the watermark and publishes completion', async () => {
    const scenario = labelingScenarios.happy();
    const selectRequests: any[] = [];
    const recordRequest = (call: MockCall) => {
      selectRequests.push((call.input as any).Payload);
      return { Payload: { manifest: { bucket: 'labeling-bucket', key: 'labeling/input/run-1.manifest' }, itemCount: 3, watermark: '2026-11-24T06:00:00.000Z' } };
    };
    const mocks = { ...scenario.mocks, states: { ...scenario.mocks.states, 'Select Items': recordRequest } };
    const result = await sim.with({ mocks }).run(scenario.input, { executionName: 'run-1' });
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder([
      'Manifest Given?', 'Select Items', 'Anything To Label?', 'Create Ground Truth Job',
      'Post-process 1', 'Post-process 2', 'Check Labeled Manifest', 'Write Final Manifest', 'New Watermark?', 'Commit Watermark',
      'Publish Completion Event',
    ]);
    // No manifest in the input: the configured new-objects source, its selection written under this execution's name.
    expect(selectRequests).toEqual([{
      action: 'selectItems',
      newObjects: expect.objectContaining({ prefix: 'incoming/', output: { bucket: expect.any(String), key: 'labeling/input/run-1.manifest' } }),
    }]);
    const out = result.output as any;
    expect(out.status).toBe('LABELED');
    expect(out.jobName).toMatch(/^cv-labeling-[0-9a-f]{32}$/);
    expect(out.jobName.length).toBeLessThanOrEqual(63);
    expect(out.manifest).toEqual({ bucket: expect.any(String), key: `labeling/final/${out.jobName}.manifest` });
    expect(out.itemCount).toBe(3);
  });

  test('a given manifest is labeled as is and the watermark is left alone', async () => {
    const result = await run(sim, labelingScenarios.givenManifest());
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Manifest Given?', 'Select Items', 'New Watermark?', 'Publish Completion Event']);
    // The selection mock echoes the manifest it was asked for: the given one, not the configured source.
    expect(result.output).toMatchObject({ status: 'LABELED', itemCount: 12 });
    expect(result.visited.map((v) => v.name)).not.toContain('Commit Watermark');
  });

  test('nothing to label: the run ends cleanly without creating a job', async () => {
    const result = await run(sim, labelingScenarios.nothingToLabel());
    expect(result).toSucceed();
    expect(result.output).toMatchObject({ status: 'NOTHING_TO_LABEL', itemCount: 0 });
    expect(result.visited.map((v) => v.name)).not.toContain('Create Ground Truth Job');
  });

  test('a failed Ground Truth job ends with Statecraft.LabelingJobFailed after publishing the failure event', async () => {
    const result = await run(sim, labelingScenarios.groundTruthFailed());
    // The cause reaches the named error because a JSONata Catcher without Output passes the error output { Error, Cause }
    // on ("Transforming data with JSONata in Step Functions": Output defaults to $states.errorOutput in a Catch).
    expect(result).toFailWith('Statecraft.LabelingJobFailed', 'workteam not found');
    expect(result).toHaveVisitedInOrder(['Create Ground Truth Job', 'Labeling Job Failed', 'Publish Failure Event', 'Re-raise Failure']);
  });

  test('a post-processing function that keeps failing is retried, then ends with Statecraft.PostProcessingFailed', async () => {
    const result = await run(sim, labelingScenarios.postProcessingFails());
    expect(result).toFailWith('Statecraft.PostProcessingFailed', 'no annotations');
    expect(result.visited.filter((v) => v.name === 'Post-process 2')).toHaveLength(3); // 1 + postProcessingRetries (2)
    expect(result).toHaveVisitedInOrder(['Post-process 1', 'Post-process 2', 'Post-processing Failed', 'Publish Failure Event']);
    expect(result.visited.map((v) => v.name)).not.toContain('Write Final Manifest');
  });

  test('a post-processor that returns no manifest ends with Statecraft.InvalidLabelingResult', async () => {
    const result = await run(sim, labelingScenarios.invalidResult());
    expect(result).toFailWith('Statecraft.InvalidLabelingResult');
    expect(result).toHaveVisitedInOrder(['Check Labeled Manifest', 'Invalid Labeling Result', 'Publish Failure Event']);
  });

  test('bad input fails with Statecraft.InvalidInput naming the field, before any side effect', async () => {
    const result = await run(sim, labelingScenarios.badInput());
    expect(result).toFailWith('Statecraft.InvalidInput', "'manifest'");
    expect(result.taskInvocations).toEqual({});
    await expectBadManifestsRejected(sim, 'ground-truth');
  });

  test('the labeling-job quota (SageMaker.ResourceLimitExceededException) is waited out: retried after a minute, then the run labels', async () => {
    const scenario = labelingScenarios.happy();
    const create = scenario.mocks.states!['Create Ground Truth Job'] as (call: MockCall) => unknown;
    const quotaOnce = (call: MockCall) => {
      // The optimized SageMaker integration reports an exceeded quota under this name (Step Functions Developer Guide,
      // "Create and manage Amazon SageMaker AI jobs with Step Functions").
      if (call.attempt === 0) throw new TaskFailure('SageMaker.ResourceLimitExceededException', 'You have reached the limit of labeling jobs');
      return create(call);
    };
    const result = await sim.with({ mocks: { ...scenario.mocks, states: { ...scenario.mocks.states, 'Create Ground Truth Job': quotaOnce } } }).run({});
    expect(result).toSucceed();
    expect(result.visited.filter((v) => v.name === 'Create Ground Truth Job')).toHaveLength(2);
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(60);
  });

  test('a Ground Truth job that outlives its timeout ends with Statecraft.LabelingTimedOut', async () => {
    const result = await run(sim, labelingScenarios.groundTruthTimedOut());
    expect(result).toFailWith('Statecraft.LabelingTimedOut');
    expect(result).toHaveVisitedInOrder(['Create Ground Truth Job', 'Labeling Timed Out', 'Publish Failure Event', 'Re-raise Failure']);
  });

  test('a selection function that keeps failing ends with Statecraft.ItemSelectionFailed', async () => {
    const result = await run(sim, labelingScenarios.selectionFails());
    expect(result).toFailWith('Statecraft.ItemSelectionFailed', 'ManifestNotFound');
    expect(result.visited.map((v) => v.name)).not.toContain('Create Ground Truth Job');
  });

  test('S3 refusing the final copy ends as Statecraft.ProcessFailed with the S3 error in the cause, after the failure event', async () => {
    const result = await run(sim, labelingScenarios.finalCopyDenied());
    expect(result).toFailWith('Statecraft.ProcessFailed', 'S3.AccessDeniedException');
    expect(result).toHaveVisitedInOrder(['Write Final Manifest', 'Publish Failure Event', 'Re-raise Failure']);
  });

  test('every state is covered', () => {
    expect(sim).toHaveFullStateCoverage();
  });

  test('fault sweep: every fault at every task is recovered or handled (named error after the failure event)', async () => {
    await sweepExpectingEveryFaultHandled(sim, 'labeling-job-ground-truth',
      [labelingScenarios.happy(), labelingScenarios.givenManifest(), labelingScenarios.postProcessingFails()]);
  });
});

describe.each(['sqs-callback', 'eventbridge-callback'] as const)('LabelingJobWorkflow with the %s backend', (kind) => {
  const sim = simulatorFor(kind);

  test('happy path: hands the manifest and a task token to the tool, waits for its answer, then finishes', async () => {
    const scenario = labelingScenarios.happy(kind);
    let request: any;
    const mocks = {
      ...scenario.mocks,
      states: {
        ...scenario.mocks.states,
        [LABELING_STATE[kind]]: (call: MockCall) => {
          request = call.input;
          return { bucket: 'labeling-bucket', key: 'labeling/jobs/tool/output.manifest' };
        },
      },
    };
    const result = await sim.with({ mocks }).run({});
    expect(result).toSucceed();
    const body = kind === 'sqs-callback' ? JSON.parse(JSON.stringify(request.MessageBody)) : request.Entries[0].Detail;
    expect(body).toMatchObject({ taskToken: expect.any(String), jobName: expect.stringMatching(/^cv-labeling-[0-9a-f]{32}$/), itemCount: 3 });
    expect(body.manifest).toEqual({ bucket: 'labeling-bucket', key: 'labeling/input/run-1.manifest' });
  });

  test('the tool never answers: Statecraft.LabelingTimedOut after the failure event', async () => {
    const result = await run(sim, labelingScenarios.callbackTimeout(kind));
    expect(result).toFailWith('Statecraft.LabelingTimedOut');
    expect(result).toHaveVisitedInOrder([LABELING_STATE[kind], 'Labeling Timed Out', 'Publish Failure Event', 'Re-raise Failure']);
    // A tool that never answers sends no heartbeat either: with HeartbeatSeconds (6 h, SQS backend) the task fails with
    // States.HeartbeatTimeout then, else with States.Timeout at TimeoutSeconds (3 days) ("Task workflow state":
    // HeartbeatSeconds; "Handling errors": States.HeartbeatTimeout).
    expect(result.elapsedSeconds).toBe(kind === 'sqs-callback' ? 6 * 3600 : 3 * 86_400);
    expect(result.elapsedSeconds).toBeLessThan(4 * 86_400);
  });

  test('the tool reports failure: Statecraft.LabelingJobFailed with its cause', async () => {
    const result = await run(sim, labelingScenarios.toolRejects(kind));
    expect(result).toFailWith('Statecraft.LabelingJobFailed', 'dataset has no images');
  });

  test('the other paths, and every state is covered', async () => {
    for (const scenario of [
      labelingScenarios.givenManifest(kind), labelingScenarios.nothingToLabel(kind), labelingScenarios.postProcessingFails(kind),
      labelingScenarios.invalidResult(kind), labelingScenarios.selectionFails(kind), labelingScenarios.finalCopyDenied(kind),
    ]) {
      const result = await run(sim, scenario);
      if (scenario.expectedError) expect(result).toFailWith(scenario.expectedError);
      else expect(result).toSucceed();
    }
    await expectBadManifestsRejected(sim, kind);
    expect(sim).toHaveFullStateCoverage();
  });

  test('fault sweep: zero unhandled cells', async () => {
    await sweepExpectingEveryFaultHandled(sim, `labeling-job-${kind}`,
      [labelingScenarios.happy(kind), labelingScenarios.givenManifest(kind), labelingScenarios.postProcessingFails(kind)]);
  });
});

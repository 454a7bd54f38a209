/**
 * Scenarios written from packages/cv-safety/README.md alone, as a new user would: the README's "Example" in a fresh
 * stack, synthesized and run locally with @statecraft/testing, checked against what the README promises (inputs and
 * outputs, the callback request, events, named errors, defaults).
 */
import { createHash } from 'node:crypto';
// eslint-disable-next-line import/no-extraneous-dependencies -- imported by its published name, as a README reader does
import {
  CameraFanOut, EventBridgeCallbackBackend, FramePredictor, LabelingItemSource, LabelingJobWorkflow, SqsCallbackBackend, TapeLabelingPreparation,
} from '@statecraft/cv-safety';
import { ProcessSchedule } from '@statecraft/process-orchestration';
import {
  installMatchers, MockCall, SimulatorMocks, SimulatorOptions, TaskFailure, WorkflowDefinition, WorkflowSimulator,
} from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';

installMatchers();

/**
 * A simulator for these README checks. Each workflow's coverage is proven by its own test files, so these runs write
 * no coverage report (scripts/workflow-coverage.js gates the reports).
 */
function readmeCheck(definition: WorkflowDefinition, options: SimulatorOptions = {}): WorkflowSimulator {
  return new WorkflowSimulator(definition, { ...options, writeCoverageReport: false });
}

/** The README's "Example" (`cvSafety(stack, frames, detector, requests)`), in a fresh stack. */
function cvSafety(stack: Stack, frames: s3.IBucket, detector: lambda.IFunction, requests: sqs.IQueue) {
  const labeling = new LabelingJobWorkflow(stack, 'Labeling', {
    backend: new SqsCallbackBackend({ queue: requests, timeout: Duration.days(3), heartbeat: Duration.hours(6) }),
    schedule: ProcessSchedule.rate(Duration.days(1)),
    itemSource: LabelingItemSource.newObjects(frames, 'incidents/'),
  });
  const tapes = new TapeLabelingPreparation(stack, 'Tapes', {
    frameBucket: frames,
    predictor: FramePredictor.lambdaFunction(detector),
    obstructionLabels: ['person', 'forklift', 'pallet'],
    fanOut: CameraFanOut.inline(10),
    labelingWorkflow: labeling,
  });
  return { labeling, tapes };
}

const stack = new Stack(new App(), 'CvSafety', { env: { account: '111111111111', region: 'us-east-1' } });
const { labeling, tapes } = cvSafety(
  stack,
  s3.Bucket.fromBucketName(stack, 'Frames', 'acme-frames'),
  lambda.Function.fromFunctionName(stack, 'Detector', 'floor-detector'),
  sqs.Queue.fromQueueArn(stack, 'Requests', 'arn:aws:sqs:us-east-1:111111111111:labeling-requests'),
);
const labelingDefinition = WorkflowDefinition.fromStateMachine(labeling.stateMachine, { name: 'readme-scenarios-labeling' });
const tapesDefinition = WorkflowDefinition.fromStateMachine(tapes.stateMachine, { name: 'readme-scenarios-tapes' });

const selected = { manifest: { bucket: 'labeling-input', key: 'labeling/input/run.manifest' }, itemCount: 3, watermark: '2026-12-06T23:59:00Z' };
const labeled = { bucket: 'labeling-tool', key: 'jobs/run/output.manifest' };

interface Recorded { calls: MockCall[]; events: any[] }

function labelingMocks(recorded: Recorded = { calls: [], events: [] }, overrides: SimulatorMocks['states'] = {}): SimulatorMocks {
  const record = (result: unknown) => (call: MockCall) => { recorded.calls.push(call); return result; };
  return {
    states: {
      'Select Items': record({ StatusCode: 200, Payload: selected }),
      // The tool answers SendTaskSuccess with { bucket, key } of the labeled manifest.
      'Request Labeling (SQS)': record(labeled),
      ...overrides,
    },
    integrations: {
      's3:copyObject': record({ CopyObjectResult: { ETag: '"etag"' } }),
      's3:putObject': record({ ETag: '"etag"' }),
      'events:putEvents': (call: MockCall) => {
        recorded.events.push(...(call.input as any).Entries);
        return { FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] };
      },
    },
  };
}

describe('README "What it builds" (LabelingJobWorkflow) with the Example\'s SQS backend and itemSource', () => {
  test('input {} labels the new objects: output { status: LABELED, jobName, itemCount, manifest: { bucket, key } }', async () => {
    const recorded: Recorded = { calls: [], events: [] };
    const result = await readmeCheck(labelingDefinition, { mocks: labelingMocks(recorded) }).run({}, { executionName: 'daily-2026-12-07' });
    expect(result).toSucceed();
    const output = result.output as any;
    expect(output).toEqual({ status: 'LABELED', jobName: expect.any(String), itemCount: 3, manifest: { bucket: expect.any(String), key: expect.any(String) } });
    // "Job names are <jobNamePrefix>-<MD5 of the execution id>", prefix cv-labeling by default, at most 63 characters.
    const executionId = (recorded.calls.find((c) => c.stateName === 'Request Labeling (SQS)')!.input as any).MessageBody.executionId;
    expect(output.jobName).toBe(`cv-labeling-${createHash('md5').update(executionId).digest('hex')}`);
    expect(output.jobName.length).toBeLessThanOrEqual(63);
  });

  test('the SQS request is { taskToken, jobName, executionId, manifest, itemCount, output: { bucket, prefix } }', async () => {
    const recorded: Recorded = { calls: [], events: [] };
    const result = await readmeCheck(labelingDefinition, { mocks: labelingMocks(recorded) }).run({});
    const request = recorded.calls.find((c) => c.stateName === 'Request Labeling (SQS)')!;
    const body = (request.input as any).MessageBody;
    expect(Object.keys(body).sort()).toEqual(['executionId', 'itemCount', 'jobName', 'manifest', 'output', 'taskToken']);
    expect(body).toMatchObject({ taskToken: request.taskToken, jobName: (result.output as any).jobName, manifest: selected.manifest, itemCount: 3 });
    expect(Object.keys(body.output).sort()).toEqual(['bucket', 'prefix']);
  });

  test('"Labeling Job Completed" event from statecraft.cv-safety with { jobName, executionId, itemCount, manifest, backend }', async () => {
    const recorded: Recorded = { calls: [], events: [] };
    const result = await readmeCheck(labelingDefinition, { mocks: labelingMocks(recorded) }).run({});
    expect(recorded.events).toHaveLength(1);
    const [event] = recorded.events;
    expect(event).toMatchObject({ Source: 'statecraft.cv-safety', DetailType: 'Labeling Job Completed' });
    const detail = typeof event.Detail === 'string' ? JSON.parse(event.Detail) : event.Detail;
    expect(Object.keys(detail).sort()).toEqual(['backend', 'executionId', 'itemCount', 'jobName', 'manifest']);
    expect(detail).toMatchObject({ jobName: (result.output as any).jobName, itemCount: 3, manifest: (result.output as any).manifest });
  });

  test('the watermark is kept at <outputPrefix>state/watermark and advances when the run succeeds', async () => {
    const recorded: Recorded = { calls: [], events: [] };
    await readmeCheck(labelingDefinition, { mocks: labelingMocks(recorded) }).run({});
    const put = recorded.calls.find((c) => c.integration.action === 'putObject')!;
    expect(put.input).toMatchObject({ Key: 'labeling/state/watermark', Body: selected.watermark });
  });

  test('the watermark does not advance when the run fails', async () => {
    const recorded: Recorded = { calls: [], events: [] };
    const result = await readmeCheck(labelingDefinition, {
      mocks: labelingMocks(recorded, { 'Request Labeling (SQS)': () => { throw new TaskFailure('LabelingTool.Rejected', 'annotators unavailable'); } }),
    }).run({});
    expect(result.status).toBe('FAILED');
    expect(recorded.calls.filter((c) => c.integration.action === 'putObject')).toEqual([]);
  });

  test('nothing new to label: { status: NOTHING_TO_LABEL, itemCount: 0, manifest }', async () => {
    const empty = { manifest: { bucket: 'labeling-input', key: 'labeling/input/empty.manifest' }, itemCount: 0 };
    const result = await readmeCheck(labelingDefinition, {
      mocks: labelingMocks(undefined, { 'Select Items': { return: { StatusCode: 200, Payload: empty } } }),
    }).run({});
    expect(result).toSucceed();
    expect(result.output).toEqual({ status: 'NOTHING_TO_LABEL', itemCount: 0, manifest: empty.manifest });
  });

  test('input { manifest: { bucket, key } } labels the given manifest', async () => {
    const recorded: Recorded = { calls: [], events: [] };
    const given = { bucket: 'acme-frames', key: 'manifests/incidents.manifest' };
    const result = await readmeCheck(labelingDefinition, { mocks: labelingMocks(recorded) }).run({ manifest: given });
    expect(result).toSucceed();
    expect((recorded.calls.find((c) => c.stateName === 'Select Items')!.input as any).Payload.manifest).toEqual(given);
  });
});

describe('README "Named errors" (labeling)', () => {
  test.each([
    [{ manifest: { bucket: 'acme-frames' } }],
    [{ manifest: { bucket: '', key: 'k' } }],
    [{ manifest: 'acme-frames/x.manifest' }],
  ])('Statecraft.InvalidInput for %j, before any side effect', async (input) => {
    const result = await readmeCheck(labelingDefinition, { mocks: labelingMocks() }).run(input);
    expect(result).toFailWith('Statecraft.InvalidInput', 'manifest');
    expect(result.taskInvocations).toEqual({});
  });

  test('Statecraft.ItemSelectionFailed: the given manifest does not exist; the failure event is published first', async () => {
    const recorded: Recorded = { calls: [], events: [] };
    const result = await readmeCheck(labelingDefinition, {
      mocks: labelingMocks(recorded, { 'Select Items': () => { throw new TaskFailure('NoSuchKey', 'The specified key does not exist.'); } }),
    }).run({ manifest: { bucket: 'acme-frames', key: 'missing.manifest' } });
    expect(result).toFailWith('Statecraft.ItemSelectionFailed');
    expect(recorded.events.map((e) => e.DetailType)).toEqual(['Labeling Job Failed']);
    const detail = recorded.events[0].Detail;
    expect(Object.keys(typeof detail === 'string' ? JSON.parse(detail) : detail).sort()).toEqual(['cause', 'error', 'executionId']);
  });

  test('Statecraft.LabelingJobFailed: the callback tool sent SendTaskFailure', async () => {
    const result = await readmeCheck(labelingDefinition, {
      mocks: labelingMocks(undefined, { 'Request Labeling (SQS)': () => { throw new TaskFailure('LabelingTool.Rejected', 'annotators unavailable'); } }),
    }).run({});
    expect(result).toFailWith('Statecraft.LabelingJobFailed', 'annotators unavailable');
  });

  test('Statecraft.LabelingTimedOut: the tool did not heartbeat within the Example\'s 6 hours', async () => {
    const result = await readmeCheck(labelingDefinition, {
      mocks: labelingMocks(undefined, { 'Request Labeling (SQS)': { return: labeled, durationSeconds: 7 * 3600 } }),
    }).run({});
    expect(result).toFailWith('Statecraft.LabelingTimedOut');
  });

  test('Statecraft.InvalidLabelingResult: the backend returned no { bucket, key } manifest', async () => {
    const result = await readmeCheck(labelingDefinition, {
      mocks: labelingMocks(undefined, { 'Request Labeling (SQS)': { return: { bucket: 'labeling-tool' } } }),
    }).run({});
    expect(result).toFailWith('Statecraft.InvalidLabelingResult');
  });

  test('Statecraft.ProcessFailed: any other failure; the cause holds the original error and cause as JSON', async () => {
    const result = await readmeCheck(labelingDefinition, {
      mocks: labelingMocks(undefined, { 'Write Final Manifest': () => { throw new TaskFailure('S3.AccessDenied', 'Access Denied'); } }),
    }).run({});
    expect(result).toFailWith('Statecraft.ProcessFailed');
    expect(JSON.parse(result.cause!)).toMatchObject({ Error: 'S3.AccessDenied', Cause: 'Access Denied' });
  });
});

describe('README "What it builds" (TapeLabelingPreparation)', () => {
  test('no new camera: ends at once with { status: NOTHING_TO_PREPARE, prepared: 0, lowCoverage: 0, failed: 0 }', async () => {
    let query: any;
    const result = await readmeCheck(tapesDefinition, {
      mocks: { states: { 'Find New Cameras': (call: MockCall) => { query = call.input; return { Items: [], Count: 0, ScannedCount: 0 }; } } },
    }).run({});
    expect(result).toSucceed();
    expect(result.output).toEqual({ status: 'NOTHING_TO_PREPARE', prepared: 0, lowCoverage: 0, failed: 0 });
    // Step 1: the registry's status-index for status = NEW, at most maxCamerasPerRun (500 by default); never a scan.
    expect(query).toMatchObject({ IndexName: 'status-index', Limit: 500, ExpressionAttributeValues: { ':new': { S: 'NEW' } } });
  });

  test('a camera that failed is recorded (lastError, attempts) and stays NEW; the run ends with Statecraft.CameraPreparationFailed naming it', async () => {
    const registryUpdates: any[] = [];
    const result = await readmeCheck(tapesDefinition, {
      mocks: {
        states: {
          'Find New Cameras': { return: { Items: [{ cameraId: { S: 'cam-7' }, status: { S: 'NEW' } }], Count: 1, ScannedCount: 1 } },
          'Gather Frames': () => { throw new TaskFailure('NotEnoughFrames', 'cam-7 has 2 of 5 frames'); },
          // The package's manifest writer, as a reader sees it: the manifest of the composited cameras and the counts.
          'Write Labeling Manifest': (call: MockCall) => {
            const results = (call.input as any).Payload.results as any[];
            const failed = results.filter((r) => r.status === 'FAILED');
            return {
              StatusCode: 200,
              Payload: {
                manifest: (call.input as any).Payload.output,
                composited: [],
                counts: { composited: 0, lowCoverage: 0, failed: failed.length },
                failedCameras: failed.map((r) => `${r.cameraId} (${r.error})`).join(', '),
              },
            };
          },
        },
        integrations: {
          'dynamodb:updateItem': (call: MockCall) => { registryUpdates.push(call.input); return {}; },
          'events:putEvents': { return: { FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] } },
        },
      },
    }).run({});
    expect(result).toFailWith('Statecraft.CameraPreparationFailed', 'cam-7');
    expect(registryUpdates).toHaveLength(1);
    expect(registryUpdates[0].Key).toEqual({ cameraId: { S: 'cam-7' } });
    expect(registryUpdates[0].UpdateExpression).toContain('lastError');
    expect(registryUpdates[0].UpdateExpression).toContain('attempts');
    expect(registryUpdates[0].ExpressionAttributeValues[':error']).toEqual({ S: 'NotEnoughFrames' });
    expect(registryUpdates[0].UpdateExpression).not.toContain('status');
  });
});

describe('README "Defaults"', () => {
  test('Labeling: 14-day run timeout; Tape preparation: 50-minute run timeout', () => {
    expect((labelingDefinition.asl as any).TimeoutSeconds).toBe(14 * 24 * 3600);
    expect((tapesDefinition.asl as any).TimeoutSeconds).toBe(50 * 60);
  });

  test('Tape preparation: hourly, frames 0, 10, 20, 30 and 40 minutes before the run (±2 minutes)', () => {
    const template = Template.fromStack(stack);
    const schedules = Object.values(template.findResources('AWS::Scheduler::Schedule')).map((s: any) => s.Properties.ScheduleExpression);
    expect(schedules).toEqual(expect.arrayContaining(['rate(1 hour)', 'rate(1 day)']));
    const gather = JSON.stringify(tapesDefinition.asl);
    expect(gather).toContain('"offsetsSeconds":[0,600,1200,1800,2400]');
    expect(gather).toContain('"toleranceSeconds":120');
  });

  test('callback backends wait 7 days by default', () => {
    const s = new Stack(new App(), 'DefaultBackend');
    const workflow = new LabelingJobWorkflow(s, 'Labeling', {
      backend: new SqsCallbackBackend({ queue: sqs.Queue.fromQueueArn(s, 'Q', 'arn:aws:sqs:us-east-1:111111111111:q') }),
    });
    const asl = WorkflowDefinition.fromStateMachine(workflow.stateMachine, { name: 'readme-scenarios-default-backend' }).asl as any;
    const labelItems = asl.States['Label Items'].Branches[0].States;
    expect(labelItems['Request Labeling (SQS)'].TimeoutSeconds).toBe(7 * 24 * 3600);
  });

  test('created buckets are private, TLS-only, encrypted and versioned, retained on delete', () => {
    const template = Template.fromStack(stack);
    const buckets = Object.values(template.findResources('AWS::S3::Bucket')) as any[];
    expect(buckets.length).toBeGreaterThan(0);
    for (const bucket of buckets) {
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.BucketEncryption).toBeDefined();
      expect(bucket.Properties.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicAcls: true, RestrictPublicBuckets: true });
      expect(bucket.DeletionPolicy).toBe('Retain');
    }
    expect(JSON.stringify(template.findResources('AWS::S3::BucketPolicy'))).toContain('aws:SecureTransport');
  });
});

describe('README "What it builds": post-processing functions', () => {
  const s = new Stack(new App(), 'PostProcessing', { env: { account: '111111111111', region: 'us-east-1' } });
  const dedupe = lambda.Function.fromFunctionName(s, 'Dedupe', 'dedupe-labels');
  const workflow = new LabelingJobWorkflow(s, 'Labeling', {
    backend: new SqsCallbackBackend({ queue: sqs.Queue.fromQueueArn(s, 'Q', 'arn:aws:sqs:us-east-1:111111111111:labeling-requests') }),
    postProcessors: [dedupe],
  });
  const def = WorkflowDefinition.fromStateMachine(workflow.stateMachine, { name: 'readme-scenarios-post-processing' });
  const postState = (() => {
    const names: string[] = [];
    const walk = (states: Record<string, any>) => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Task' && JSON.stringify(state).includes('dedupe-labels')) names.push(name);
        for (const branch of state.Branches ?? []) walk(branch.States);
      }
    };
    walk((def.asl as any).States);
    return names[0];
  })();
  const given = { manifest: { bucket: 'acme-frames', key: 'manifests/incidents.manifest' } };
  const cleaned = { bucket: 'acme-labels', key: 'cleaned.manifest' };

  function postMocks(post: (call: MockCall) => unknown): SimulatorMocks {
    const base = labelingMocks();
    return { states: { ...base.states, [postState]: post }, integrations: base.integrations };
  }

  test('a post-processor gets { jobName, manifest: { bucket, key }, step } and its returned manifest is the final one\'s source', async () => {
    let payload: any;
    let copied: any;
    const mocksWithCopy = postMocks((call) => { payload = (call.input as any).Payload; return { StatusCode: 200, Payload: cleaned }; });
    mocksWithCopy.integrations!['s3:copyObject'] = (call: MockCall) => { copied = call.input; return { CopyObjectResult: { ETag: '"e"' } }; };
    const result = await readmeCheck(def, { mocks: mocksWithCopy }).run(given);
    expect(result).toSucceed();
    expect(Object.keys(payload).sort()).toEqual(['jobName', 'manifest', 'step']);
    expect(payload.manifest).toEqual(labeled);
    expect(copied.CopySource).toBe(`${cleaned.bucket}/${cleaned.key}`);
  });

  test('"2 post-processing retries": two failures are retried, a third ends in Statecraft.PostProcessingFailed', async () => {
    const failing = (times: number) => postMocks((call) => {
      if (call.attempt < times) throw new TaskFailure('Lambda.Unknown', 'dedupe crashed');
      return { StatusCode: 200, Payload: cleaned };
    });
    expect(await readmeCheck(def, { mocks: failing(2) }).run(given)).toSucceed();
    expect(await readmeCheck(def, { mocks: failing(3) }).run(given)).toFailWith('Statecraft.PostProcessingFailed');
  });
});

describe('README backend table: EventBridgeCallbackBackend', () => {
  test('puts the same request as the detail of a Labeling Job Requested event on your bus and waits for the token', async () => {
    const s = new Stack(new App(), 'EventBridgeBackend', { env: { account: '111111111111', region: 'us-east-1' } });
    const bus = events.EventBus.fromEventBusName(s, 'Bus', 'labeling');
    const workflow = new LabelingJobWorkflow(s, 'Labeling', { backend: new EventBridgeCallbackBackend({ eventBus: bus }) });
    const def = WorkflowDefinition.fromStateMachine(workflow.stateMachine, { name: 'readme-scenarios-eventbridge-backend' });
    const requests: any[] = [];
    const result = await readmeCheck(def, {
      mocks: {
        states: {
          // A given manifest has no watermark (that belongs to LabelingItemSource.newObjects).
          'Select Items': { return: { StatusCode: 200, Payload: { manifest: selected.manifest, itemCount: 3 } } },
          // .waitForTaskToken: the mock returns what the tool sends back with the token.
          'Request Labeling (EventBridge)': (call: MockCall) => { requests.push(...(call.input as any).Entries); return labeled; },
        },
        integrations: {
          'events:putEvents': { return: { FailedEntryCount: 0, Entries: [{ EventId: 'e' }] } },
          's3:copyObject': { return: { CopyObjectResult: { ETag: '"e"' } } },
        },
      },
    }).run({ manifest: selected.manifest });
    expect(result).toSucceed();
    expect(requests).toHaveLength(1);
    expect(requests[0].DetailType).toBe('Labeling Job Requested');
    const detail = typeof requests[0].Detail === 'string' ? JSON.parse(requests[0].Detail) : requests[0].Detail;
    expect(Object.keys(detail).sort()).toEqual(['executionId', 'itemCount', 'jobName', 'manifest', 'output', 'taskToken']);
    expect(requests[0].EventBusName).toContain('labeling');
  });
});

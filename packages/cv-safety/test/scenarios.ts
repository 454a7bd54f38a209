/**
 * Realistic instances of the cv-safety workflows, with happy-path inputs and mocks and failure scenarios.
 * The simulation tests use them, and the demo app in examples/ can import the same ones.
 */
import { CdkNagSuppressions, NodejsRuntime } from '@statecraft/process-orchestration';
import { SimulatorMocks, TaskFailure } from '@statecraft/testing';
import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { InMemoryStore } from './in-memory-store';
import { handle } from '../lambda/tape-composite/handler';
import {
  CameraFanOut, EventBridgeCallbackBackend, FramePredictor, GroundTruthBackend, GroundTruthUi, LabelingBackend, LabelingItemSource,
  LabelingJobWorkflow, SqsCallbackBackend, TapeLabelingPreparation,
} from '../src';

/** A scenario: the execution input, the mocks, and what the run must end with. */
export interface Scenario {
  readonly name: string;
  readonly input: unknown;
  readonly mocks: SimulatorMocks;
  /** The named error, or undefined for success. */
  readonly expectedError?: string;
}

/** Which labeling backend a test workflow uses. */
export type BackendKind = 'ground-truth' | 'sqs-callback' | 'eventbridge-callback';

/** A user's function (a stand-in here); its role and logging are the user's, so cdk-nag findings on it are suppressed. */
const userFunction = (scope: Construct, id: string, code: string) => {
  // A role of its own, as the user's function has: the default role's AWS managed policy makes aws-cdk-lib 2.224.0 with
  // the recommended feature flags warn (addConstructMetadataFailed) and cdk-nag report IAM4.
  const role = new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return new lambda.Function(scope, id, { runtime: NodejsRuntime.newest(), handler: 'index.handler', code: lambda.Code.fromInline(code), role });
};
const inlineFunction = (scope: Construct, id: string) => userFunction(scope, id, 'exports.handler = async (e) => e.manifest;');

/** A user's bucket (a stand-in): private, TLS-only; access logging is the user's choice. */
const userBucket = (scope: Construct, id: string) => {
  const bucket = new s3.Bucket(scope, id, { enforceSSL: true, blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
  CdkNagSuppressions.add(bucket, [{ id: 'AwsSolutions-S1', reason: 'Test fixture standing in for the user\'s bucket' }]);
  return bucket;
};

/** Ground Truth with a private workteam, built-in bounding-box UI and AWS-provided pre/post-annotation functions. */
export function groundTruthBackend(scope: Construct): GroundTruthBackend {
  const region = Stack.of(scope).region;
  const account = Stack.of(scope).account;
  return new GroundTruthBackend({
    workteamArn: `arn:aws:sagemaker:${region}:${account}:workteam/private-crowd/floor-tapes`,
    ui: GroundTruthUi.fromHumanTaskUiArn(`arn:aws:sagemaker:${region}:394669845002:human-task-ui/BoundingBox`),
    preAnnotationLambdaArn: `arn:aws:lambda:${region}:432418664414:function:PRE-BoundingBox`,
    annotationConsolidationLambdaArn: `arn:aws:lambda:${region}:432418664414:function:ACS-BoundingBox`,
    taskTitle: 'Draw a box around each floor tape segment',
    taskDescription: 'Composite warehouse floor images; mark every visible safety tape segment.',
    taskKeywords: ['images', 'bounding box', 'safety'],
    workersPerDataObject: 1,
    taskTimeLimit: Duration.minutes(10),
  });
}

export function backendOf(scope: Construct, kind: BackendKind): LabelingBackend {
  switch (kind) {
    case 'ground-truth': return groundTruthBackend(scope);
    case 'sqs-callback': {
      const deadLetters = new sqs.Queue(scope, 'LabelingRequestsDlq', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
      const queue = new sqs.Queue(scope, 'LabelingRequests', {
        enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, deadLetterQueue: { queue: deadLetters, maxReceiveCount: 5 },
      });
      return new SqsCallbackBackend({ queue, timeout: Duration.days(3), heartbeat: Duration.hours(6) });
    }
    case 'eventbridge-callback': {
      const bus = new events.EventBus(scope, 'LabelingBus');
      return new EventBridgeCallbackBackend({ eventBus: bus, timeout: Duration.days(3) });
    }
  }
}

/** A LabelingJobWorkflow over new images under `incoming/`, with two post-processing functions. */
export function buildLabelingWorkflow(scope: Construct, kind: BackendKind = 'ground-truth'): LabelingJobWorkflow {
  const images = userBucket(scope, 'CameraImages');
  return new LabelingJobWorkflow(scope, 'Labeling', {
    backend: backendOf(scope, kind),
    itemSource: LabelingItemSource.newObjects(images, 'incoming/'),
    postProcessors: [inlineFunction(scope, 'DropLowConfidence'), inlineFunction(scope, 'ConvertToCoco')],
  });
}

const WORK_BUCKET = 'labeling-bucket';
const selected = { manifest: { bucket: WORK_BUCKET, key: 'labeling/input/run-1.manifest' }, itemCount: 3, watermark: '2026-11-24T06:00:00.000Z' };
/** DescribeLabelingJob's output (what `.sync` returns), with every member the SageMaker API Reference marks required. */
const gtOutput = (call: { input: any }) => ({
  LabelingJobName: call.input.LabelingJobName,
  LabelingJobArn: `arn:aws:sagemaker:eu-west-1:111111111111:labeling-job/${call.input.LabelingJobName}`,
  CreationTime: 1795510800000,
  LastModifiedTime: 1795514400000,
  JobReferenceCode: 'a1b2c3d4',
  InputConfig: call.input.InputConfig,
  OutputConfig: call.input.OutputConfig,
  RoleArn: call.input.RoleArn,
  HumanTaskConfig: call.input.HumanTaskConfig,
  LabelAttributeName: call.input.LabelAttributeName,
  LabelingJobStatus: 'Completed',
  LabelCounters: { TotalLabeled: 3, HumanLabeled: 3, MachineLabeled: 0, FailedNonRetryableError: 0, Unlabeled: 0 },
  LabelingJobOutput: { OutputDatasetS3Uri: `s3://${WORK_BUCKET}/labeling/jobs/${call.input.LabelingJobName}/manifests/output/output.manifest` },
});
const labeledByTool = { bucket: WORK_BUCKET, key: 'labeling/jobs/tool/output.manifest' };
/** Each post-processor writes its own manifest next to the one it got. */
const postProcess = (call: { input: any }) => {
  const { manifest, step } = call.input.Payload;
  return { Payload: { bucket: manifest.bucket, key: `${manifest.key}.step${step}` } };
};

/** The name of the labeling state of each backend. */
export const LABELING_STATE: Record<BackendKind, string> = {
  'ground-truth': 'Create Ground Truth Job',
  'sqs-callback': 'Request Labeling (SQS)',
  'eventbridge-callback': 'Request Labeling (EventBridge)',
};

/** Mocks of a labeling run that succeeds (Ground Truth answers at once; a callback tool after 4 virtual hours). */
export function labelingHappyMocks(kind: BackendKind): SimulatorMocks {
  return {
    states: {
      'Select Items': { return: { Payload: selected } },
      [LABELING_STATE[kind]]: kind === 'ground-truth' ? gtOutput : { return: labeledByTool, durationSeconds: 4 * 3600 },
      'Post-process 1': postProcess,
      'Post-process 2': postProcess,
    },
    integrations: {
      's3:copyObject': { return: { CopyObjectResult: { ETag: '"abc"' } } },
      's3:putObject': { return: { ETag: '"def"' } },
      'events:putEvents': { return: { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 } },
    },
  };
}

function withStates(base: SimulatorMocks, states: SimulatorMocks['states']): SimulatorMocks {
  return { ...base, states: { ...base.states, ...states } };
}

/** A labeling run with the input `{}` that ends with `expectedError` because of the given state mocks. */
const failingRun = (name: string, expectedError: string, states: (kind: BackendKind) => SimulatorMocks['states'], defaultKind: BackendKind = 'ground-truth') =>
  (kind: BackendKind = defaultKind): Scenario => ({ name, input: {}, expectedError, mocks: withStates(labelingHappyMocks(kind), states(kind)) });

/** The labeling scenarios of the issue: happy path, nothing to label, callback timeout, post-processing failure. */
export const labelingScenarios = {
  happy: (kind: BackendKind = 'ground-truth'): Scenario => ({ name: 'labels new images', input: {}, mocks: labelingHappyMocks(kind) }),
  givenManifest: (kind: BackendKind = 'ground-truth'): Scenario => ({
    name: 'labels a given manifest',
    input: { manifest: { bucket: 'tape-bucket', key: 'manifests/run-7.manifest' } },
    mocks: withStates(labelingHappyMocks(kind), {
      'Select Items': (call) => ({ Payload: { manifest: (call.input as any).Payload.manifest, itemCount: 12, watermark: null } }),
    }),
  }),
  nothingToLabel: (kind: BackendKind = 'ground-truth'): Scenario => ({
    name: 'nothing to label',
    input: {},
    mocks: withStates(labelingHappyMocks(kind), { 'Select Items': { return: { Payload: { ...selected, itemCount: 0 } } } }),
  }),
  callbackTimeout: failingRun('callback tool never answers', 'Statecraft.LabelingTimedOut',
    (kind) => ({ [LABELING_STATE[kind]]: { return: labeledByTool, durationSeconds: 4 * 86_400 } }), 'sqs-callback'),
  toolRejects: failingRun('callback tool reports failure', 'Statecraft.LabelingJobFailed',
    (kind) => ({ [LABELING_STATE[kind]]: { throw: { error: 'LabelingTool.Rejected', cause: 'dataset has no images' } } }), 'sqs-callback'),
  groundTruthFailed: failingRun('Ground Truth job fails', 'Statecraft.LabelingJobFailed', () => ({
    'Create Ground Truth Job': { throw: { error: 'States.TaskFailed', cause: '{"LabelingJobStatus":"Failed","FailureReason":"ClientError: workteam not found"}' } },
  })),
  groundTruthTimedOut: failingRun('Ground Truth job outlives its timeout', 'Statecraft.LabelingTimedOut', () => ({
    'Create Ground Truth Job': { throw: { error: 'States.Timeout', cause: 'the labeling job outlived the task timeout' }, durationSeconds: 30 * 86_400 },
  })),
  selectionFails: failingRun('the configured manifest is missing', 'Statecraft.ItemSelectionFailed',
    () => ({ 'Select Items': { throw: { error: 'ManifestNotFound', cause: 'ManifestNotFound: s3://b/k does not exist' } } })),
  finalCopyDenied: failingRun('S3 denies the final copy', 'Statecraft.ProcessFailed',
    () => ({ 'Write Final Manifest': { throw: { error: 'S3.AccessDeniedException', cause: 'Access Denied' } } })),
  postProcessingFails: failingRun('a post-processing function keeps failing', 'Statecraft.PostProcessingFailed',
    () => ({ 'Post-process 2': { throw: { error: 'ValueError', cause: 'no annotations in line 2' } } })),
  invalidResult: failingRun('a post-processor returns no manifest', 'Statecraft.InvalidLabelingResult',
    () => ({ 'Post-process 2': { return: { Payload: { ok: true } } } })),
  badInput: (kind: BackendKind = 'ground-truth'): Scenario => ({
    name: 'manifest without key', input: { manifest: { bucket: 'b' } }, expectedError: 'Statecraft.InvalidInput', mocks: labelingHappyMocks(kind),
  }),
};


// ---------------------------------------------------------------------------------------------------------------
// TapeLabelingPreparation

/** Which predictor and fan-out a test preparation uses. */
export interface TapeOptions {
  readonly predictor?: 'lambda' | 'sagemaker';
  readonly distributed?: boolean;
  /** Start a LabelingJobWorkflow (Ground Truth) for each manifest. @default true */
  readonly withLabeling?: boolean;
}

/** An hourly TapeLabelingPreparation over the frames bucket, starting a Ground Truth labeling workflow. */
export function buildTapePreparation(scope: Construct, options: TapeOptions = {}): TapeLabelingPreparation {
  const frames = userBucket(scope, 'CameraFrames');
  const labelingWorkflow = options.withLabeling === false ? undefined : new LabelingJobWorkflow(scope, 'TapeLabeling', {
    backend: groundTruthBackend(scope),
    processName: 'tape-labeling',
  });
  const predictor = options.predictor === 'sagemaker'
    ? FramePredictor.sagemakerEndpoint('warehouse-people-detector')
    : FramePredictor.lambdaFunction(userFunction(scope, 'Detector', 'exports.handler = async () => ({ detections: [] });'));
  return new TapeLabelingPreparation(scope, 'TapePreparation', {
    frameBucket: frames,
    predictor,
    obstructionLabels: ['person', 'forklift', 'pallet'],
    fanOut: options.distributed ? CameraFanOut.distributed(50) : CameraFanOut.inline(10),
    labelingWorkflow,
  });
}

export interface TapeMockOptions {
  /** Camera ids with status NEW. */
  readonly cameras: string[];
  /** Cameras whose frame gathering keeps failing. @default none */
  readonly failing?: string[];
  /** Cameras whose composite covers only 40% of the floor. @default none */
  readonly lowCoverage?: string[];
  readonly predictor?: 'lambda' | 'sagemaker';
  /** @default true */
  readonly withLabeling?: boolean;
}

/** Mocks of an hourly run: frames 10 minutes apart, a person in each, composites at 97% coverage unless told otherwise. */
export function tapeMocks(options: TapeMockOptions): SimulatorMocks {
  const failing = new Set(options.failing ?? []);
  const low = new Set(options.lowCoverage ?? []);
  const detection = { left: 0.4, top: 0.3, width: 0.1, height: 0.4, score: 0.93, label: 'person' };
  const states: Record<string, any> = {
    'Find New Cameras': { return: { Items: options.cameras.map((id) => ({ cameraId: { S: id }, status: { S: 'NEW' } })), Count: options.cameras.length } },
    'Gather Frames': (call: any) => {
      const { cameraId } = call.input.Payload;
      if (failing.has(cameraId)) throw new TaskFailure('NotEnoughFrames', `no frame within 120s of the offsets 1800, 2400s before now (3 frames found) for ${cameraId}`);
      return { Payload: { frames: [0, 10, 20, 30, 40].map((m) => ({ bucket: 'camera-frames', key: `frames/${cameraId}/${m}.jpg` })) } };
    },
    'Predict Frame': options.predictor === 'sagemaker'
      ? { return: { Body: JSON.stringify({ prediction: [[0, 0.93, 0.4, 0.3, 0.5, 0.7]] }), ContentType: 'application/json' }, durationSeconds: 1 }
      : { return: { Payload: { detections: [detection] } }, durationSeconds: 1 },
    'Vote And Stitch': (call: any) => {
      const { cameraId, output } = call.input.Payload;
      return { Payload: { composite: output, coverage: low.has(cameraId) ? 0.4 : 0.97, width: 1920, height: 1080 } };
    },
    // The real function's split (unit-tested in tape-composite-handler.test.ts), without the S3 write.
    'Write Labeling Manifest': async (call: any) => ({ Payload: await handle(call.input.Payload, new InMemoryStore()) }),
  };
  if (options.withLabeling !== false) {
    states['Start Labeling'] = { return: { ExecutionArn: 'arn:aws:states:eu-west-1:111111111111:execution:tape-labeling:tape-1', StartDate: '2026-11-24T07:00:00Z' } };
  }
  return {
    states,
    integrations: {
      'dynamodb:updateItem': { return: {} },
      'events:putEvents': { return: { Entries: [{ EventId: 'e-1' }], FailedEntryCount: 0 } },
    },
  };
}

/** A tape scenario for either predictor: the cameras' fates, and the named error the run ends with (if any). */
const tapeScenario = (name: string, cameras: Omit<TapeMockOptions, 'predictor'>, expectedError?: string) =>
  (predictor: 'lambda' | 'sagemaker' = 'lambda'): Scenario => ({ name, input: {}, expectedError, mocks: tapeMocks({ ...cameras, predictor }) });

/** The tape scenarios of the issue. */
export const tapeScenarios = {
  happy: tapeScenario('three new cameras prepared', { cameras: ['cam-1', 'cam-2', 'cam-3'] }),
  nothingToPrepare: tapeScenario('no new camera', { cameras: [] }),
  oneCameraFails: tapeScenario('one camera fails, the others are prepared',
    { cameras: ['cam-1', 'cam-broken', 'cam-3'], failing: ['cam-broken'] }, 'Statecraft.CameraPreparationFailed'),
  lowCoverage: tapeScenario('a camera with too little clear floor is retried next run', { cameras: ['cam-1', 'cam-busy'], lowCoverage: ['cam-busy'] }),
  allFailOrLow: tapeScenario('no composite good enough',
    { cameras: ['cam-busy', 'cam-broken'], lowCoverage: ['cam-busy'], failing: ['cam-broken'] }, 'Statecraft.CameraPreparationFailed'),
};

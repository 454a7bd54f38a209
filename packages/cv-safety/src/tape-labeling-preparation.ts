import {
  CdkNagSuppressions, FanOut, FanOutItems, OrchestratedProcess, ProcessOptions, ProcessOrchestrator, ProcessSchedule,
  ValidationErrors,
} from '@statecraft/process-orchestration';
import { Duration, Size } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CameraFanOut } from './camera-fan-out';
import { CameraRegistry } from './camera-registry';
import { CvSafetyEvents } from './events';
import { FramePredictor } from './frame-predictor';
import { LabelingJobWorkflow } from './labeling-job-workflow';
import { cvSafetyFailureEvent } from './private/failure-event';
import { suppressWildcards, WILDCARD_FINDINGS } from './private/nag';
import { createSecureBucket } from './private/secure-bucket';
import { findNewCameras } from './private/tape-steps/find-new-cameras';
import { finishPreparation } from './private/tape-steps/finish-preparation';
import { prepareCamera } from './private/tape-steps/prepare-camera';
import { TapeCompositeFunction } from './tape-composite-function';

// A state's input and output are capped at 256 KiB: the camera list and the per-camera results of one run
// must fit, which about 1,000 cameras do (the rest stay NEW for the next run).
const MAX_CAMERAS_PER_RUN = 1000;
const INLINE_MAX_CONCURRENCY = 40;
const DISTRIBUTED_MAX_CONCURRENCY = 10_000;
const MAX_FRAMES = 10;

/** Props for {@link TapeLabelingPreparation}. */
export interface TapeLabelingPreparationProps extends ProcessOptions {
  /** The bucket the cameras' frames are in, at `<framePrefix><cameraId>/...` (any key names; LastModified is the capture time). */
  readonly frameBucket: s3.IBucket;
  /** Where object-detection predictions come from. */
  readonly predictor: FramePredictor;
  /**
   * Key prefix of the frames (empty, or ending with `/`).
   * @default 'frames/'
   */
  readonly framePrefix?: string;
  /**
   * How long before the run each frame was captured (2 to 10 frames; people move between them).
   * @default [0, 10, 20, 30, 40] minutes
   */
  readonly frameOffsets?: Duration[];
  /**
   * How far a frame's capture time may be from its offset.
   * @default Duration.minutes(2)
   */
  readonly frameTolerance?: Duration;
  /**
   * Cameras below this share of the image with enough clear votes (0 to 1) are retried next run instead of being labeled.
   * @default 0.9
   */
  readonly minCoverage?: number;
  /**
   * Clear frames a region needs to count as covered (1 to the number of frames).
   * @default 1
   */
  readonly minClearVotes?: number;
  /**
   * Side of a voting region in pixels (4 to 512).
   * @default 32
   */
  readonly cellSize?: number;
  /**
   * Detections below this score (0 to 1) do not obstruct the floor.
   * @default 0.5
   */
  readonly minScore?: number;
  /**
   * Pixels added around each detection box.
   * @default 8
   */
  readonly marginPixels?: number;
  /**
   * Only detections with these labels obstruct the floor.
   * @default - every label
   */
  readonly obstructionLabels?: string[];
  /**
   * An existing camera registry table (partition key `cameraId`, with a GSI on `status`).
   * @default - a CameraRegistry is created
   */
  readonly registryTable?: dynamodb.ITable;
  /**
   * The registry's status index (only with `registryTable`).
   * @default 'status-index'
   */
  readonly registryStatusIndexName?: string;
  /**
   * The bucket composites and manifests are written to.
   * @default - a private, TLS-only, encrypted, versioned bucket
   */
  readonly outputBucket?: s3.IBucket;
  /**
   * Key prefix of the composites (`<prefix><cameraId>/<execution name>.png`).
   * @default 'composites/'
   */
  readonly compositePrefix?: string;
  /**
   * Key prefix of the labeling manifests (`<prefix><execution name>.manifest`).
   * @default 'manifests/'
   */
  readonly manifestPrefix?: string;
  /**
   * How cameras fan out.
   * @default CameraFanOut.inline(10)
   */
  readonly fanOut?: CameraFanOut;
  /**
   * NEW cameras taken per run (1 to 1,000); the others wait for the next run.
   * @default 500
   */
  readonly maxCamerasPerRun?: number;
  /**
   * Start this labeling workflow (without waiting) for each run's manifest.
   * @default - none: the manifest is only written
   */
  readonly labelingWorkflow?: LabelingJobWorkflow;
  /**
   * When runs start.
   * @default ProcessSchedule.rate(Duration.hours(1))
   */
  readonly schedule?: ProcessSchedule;
  /**
   * Only on demand (no schedule).
   * @default false
   */
  readonly onDemandOnly?: boolean;
  /**
   * Memory of the voting and stitching function (1,769 MB is one vCPU).
   * @default Size.mebibytes(1769)
   */
  readonly compositeMemorySize?: Size;
  /**
   * Where `Tape Labeling Preparation Failed` events go.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * The longest a run may take.
   * @default Duration.minutes(50) (under the hourly cadence, so runs do not overlap)
   */
  readonly timeout?: Duration;
  /**
   * The process name (logs, alarms, dashboards).
   * @default 'tape-labeling-preparation'
   */
  readonly processName?: string;
  /**
   * A bucket for the created bucket's server access logs.
   * @default - no access logs
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/**
 * Every hour: finds newly onboarded cameras (status NEW in the registry), and for each builds a composite of
 * its floor with nothing standing on it, by voting across time-shifted frames and their object-detection
 * predictions; writes the composites and a labeling manifest, optionally starts a LabelingJobWorkflow, and marks
 * the cameras PREPARED. Cameras with too little coverage, or that failed, stay NEW and are retried next run.
 *
 * Input: `{}`. Output: `{ status: 'PREPARED', prepared, lowCoverage, failed: 0, cameras }` or
 * `{ status: 'NOTHING_TO_PREPARE', ... }`; fails with `Statecraft.CameraPreparationFailed` when a camera failed.
 */
export class TapeLabelingPreparation extends OrchestratedProcess {
  /** The orchestrator wrapping the state machine. */
  public readonly orchestrator: ProcessOrchestrator;
  /** The camera registry. */
  public readonly registryTable: dynamodb.ITable;
  /** The bucket composites and manifests are written to. */
  public readonly outputBucket: s3.IBucket;
  /** The voting and stitching function. */
  public readonly compositeFunction: TapeCompositeFunction;
  /** The bus failure events go to. */
  public readonly eventBus: events.IEventBus;

  constructor(scope: Construct, id: string, props: TapeLabelingPreparationProps) {
    super(scope, id);
    const offsets = props.frameOffsets ?? [0, 10, 20, 30, 40].map((m) => Duration.minutes(m));
    const settings = {
      framePrefix: props.framePrefix ?? 'frames/',
      compositePrefix: props.compositePrefix ?? 'composites/',
      manifestPrefix: props.manifestPrefix ?? 'manifests/',
      frameOffsetsSeconds: offsets.map((d) => d.toSeconds()),
      frameToleranceSeconds: (props.frameTolerance ?? Duration.minutes(2)).toSeconds(),
      minCoverage: props.minCoverage ?? 0.9,
      minClearVotes: props.minClearVotes ?? 1,
      cellSize: props.cellSize ?? 32,
      minScore: props.minScore ?? 0.5,
      marginPixels: props.marginPixels ?? 8,
      obstructionLabels: props.obstructionLabels ?? [],
      maxCameras: props.maxCamerasPerRun ?? 500,
    };
    const fanOut = props.fanOut ?? CameraFanOut.inline(10);
    validate(new ValidationErrors(this), props, settings, fanOut);

    this.outputBucket = props.outputBucket ?? createSecureBucket(this, 'OutputBucket', {
      encryptionKey: props.encryptionKey, accessLogsBucket: props.accessLogsBucket, removalPolicy: props.removalPolicy,
    });
    this.registryTable = props.registryTable
      ?? new CameraRegistry(this, 'Registry', { encryptionKey: props.encryptionKey, removalPolicy: props.removalPolicy }).table;
    const statusIndexName = props.registryStatusIndexName ?? CameraRegistry.STATUS_INDEX;
    this.eventBus = props.eventBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');

    this.compositeFunction = new TapeCompositeFunction(this, 'CompositeFunction', {
      purpose: 'Statecraft cv-safety: gathers frames, votes and stitches tape composites, writes manifests',
      memorySize: props.compositeMemorySize,
      encryptionKey: props.encryptionKey,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    const fnRole = this.compositeFunction.role;
    props.frameBucket.grantRead(fnRole, `${settings.framePrefix}*`);
    this.outputBucket.grantPut(fnRole, `${settings.compositePrefix}*`);
    this.outputBucket.grantPut(fnRole, `${settings.manifestPrefix}*`);

    const prepare = prepareCamera(this, {
      ...settings,
      compositeFunction: this.compositeFunction.function,
      predictor: props.predictor,
      table: this.registryTable,
      frameBucket: props.frameBucket,
      outputBucket: this.outputBucket,
    });
    // A Distributed Map's child executions see neither the parent's variables nor its context, so each camera gets
    // the run's start time and name with it. The results replace the state (the camera list is not needed after).
    const prepareEach = new FanOut(this, 'Prepare Each Camera', {
      items: FanOutItems.fromJsonPath('$'),
      itemProcessor: prepare,
      itemSelector: {
        cameraId: '{% $states.context.Map.Item.Value.cameraId.S %}', now: '{% $states.context.Execution.StartTime %}', runId: '{% $states.context.Execution.Name %}',
      },
      maxConcurrency: fanOut.maxConcurrency,
      distributed: fanOut.isDistributed,
      resultPath: '$',
      queryLanguage: sfn.QueryLanguage.JSONATA,
    });

    if (props.labelingWorkflow) {
      props.labelingWorkflow.addInputBucket(this.outputBucket);
    }
    const find = { table: this.registryTable, statusIndexName, maxCameras: settings.maxCameras };
    const definition = findNewCameras(this, find, sfn.Chain.start(prepareEach))
      .next(finishPreparation(this, {
        compositeFunction: this.compositeFunction.function,
        table: this.registryTable,
        outputBucket: this.outputBucket,
        manifestPrefix: settings.manifestPrefix,
        labelingStateMachine: props.labelingWorkflow?.stateMachine,
      }));

    this.orchestrator = new ProcessOrchestrator(this, 'Orchestrator', {
      ...props,
      processName: props.processName ?? 'tape-labeling-preparation',
      definition,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      failureHandler: cvSafetyFailureEvent(this, this.eventBus, CvSafetyEvents.TAPE_PREPARATION_FAILED),
      timeout: props.timeout ?? Duration.minutes(50),
      schedule: props.onDemandOnly ? undefined : props.schedule ?? ProcessSchedule.rate(Duration.hours(1)),
      comment: 'Statecraft TapeLabelingPreparation: composites of new cameras\' floor tapes for labeling',
    });
    props.encryptionKey?.grantEncryptDecrypt(this.stateMachine);
    suppressWildcards(this.orchestrator.role, 'LambdaInvoke may call any version of the named functions; CDK\'s KMS action groups on the one named key',
      [WILDCARD_FINDINGS.lambdaVersions, WILDCARD_FINDINGS.kmsActionGroups]);
    const distributedMapPolicy = this.stateMachine.node.tryFindChild('DistributedMapPolicy');
    if (distributedMapPolicy) {
      CdkNagSuppressions.add(distributedMapPolicy, [{
        id: 'AwsSolutions-IAM5',
        reason: 'A Distributed Map starts, describes and stops its own child executions, whose names Step Functions generates',
        appliesToPatterns: [WILDCARD_FINDINGS.childExecutions],
      }]);
    }
  }
}

function validate(
  errors: ValidationErrors, props: TapeLabelingPreparationProps,
  s: {
    framePrefix: string;
    compositePrefix: string;
    manifestPrefix: string;
    frameOffsetsSeconds: number[];
    frameToleranceSeconds: number;
    minCoverage: number;
    minClearVotes: number;
    cellSize: number;
    minScore: number;
    marginPixels: number;
    maxCameras: number;
  },
  fanOut: CameraFanOut,
): void {
  const frames = s.frameOffsetsSeconds.length;
  errors.addIf(frames < 2 || frames > MAX_FRAMES, 'frameOffsets', `${frames} offsets given; give 2 to ${MAX_FRAMES} (voting needs at least two frames)`);
  errors.addIf(new Set(s.frameOffsetsSeconds).size !== frames, 'frameOffsets', 'offsets must be distinct');
  errors.addIf(s.frameOffsetsSeconds.some((o) => o < 0 || o > 86_400), 'frameOffsets', 'each offset must be 0 to 24 hours before the run');
  errors.addIf(s.frameToleranceSeconds < 1, 'frameTolerance', 'must be at least 1 second');
  errors.addIf(!(s.minCoverage >= 0 && s.minCoverage <= 1), 'minCoverage', `${s.minCoverage} must be 0 to 1`);
  errors.addIf(!Number.isInteger(s.minClearVotes) || s.minClearVotes < 1 || s.minClearVotes > frames, 'minClearVotes',
    `${s.minClearVotes} must be an integer from 1 to the number of frames (${frames})`);
  errors.addIf(!Number.isInteger(s.cellSize) || s.cellSize < 4 || s.cellSize > 512, 'cellSize', `${s.cellSize} must be an integer from 4 to 512 pixels`);
  errors.addIf(!(s.minScore >= 0 && s.minScore <= 1), 'minScore', `${s.minScore} must be 0 to 1`);
  errors.addIf(!Number.isInteger(s.marginPixels) || s.marginPixels < 0, 'marginPixels', `${s.marginPixels} must be a whole number of pixels, 0 or more`);
  errors.addIf(!Number.isInteger(s.maxCameras) || s.maxCameras < 1 || s.maxCameras > MAX_CAMERAS_PER_RUN, 'maxCamerasPerRun',
    `${s.maxCameras} must be 1 to ${MAX_CAMERAS_PER_RUN} (a state's payload is capped at 256 KiB)`);
  const maxConcurrency = fanOut.isDistributed ? DISTRIBUTED_MAX_CONCURRENCY : INLINE_MAX_CONCURRENCY;
  errors.addIf(!Number.isInteger(fanOut.maxConcurrency) || fanOut.maxConcurrency < 1 || fanOut.maxConcurrency > maxConcurrency, 'fanOut',
    `maxConcurrency ${fanOut.maxConcurrency} must be 1 to ${maxConcurrency} for ${fanOut.isDistributed ? 'a Distributed' : 'an inline'} Map`);
  for (const [prop, value] of [['framePrefix', s.framePrefix], ['compositePrefix', s.compositePrefix], ['manifestPrefix', s.manifestPrefix]] as const) {
    errors.addIf(value !== '' && !/^([A-Za-z0-9!_.*'()-]+\/)+$/.test(value), prop, `'${value}' must be empty or S3 key segments ending with '/'`);
  }
  errors.addIf(props.registryStatusIndexName !== undefined && !props.registryTable, 'registryStatusIndexName', 'only applies with registryTable');
  errors.throwIfAny();
}

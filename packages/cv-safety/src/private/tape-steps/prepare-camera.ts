import { RetryPolicy } from '@statecraft/process-orchestration';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { compositeCall } from './composite-call';
import { FramePredictor } from '../../frame-predictor';

/** Props for {@link prepareCamera}. */
export interface PrepareCameraProps {
  readonly compositeFunction: lambda.IFunction;
  readonly predictor: FramePredictor;
  readonly table: dynamodb.ITable;
  readonly frameBucket: s3.IBucket;
  readonly framePrefix: string;
  readonly frameOffsetsSeconds: number[];
  readonly frameToleranceSeconds: number;
  readonly outputBucket: s3.IBucket;
  readonly compositePrefix: string;
  readonly minCoverage: number;
  readonly minClearVotes: number;
  readonly cellSize: number;
  readonly minScore: number;
  readonly marginPixels: number;
  readonly obstructionLabels: string[];
}

/**
 * One camera (input `{ cameraId, now, runId }`, kept in `$camera`): gather the time-shifted frames, predict each,
 * vote and stitch the composite, then report `COMPOSITED`, or `LOW_COVERAGE` / `FAILED` after recording it in the
 * registry (the camera stays NEW, so the next run retries it). It never fails: one camera cannot stop the others.
 */
export function prepareCamera(scope: Construct, props: PrepareCameraProps): sfn.Chain {
  const gather = compositeCall(scope, 'Gather Frames', props.compositeFunction, 'gatherFrames', {
    cameraId: '{% $states.input.cameraId %}',
    bucket: props.frameBucket.bucketName,
    prefix: props.framePrefix,
    offsetsSeconds: props.frameOffsetsSeconds,
    toleranceSeconds: props.frameToleranceSeconds,
    now: '{% $states.input.now %}',
  }, { assign: { camera: '{% $states.input %}', frames: '{% $states.result.Payload.frames %}' } });
  // Each iteration gets one frame `{ bucket, key }`; the predictor reads the camera from `$camera`.
  const predictEach = sfn.Map.jsonata(scope, 'Predict Frames', {
    items: sfn.ProvideItems.jsonata('{% $frames %}'),
    maxConcurrency: props.frameOffsetsSeconds.length,
  });
  predictEach.itemProcessor(props.predictor._createTask(scope));
  const vote = compositeCall(scope, 'Vote And Stitch', props.compositeFunction, 'composite', {
    cameraId: '{% $camera.cameraId %}',
    frames: '{% $frames %}',
    predictions: '{% $states.input %}',
    output: {
      bucket: props.outputBucket.bucketName,
      key: `{% ${JSON.stringify(props.compositePrefix)} & $camera.cameraId & '/' & $camera.runId & '.png' %}`,
    },
    cellSize: props.cellSize,
    minScore: props.minScore,
    minClearVotes: props.minClearVotes,
    marginPixels: props.marginPixels,
    obstructionLabels: props.obstructionLabels,
  }, {
    outputs: { cameraId: '{% $camera.cameraId %}', status: 'COMPOSITED', coverage: '{% $states.result.Payload.coverage %}', composite: '{% $states.result.Payload.composite %}' },
  });

  const key = { cameraId: tasks.DynamoAttributeValue.fromString('{% $camera.cameraId %}') };
  const now = tasks.DynamoAttributeValue.fromString('{% $camera.now %}');
  const one = tasks.DynamoAttributeValue.fromNumber(1);
  const cameraFailed = sfn.Pass.jsonata(scope, 'Camera Failed', {
    outputs: { cameraId: '{% $camera.cameraId %}', status: 'FAILED', error: '{% $failure.Error %}', cause: '{% $failure.Cause %}' },
  });
  const recordFailure = tasks.DynamoUpdateItem.jsonata(scope, 'Record Camera Failure', {
    table: props.table,
    key,
    updateExpression: 'SET lastError = :error, lastRunAt = :now ADD attempts :one',
    expressionAttributeValues: { ':error': tasks.DynamoAttributeValue.fromString('{% $failure.Error %}'), ':now': now, ':one': one },
  });
  recordFailure.next(cameraFailed);
  const recordLowCoverage = tasks.DynamoUpdateItem.jsonata(scope, 'Record Low Coverage', {
    table: props.table,
    key,
    updateExpression: 'SET lastCoverage = :coverage, lastRunAt = :now ADD attempts :one',
    expressionAttributeValues: { ':coverage': tasks.DynamoAttributeValue.numberFromString('{% $string($states.input.coverage) %}'), ':now': now, ':one': one },
    outputs: { cameraId: '{% $camera.cameraId %}', status: 'LOW_COVERAGE', coverage: '{% $states.input.coverage %}' },
  });
  RetryPolicy.transientServiceErrors({ errorPrefix: 'DynamoDB' }).applyTo(recordFailure, recordLowCoverage);
  const failure = { failure: '{% $states.errorOutput %}' };
  // Gather Frames' own Assign does not happen when it fails, so its Catch keeps the camera too.
  gather.addCatch(recordFailure, { errors: [sfn.Errors.ALL], assign: { ...failure, camera: '{% $states.input %}' } });
  for (const state of [predictEach, vote]) state.addCatch(recordFailure, { errors: [sfn.Errors.ALL], assign: failure });
  // Bookkeeping that itself fails still reports the camera as failed rather than failing the fan-out: with the
  // original error when recording a failure, with the bookkeeping error when recording low coverage.
  recordFailure.addCatch(cameraFailed, { errors: [sfn.Errors.ALL] });
  recordLowCoverage.addCatch(cameraFailed, { errors: [sfn.Errors.ALL], assign: failure });

  const ready = sfn.Pass.jsonata(scope, 'Composite Ready');
  gather.next(predictEach).next(vote).next(sfn.Choice.jsonata(scope, 'Enough Coverage?')
    .when(sfn.Condition.jsonata(`{% $states.input.coverage >= ${props.minCoverage} %}`), ready)
    .otherwise(recordLowCoverage));
  return sfn.Chain.custom(gather, [ready, recordLowCoverage, cameraFailed], ready);
}

import { RetryPolicy } from '@statecraft/process-orchestration';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FramePredictor } from '../frame-predictor';

/** Props for {@link PrepareCamera}. */
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
 * One camera (input `{ cameraId, now, runId }`): gather the time-shifted frames, predict each, vote and stitch
 * the composite, then report `COMPOSITED`, or `LOW_COVERAGE` / `FAILED` after recording it in the registry
 * (the camera stays NEW, so the next run retries it). It never fails: one camera cannot stop the others.
 */
export class PrepareCamera extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: PrepareCameraProps) {
    super(scope, id);
    const gather = new tasks.LambdaInvoke(this, 'Gather Frames', {
      lambdaFunction: props.compositeFunction,
      payload: sfn.TaskInput.fromObject({
        'action': 'gatherFrames',
        'cameraId.$': '$.cameraId',
        'bucket': props.frameBucket.bucketName,
        'prefix': props.framePrefix,
        'offsetsSeconds': props.frameOffsetsSeconds,
        'toleranceSeconds': props.frameToleranceSeconds,
        'now.$': '$.now',
      }),
      resultSelector: { 'frames.$': '$.Payload.frames' },
      resultPath: '$.gathered',
      retryOnServiceExceptions: false,
    });
    const predictEach = new sfn.Map(this, 'Predict Frames', {
      itemsPath: '$.gathered.frames',
      itemSelector: {
        'cameraId.$': '$.cameraId',
        'frame.$': '$$.Map.Item.Value',
        'request': { 's3Uri.$': "States.Format('s3://{}/{}', $$.Map.Item.Value.bucket, $$.Map.Item.Value.key)" },
      },
      maxConcurrency: props.frameOffsetsSeconds.length,
      resultPath: '$.predictions',
    });
    predictEach.itemProcessor(props.predictor._createTask(this));
    const vote = new tasks.LambdaInvoke(this, 'Vote And Stitch', {
      lambdaFunction: props.compositeFunction,
      payload: sfn.TaskInput.fromObject({
        'action': 'composite',
        'cameraId.$': '$.cameraId',
        'frames.$': '$.gathered.frames',
        'predictions.$': '$.predictions',
        'output': { 'bucket': props.outputBucket.bucketName, 'key.$': `States.Format('${props.compositePrefix}{}/{}.png', $.cameraId, $.runId)` },
        'cellSize': props.cellSize,
        'minScore': props.minScore,
        'minClearVotes': props.minClearVotes,
        'marginPixels': props.marginPixels,
        'obstructionLabels': props.obstructionLabels,
      }),
      resultSelector: { 'composite.$': '$.Payload.composite', 'coverage.$': '$.Payload.coverage' },
      resultPath: '$.result',
      retryOnServiceExceptions: false,
    });
    RetryPolicy.transientAwsErrors().applyTo(gather, vote);

    const key = { cameraId: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.cameraId')) };
    const cameraFailed = new sfn.Pass(this, 'Camera Failed', {
      parameters: { 'cameraId.$': '$.cameraId', 'status': 'FAILED', 'error.$': '$.error.Error', 'cause.$': '$.error.Cause' },
    });
    const recordFailure = new tasks.DynamoUpdateItem(this, 'Record Camera Failure', {
      table: props.table,
      key,
      updateExpression: 'SET lastError = :error, lastRunAt = :now ADD attempts :one',
      expressionAttributeValues: {
        ':error': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.error.Error')),
        ':now': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.now')),
        ':one': tasks.DynamoAttributeValue.fromNumber(1),
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    recordFailure.next(cameraFailed);
    const recordLowCoverage = new tasks.DynamoUpdateItem(this, 'Record Low Coverage', {
      table: props.table,
      key,
      updateExpression: 'SET lastCoverage = :coverage, lastRunAt = :now ADD attempts :one',
      expressionAttributeValues: {
        ':coverage': tasks.DynamoAttributeValue.numberFromString(sfn.JsonPath.format('{}', sfn.JsonPath.stringAt('$.result.coverage'))),
        ':now': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.now')),
        ':one': tasks.DynamoAttributeValue.fromNumber(1),
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    const lowCoverage = new sfn.Pass(this, 'Low Coverage', {
      parameters: { 'cameraId.$': '$.cameraId', 'status': 'LOW_COVERAGE', 'coverage.$': '$.result.coverage' },
    });
    recordLowCoverage.next(lowCoverage);
    RetryPolicy.transientAwsErrors().applyTo(recordFailure, recordLowCoverage);
    // Bookkeeping that itself fails still reports the camera as failed rather than failing the fan-out.
    recordFailure.addCatch(cameraFailed, { errors: [sfn.Errors.ALL], resultPath: '$.bookkeepingError' });
    recordLowCoverage.addCatch(cameraFailed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    for (const state of [gather, vote]) state.addCatch(recordFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
    predictEach.addCatch(recordFailure, { errors: [sfn.Errors.ALL], resultPath: '$.error' });

    const ready = new sfn.Pass(this, 'Composite Ready', {
      parameters: { 'cameraId.$': '$.cameraId', 'status': 'COMPOSITED', 'coverage.$': '$.result.coverage', 'composite.$': '$.result.composite' },
    });
    gather.next(predictEach).next(vote).next(new sfn.Choice(this, 'Enough Coverage?')
      .when(sfn.Condition.numberGreaterThanEquals('$.result.coverage', props.minCoverage), ready)
      .otherwise(recordLowCoverage));
    this.startState = gather;
    this.endStates = [ready, lowCoverage, cameraFailed];
  }
}

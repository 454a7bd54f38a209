import { RetryPolicy } from '@statecraft/process-orchestration';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyErrors } from '../cv-safety-errors';

/** Props for {@link FinishPreparation}. */
export interface FinishPreparationProps {
  readonly compositeFunction: lambda.IFunction;
  readonly table: dynamodb.ITable;
  readonly outputBucket: s3.IBucket;
  readonly manifestPrefix: string;
  /** Started (without waiting) with `{ manifest: { bucket, key } }` when given. */
  readonly labelingStateMachine?: sfn.IStateMachine;
}

/**
 * After the fan-out (`$.results`): writes the labeling manifest of the composited cameras (the function also
 * splits and counts the results), optionally starts the labeling workflow, marks those cameras PREPARED, and ends with `Statecraft.CameraPreparationFailed` if any
 * camera failed (after all that bookkeeping), or with the run summary.
 */
export class FinishPreparation extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: FinishPreparationProps) {
    super(scope, id);
    const writeManifest = new tasks.LambdaInvoke(this, 'Write Labeling Manifest', {
      lambdaFunction: props.compositeFunction,
      payload: sfn.TaskInput.fromObject({
        'action': 'writeManifest',
        'results.$': '$.results',
        'output': { 'bucket': props.outputBucket.bucketName, 'key.$': `States.Format('${props.manifestPrefix}{}.manifest', $$.Execution.Name)` },
      }),
      resultSelector: {
        'manifest.$': '$.Payload.manifest',
        'counts.$': '$.Payload.counts',
        'composited.$': '$.Payload.composited',
        'failedCameras.$': '$.Payload.failedCameras',
      },
      resultPath: '$.summary',
      retryOnServiceExceptions: false,
    });
    const markPrepared = new sfn.Map(this, 'Mark Cameras Prepared', {
      itemsPath: '$.summary.composited',
      itemSelector: {
        'camera.$': '$$.Map.Item.Value',
        'manifestKey.$': '$.summary.manifest.key',
        'now.$': '$$.Execution.StartTime',
      },
      maxConcurrency: 10, // DynamoDB takes far more, but a burst of 10 keeps the registry's write capacity for onboarding
      resultPath: sfn.JsonPath.DISCARD,
    });
    const mark = new tasks.DynamoUpdateItem(this, 'Mark Camera Prepared', {
      table: props.table,
      key: { cameraId: tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.camera.cameraId')) },
      updateExpression: 'SET #status = :prepared, compositeKey = :composite, coverage = :coverage, manifestKey = :manifest, preparedAt = :now',
      expressionAttributeNames: { '#status': 'status' },
      expressionAttributeValues: {
        ':prepared': tasks.DynamoAttributeValue.fromString('PREPARED'),
        ':composite': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.camera.compositeKey')),
        ':coverage': tasks.DynamoAttributeValue.numberFromString(sfn.JsonPath.format('{}', sfn.JsonPath.stringAt('$.camera.coverage'))),
        ':manifest': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.manifestKey')),
        ':now': tasks.DynamoAttributeValue.fromString(sfn.JsonPath.stringAt('$.now')),
      },
      resultPath: sfn.JsonPath.DISCARD,
    });
    markPrepared.itemProcessor(mark);
    RetryPolicy.transientAwsErrors().applyTo(writeManifest, mark);

    const describeFailures = new sfn.Pass(this, 'Describe Camera Failures', {
      parameters: {
        'cause.$': "States.Format('{} of {} cameras failed and stay NEW for the next run: {}', $.summary.counts.failed, $.cameras.count, $.summary.failedCameras)",
      },
      resultPath: '$.cameraFailure',
    });
    const failed = new sfn.Fail(this, 'Cameras Failed', { error: CvSafetyErrors.CAMERA_PREPARATION_FAILED, causePath: '$.cameraFailure.cause' });
    const done = new sfn.Pass(this, 'Run Summary', {
      parameters: {
        'status': 'PREPARED',
        'prepared.$': '$.summary.counts.composited',
        'lowCoverage.$': '$.summary.counts.lowCoverage',
        'failed.$': '$.summary.counts.failed',
        'cameras.$': '$.results',
      },
    });
    const anyFailed = new sfn.Choice(this, 'Any Camera Failed?')
      .when(sfn.Condition.numberGreaterThan('$.summary.counts.failed', 0), describeFailures.next(failed))
      .otherwise(done);

    let firstWithComposites: sfn.State = markPrepared;
    if (props.labelingStateMachine) {
      const start = new tasks.StepFunctionsStartExecution(this, 'Start Labeling', {
        stateMachine: props.labelingStateMachine,
        integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
        input: sfn.TaskInput.fromObject({ 'manifest.$': '$.summary.manifest' }),
        // Named from this execution, so a retried start cannot start labeling twice.
        name: sfn.JsonPath.format('tape-{}', sfn.JsonPath.hash(sfn.JsonPath.stringAt('$$.Execution.Id'), 'MD5')),
        resultSelector: { 'executionArn.$': '$.ExecutionArn' },
        resultPath: '$.labeling',
      });
      RetryPolicy.transientAwsErrors().applyTo(start);
      start.next(markPrepared);
      firstWithComposites = start;
    }
    markPrepared.next(anyFailed);

    writeManifest.next(new sfn.Choice(this, 'Any Composites?')
      .when(sfn.Condition.numberGreaterThan('$.summary.counts.composited', 0), firstWithComposites)
      .otherwise(anyFailed));
    this.startState = writeManifest;
    this.endStates = [done];
  }
}

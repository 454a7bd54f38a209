import { RetryPolicy } from '@statecraft/process-orchestration';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { compositeCall } from './composite-call';
import { CvSafetyErrors } from '../../errors';

/** Props for {@link finishPreparation}. */
export interface FinishPreparationProps {
  readonly compositeFunction: lambda.IFunction;
  readonly table: dynamodb.ITable;
  readonly outputBucket: s3.IBucket;
  readonly manifestPrefix: string;
  /** Started (without waiting) with `{ manifest: { bucket, key } }` when given. */
  readonly labelingStateMachine?: sfn.IStateMachine;
}

/**
 * After the fan-out (the per-camera results as the state, kept in `$results`): writes the labeling manifest of the composited cameras
 * (the function also splits and counts the results into `$summary`), optionally starts the labeling workflow, marks
 * those cameras PREPARED, and ends with `Statecraft.CameraPreparationFailed` if any camera failed (after all that
 * bookkeeping), or with the run summary.
 */
export function finishPreparation(scope: Construct, props: FinishPreparationProps): sfn.Chain {
  const writeManifest = compositeCall(scope, 'Write Labeling Manifest', props.compositeFunction, 'writeManifest', {
    results: '{% $states.input %}',
    output: { bucket: props.outputBucket.bucketName, key: `{% ${JSON.stringify(props.manifestPrefix)} & $states.context.Execution.Name & '.manifest' %}` },
  }, { assign: { results: '{% $states.input %}', summary: '{% $states.result.Payload %}' } });
  const markPrepared = sfn.Map.jsonata(scope, 'Mark Cameras Prepared', {
    items: sfn.ProvideItems.jsonata('{% $summary.composited %}'),
    maxConcurrency: 10, // DynamoDB takes far more, but a burst of 10 keeps the registry's write capacity for onboarding
  });
  const mark = tasks.DynamoUpdateItem.jsonata(scope, 'Mark Camera Prepared', {
    table: props.table,
    key: { cameraId: tasks.DynamoAttributeValue.fromString('{% $states.input.cameraId %}') },
    updateExpression: 'SET #status = :prepared, compositeKey = :composite, coverage = :coverage, manifestKey = :manifest, preparedAt = :now',
    expressionAttributeNames: { '#status': 'status' },
    expressionAttributeValues: {
      ':prepared': tasks.DynamoAttributeValue.fromString('PREPARED'),
      ':composite': tasks.DynamoAttributeValue.fromString('{% $states.input.compositeKey %}'),
      ':coverage': tasks.DynamoAttributeValue.numberFromString('{% $string($states.input.coverage) %}'),
      ':manifest': tasks.DynamoAttributeValue.fromString('{% $summary.manifest.key %}'),
      ':now': tasks.DynamoAttributeValue.fromString('{% $states.context.Execution.StartTime %}'),
    },
  });
  markPrepared.itemProcessor(mark);
  RetryPolicy.transientServiceErrors({ errorPrefix: 'DynamoDB' }).applyTo(mark);

  const failed = sfn.Fail.jsonata(scope, 'Cameras Failed', {
    error: CvSafetyErrors.CAMERA_PREPARATION_FAILED,
    cause: "{% $summary.counts.failed & ' of ' & $cameraCount & ' cameras failed and stay NEW for the next run: ' & $summary.failedCameras %}",
  });
  const done = sfn.Pass.jsonata(scope, 'Run Summary', {
    outputs: {
      status: 'PREPARED',
      prepared: '{% $summary.counts.composited %}',
      lowCoverage: '{% $summary.counts.lowCoverage %}',
      failed: '{% $summary.counts.failed %}',
      cameras: '{% $results %}',
    },
  });
  const anyFailed = sfn.Choice.jsonata(scope, 'Any Camera Failed?')
    .when(sfn.Condition.jsonata('{% $summary.counts.failed > 0 %}'), failed)
    .otherwise(done);

  let firstWithComposites: sfn.State = markPrepared;
  if (props.labelingStateMachine) {
    const start = tasks.StepFunctionsStartExecution.jsonata(scope, 'Start Labeling', {
      stateMachine: props.labelingStateMachine,
      integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
      input: sfn.TaskInput.fromObject({ manifest: '{% $summary.manifest %}' }),
      // Named from this execution, so a retried start cannot start labeling twice.
      name: "{% 'tape-' & $hash($states.context.Execution.Id, 'MD5') %}",
    });
    RetryPolicy.transientServiceErrors({ errorPrefix: 'StepFunctions' }).applyTo(start);
    start.next(markPrepared);
    firstWithComposites = start;
  }
  markPrepared.next(anyFailed);
  const anyComposites = sfn.Choice.jsonata(scope, 'Any Composites?')
    .when(sfn.Condition.jsonata('{% $summary.counts.composited > 0 %}'), firstWithComposites)
    .otherwise(anyFailed);
  writeManifest.next(anyComposites);
  return sfn.Chain.custom(writeManifest, [done], done);
}

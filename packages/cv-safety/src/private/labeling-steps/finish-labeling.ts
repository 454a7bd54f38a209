import { RetryPolicy } from '@statecraft/process-orchestration';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyErrors } from '../../errors';
import { CvSafetyEvents } from '../../events';

/** Props for {@link finishLabeling}. */
export interface FinishLabelingProps {
  readonly bucket: s3.IBucket;
  readonly outputPrefix: string;
  /** Buckets the labeled manifest may be copied from. */
  readonly sourceBuckets: s3.IBucket[];
  readonly eventBus: events.IEventBus;
  readonly backendName: string;
}

/**
 * Checks that the labeled manifest (state input `{ manifest }`) is `{ bucket, key }` (else
 * `Statecraft.InvalidLabelingResult`), copies it to its final key, advances the new-objects watermark (when there is
 * one), and publishes `Labeling Job Completed`, whose output is the run's: `{ status: 'LABELED', jobName, itemCount,
 * manifest }`. An S3 or EventBridge failure after retries reaches the failure handler as it is and ends the run as
 * `Statecraft.ProcessFailed` (the original error and cause in the cause).
 */
export function finishLabeling(scope: Construct, props: FinishLabelingProps): sfn.Chain {
  const invalid = sfn.Fail.jsonata(scope, 'Invalid Labeling Result', {
    error: CvSafetyErrors.INVALID_LABELING_RESULT,
    cause: 'The labeling backend or a post-processing function returned no labeled manifest { bucket, key }',
  });
  const copy = tasks.CallAwsService.jsonata(scope, 'Write Final Manifest', {
    service: 's3',
    action: 'copyObject',
    parameters: {
      Bucket: props.bucket.bucketName,
      Key: '{% $job.finalManifest.key %}',
      CopySource: "{% $states.input.manifest.bucket & '/' & $states.input.manifest.key %}",
      ContentType: 'application/x-ndjson',
      MetadataDirective: 'REPLACE',
    },
    iamResources: [props.bucket.arnForObjects(`${props.outputPrefix}final/*`)],
    iamAction: 's3:PutObject',
    additionalIamStatements: [new iam.PolicyStatement({
      actions: ['s3:GetObject'],
      resources: props.sourceBuckets.map((b) => b.arnForObjects('*')),
    })],
  });
  const watermark = tasks.CallAwsService.jsonata(scope, 'Commit Watermark', {
    service: 's3',
    action: 'putObject',
    parameters: { Bucket: props.bucket.bucketName, Key: `${props.outputPrefix}state/watermark`, Body: '{% $selection.watermark %}' },
    iamResources: [props.bucket.arnForObjects(`${props.outputPrefix}state/watermark`)],
    iamAction: 's3:PutObject',
  });
  const publish = tasks.EventBridgePutEvents.jsonata(scope, 'Publish Completion Event', {
    entries: [{
      eventBus: props.eventBus,
      source: CvSafetyEvents.SOURCE,
      detailType: CvSafetyEvents.LABELING_JOB_COMPLETED,
      detail: sfn.TaskInput.fromObject({
        jobName: '{% $job.name %}',
        executionId: '{% $states.context.Execution.Id %}',
        itemCount: '{% $selection.itemCount %}',
        manifest: '{% $job.finalManifest %}',
        backend: props.backendName,
      }),
    }],
    outputs: { status: 'LABELED', jobName: '{% $job.name %}', itemCount: '{% $selection.itemCount %}', manifest: '{% $job.finalManifest %}' },
  });
  RetryPolicy.transientServiceErrors({ errorPrefix: 'S3', additionalErrors: ['S3.SdkClientException', 'S3.S3Exception'] }).applyTo(copy, watermark);
  RetryPolicy.transientServiceErrors({ errorPrefix: 'EventBridge' }).applyTo(publish);
  const manifest = '$states.input.manifest';
  const check = sfn.Choice.jsonata(scope, 'Check Labeled Manifest')
    .when(sfn.Condition.jsonata(`{% $type(${manifest}.bucket) = 'string' and $type(${manifest}.key) = 'string' %}`), copy)
    .otherwise(invalid);
  copy.next(sfn.Choice.jsonata(scope, 'New Watermark?')
    .when(sfn.Condition.jsonata("{% $type($selection.watermark) = 'string' %}"), watermark.next(publish))
    .otherwise(publish));
  return sfn.Chain.custom(check, [publish], publish);
}

import { RetryPolicy } from '@statecraft/process-orchestration';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyEvents } from '../cv-safety-errors';

/** Props for {@link FinishLabeling}. */
export interface FinishLabelingProps {
  readonly bucket: s3.IBucket;
  readonly outputPrefix: string;
  /** Buckets the labeled manifest may be copied from. */
  readonly sourceBuckets: s3.IBucket[];
  readonly eventBus: events.IEventBus;
  readonly backendName: string;
}

/**
 * Copies the labeled manifest to its final key, advances the new-objects watermark (when there is one), and
 * publishes `Labeling Job Completed`. A failure after retries reaches the failure handler as it is and ends
 * the run as `Statecraft.ProcessFailed` (the original error and cause in the cause).
 */
export class FinishLabeling extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: FinishLabelingProps) {
    super(scope, id);
    const copy = new tasks.CallAwsService(this, 'Write Final Manifest', {
      service: 's3',
      action: 'copyObject',
      parameters: {
        'Bucket': props.bucket.bucketName,
        'Key.$': '$.job.finalManifest.key',
        'CopySource.$': "States.Format('{}/{}', $.labeled.manifest.bucket, $.labeled.manifest.key)",
        'ContentType': 'application/x-ndjson',
        'MetadataDirective': 'REPLACE',
      },
      iamResources: [props.bucket.arnForObjects(`${props.outputPrefix}final/*`)],
      iamAction: 's3:PutObject',
      additionalIamStatements: [new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: props.sourceBuckets.map((b) => b.arnForObjects('*')),
      })],
      resultPath: sfn.JsonPath.DISCARD,
    });
    const watermark = new tasks.CallAwsService(this, 'Commit Watermark', {
      service: 's3',
      action: 'putObject',
      parameters: { 'Bucket': props.bucket.bucketName, 'Key': `${props.outputPrefix}state/watermark`, 'Body.$': '$.selection.watermark' },
      iamResources: [props.bucket.arnForObjects(`${props.outputPrefix}state/watermark`)],
      iamAction: 's3:PutObject',
      resultPath: sfn.JsonPath.DISCARD,
    });
    const publish = new tasks.EventBridgePutEvents(this, 'Publish Completion Event', {
      entries: [{
        eventBus: props.eventBus,
        source: CvSafetyEvents.SOURCE,
        detailType: CvSafetyEvents.LABELING_JOB_COMPLETED,
        detail: sfn.TaskInput.fromObject({
          'jobName.$': '$.job.name',
          'executionId.$': '$$.Execution.Id',
          'itemCount.$': '$.selection.itemCount',
          'manifest.$': '$.job.finalManifest',
          'backend': props.backendName,
        }),
      }],
      resultPath: sfn.JsonPath.DISCARD,
    });
    const done = new sfn.Pass(this, 'Labeling Complete', {
      parameters: { 'status': 'LABELED', 'jobName.$': '$.job.name', 'itemCount.$': '$.selection.itemCount', 'manifest.$': '$.job.finalManifest' },
    });
    RetryPolicy.transientAwsErrors({ additionalErrors: ['S3.SdkClientException', 'S3.S3Exception'] }).applyTo(copy, watermark, publish);
    const newWatermark = new sfn.Choice(this, 'New Watermark?')
      .when(sfn.Condition.isString('$.selection.watermark'), watermark.next(publish))
      .otherwise(publish);
    publish.next(done);
    copy.next(newWatermark);
    this.startState = copy;
    this.endStates = [done];
  }
}

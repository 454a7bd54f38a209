import { awsSolutionsFindings } from '@statecraft/testing';
import { Aspects, Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ExecutionStatus, ExecutionStatusHandler, FanOut, FanOutItems, ProcessMonitoring, ProcessOrchestrator, ProcessSchedule, RolloutType } from '../src';
import { nightlyBatch, orderSaga, testStack } from './example-workflows';

/** The unsuppressed AwsSolutions findings of `stack` (see @statecraft/testing's awsSolutionsFindings). */
function findings(stack: ReturnType<typeof testStack>): string[] {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  return awsSolutionsFindings(stack);
}

describe('cdk-nag AwsSolutions', () => {
  test('a default ProcessOrchestrator has no unsuppressed finding', () => {
    const stack = testStack();
    new ProcessOrchestrator(stack, 'Orchestrator', { processName: 'default', definition: new sfn.Pass(stack, 'Work') });
    expect(findings(stack)).toEqual([]);
  });

  test('every option on (key, schedule, versioning, operator role, dashboard, distributed fan-out), status handlers and the example workflows have no unsuppressed finding', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const batch = nightlyBatch(stack, {
      encryptionKey: key,
      schedule: ProcessSchedule.rate(Duration.hours(1)),
      versioning: { rollout: RolloutType.LINEAR },
      operatorPrincipal: new iam.AccountRootPrincipal(),
    });
    const objects = new ProcessOrchestrator(stack, 'Objects', {
      processName: 'objects',
      definition: new FanOut(stack, 'Each Object', {
        items: FanOutItems.fromS3Objects(s3.Bucket.fromBucketName(stack, 'Inbox', 'inbox-bucket')),
        itemProcessor: new sfn.Pass(stack, 'Handle'),
        resultBucket: s3.Bucket.fromBucketName(stack, 'Out', 'out-bucket'),
      }),
    });
    new ProcessMonitoring(stack, 'Monitoring', { processes: [batch, orderSaga(stack), objects] });
    new ExecutionStatusHandler(stack, 'On Batch Aborted', {
      stateMachine: batch.stateMachine,
      statuses: [ExecutionStatus.ABORTED],
      handler: new sfn.Pass(stack, 'Clean Up'),
      processName: 'batch-aborted',
      encryptionKey: key,
    });
    new ExecutionStatusHandler(stack, 'On Objects Failed', {
      stateMachine: objects.stateMachine, statuses: [ExecutionStatus.FAILED], handler: new sfn.Pass(stack, 'Record'), processName: 'objects-failed',
    });
    expect(findings(stack)).toEqual([]);
  });
});

// The README's "## Example" code block, verbatim (only the import path points at ../src): keeps the README honest.
// The block's own imports stay as written, so the test's imports come after it.
/* eslint-disable import/no-duplicates, import/order */
import { Duration, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ProcessSchedule } from '@statecraft/process-orchestration';
import {
  CameraFanOut, FramePredictor, LabelingItemSource, LabelingJobWorkflow, SqsCallbackBackend, TapeLabelingPreparation,
} from '../src';

export function cvSafety(stack: Stack, frames: s3.IBucket, detector: lambda.IFunction, requests: sqs.IQueue) {
  // Labeling through your own tool: it reads requests from the queue and answers the task token.
  const labeling = new LabelingJobWorkflow(stack, 'Labeling', {
    backend: new SqsCallbackBackend({ queue: requests, timeout: Duration.days(3), heartbeat: Duration.hours(6) }),
    schedule: ProcessSchedule.rate(Duration.days(1)),
    itemSource: LabelingItemSource.newObjects(frames, 'incidents/'),
  });

  // Every hour: composites of the new cameras' floors, sent to the labeling workflow.
  return new TapeLabelingPreparation(stack, 'Tapes', {
    frameBucket: frames,
    predictor: FramePredictor.lambdaFunction(detector),
    obstructionLabels: ['person', 'forklift', 'pallet'],
    fanOut: CameraFanOut.inline(10),
    labelingWorkflow: labeling,
  });
}

// ---- end of the README block ----
import { App, Aspects } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { awsSolutionsFindings } from '@statecraft/testing';
import { AwsSolutionsChecks } from 'cdk-nag';

test('the README example builds both workflows, the tapes feeding the labeling, with 0 unsuppressed cdk-nag AwsSolutions findings', () => {
  const stack = new Stack(new App(), 'CvSafety', { env: { account: '111111111111', region: 'eu-west-1' } });
  const frames = s3.Bucket.fromBucketName(stack, 'Frames', 'acme-camera-frames');
  const detector = lambda.Function.fromFunctionArn(stack, 'Detector', 'arn:aws:lambda:eu-west-1:111111111111:function:detector');
  const requests = sqs.Queue.fromQueueArn(stack, 'Requests', 'arn:aws:sqs:eu-west-1:111111111111:labeling-requests');
  const tapes = cvSafety(stack, frames, detector, requests);
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));

  const template = Template.fromStack(stack);
  expect(tapes).toBeInstanceOf(TapeLabelingPreparation);
  // Both workflows run on a schedule (daily labeling, hourly tapes): each process and its schedule's starter.
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 4);
  template.resourceCountIs('AWS::Scheduler::Schedule', 2);
  template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 day)' });
  template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)' });
  // "Props": no registryTable given, so a CameraRegistry is created with the `status-index`.
  template.hasResourceProperties('AWS::DynamoDB::Table', {
    GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: 'status-index' })]),
  });
  // The SQS backend sends the labeling request to the queue and waits for the task token.
  expect(JSON.stringify(template.findResources('AWS::StepFunctions::StateMachine'))).toContain('sqs:sendMessage.waitForTaskToken');

  const findings = awsSolutionsFindings(stack);
  expect(findings).toEqual([]);
});

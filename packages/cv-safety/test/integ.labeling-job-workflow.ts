// Deploys a LabelingJobWorkflow with an SQS callback backend and checks two real executions:
// a run with nothing to label succeeds cleanly, and a half-given manifest fails with Statecraft.InvalidInput.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { LabelingItemSource, LabelingJobWorkflow, SqsCallbackBackend } from '../src';

// No construct creation stacks in the snapshot's metadata: they hold this machine's absolute paths.
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'CvSafetyLabelingIntegStack');
const bucket = new s3.Bucket(stack, 'Work', { enforceSSL: true, removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
const queue = new sqs.Queue(stack, 'LabelingRequests', { enforceSSL: true, removalPolicy: RemovalPolicy.DESTROY });
const workflow = new LabelingJobWorkflow(stack, 'Labeling', {
  backend: new SqsCallbackBackend({ queue, timeout: Duration.hours(1), heartbeat: Duration.minutes(30) }),
  bucket,
  // The manifest is never written, so a scheduled run finds nothing to label.
  itemSource: LabelingItemSource.manifest(bucket, 'input/not-there-yet.manifest'),
  removalPolicy: RemovalPolicy.DESTROY,
  notifications: { enabled: false },
});

const integ = new IntegTest(app, 'LabelingJobWorkflowInteg', { testCases: [stack], diffAssets: false });

const nothing = integ.assertions.awsApiCall('StepFunctions', 'startExecution', { stateMachineArn: workflow.stateMachine.stateMachineArn, input: '{}' });
integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn: nothing.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED', output: '{"status":"NOTHING_TO_LABEL","itemCount":0,"manifest":{"bucket":"' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });

const bad = integ.assertions.awsApiCall('StepFunctions', 'startExecution', {
  stateMachineArn: workflow.stateMachine.stateMachineArn,
  input: JSON.stringify({ manifest: { bucket: 'only-a-bucket' } }),
});
integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn: bad.getAttString('executionArn') })
  .expect(ExpectedResult.objectLike({ status: 'FAILED', error: 'Statecraft.InvalidInput' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });

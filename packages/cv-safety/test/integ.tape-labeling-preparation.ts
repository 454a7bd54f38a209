// Deploys a TapeLabelingPreparation (on demand) and checks two real executions: with no NEW camera the run
// succeeds with nothing to prepare; a NEW camera without frames is recorded and fails the run by name.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { NodejsRuntime } from '@statecraft/process-orchestration';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CameraRegistry, FramePredictor, TapeLabelingPreparation } from '../src';

// No construct creation stacks in the snapshot's metadata: they hold this machine's absolute paths.
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const stack = new Stack(app, 'CvSafetyTapeIntegStack');
const frames = new s3.Bucket(stack, 'Frames', { enforceSSL: true, removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
const output = new s3.Bucket(stack, 'Output', { enforceSSL: true, removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true });
const registry = new CameraRegistry(stack, 'Registry', { removalPolicy: RemovalPolicy.DESTROY });
const detector = new lambda.Function(stack, 'Detector', {
  runtime: NodejsRuntime.newest(),
  handler: 'index.handler',
  code: lambda.Code.fromInline('exports.handler = async () => ({ detections: [] });'),
});
const prep = new TapeLabelingPreparation(stack, 'Tapes', {
  frameBucket: frames,
  outputBucket: output,
  registryTable: registry.table,
  predictor: FramePredictor.lambdaFunction(detector),
  onDemandOnly: true,
  removalPolicy: RemovalPolicy.DESTROY,
  notifications: { enabled: false },
});

const integ = new IntegTest(app, 'TapeLabelingPreparationInteg', { testCases: [stack], diffAssets: false });
const describe = (executionArn: string) => integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn });

const empty = integ.assertions.awsApiCall('StepFunctions', 'startExecution', { stateMachineArn: prep.stateMachine.stateMachineArn, input: '{}' });
const emptyDone = describe(empty.getAttString('executionArn'))
  .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });

const camera = integ.assertions.awsApiCall('DynamoDB', 'putItem', {
  TableName: registry.table.tableName,
  Item: { cameraId: { S: 'integ-camera-without-frames' }, status: { S: 'NEW' } },
});
camera.node.addDependency(emptyDone);
const withCamera = integ.assertions.awsApiCall('StepFunctions', 'startExecution', { stateMachineArn: prep.stateMachine.stateMachineArn, input: '{}' });
withCamera.node.addDependency(camera);
const failed = describe(withCamera.getAttString('executionArn'))
  .expect(ExpectedResult.objectLike({ status: 'FAILED', error: 'Statecraft.CameraPreparationFailed' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(10), interval: Duration.seconds(15) });
// The camera stays NEW (retried next run) with the reason recorded.
integ.assertions.awsApiCall('DynamoDB', 'getItem', { TableName: registry.table.tableName, Key: { cameraId: { S: 'integ-camera-without-frames' } } })
  .expect(ExpectedResult.objectLike({ Item: { status: { S: 'NEW' }, lastError: { S: 'NotEnoughFrames' } } }))
  .node.addDependency(failed);

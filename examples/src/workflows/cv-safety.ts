import {
  CameraFanOut, FramePredictor, GroundTruthBackend, GroundTruthUi, LabelingItemSource, LabelingJobWorkflow, SqsCallbackBackend,
  TapeLabelingPreparation,
} from '@statecraft/cv-safety';
import { CdkNagSuppressions, NodejsRuntime } from '@statecraft/process-orchestration';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { DemoScenario, DemoWorkflow } from '../demo-workflow';
import { EXAMPLE_ENV } from './example-env';
// The mocks the package's own simulation tests use; the tape mocks run the real voting Lambda's manifest code.
import { Scenario, labelingScenarios, tapeScenarios } from '../../../packages/cv-safety/test/scenarios';

/**
 * Computer-vision safety monitoring for a warehouse: a labeling workflow whose labels come from the team's own tool
 * through SQS, and the hourly floor-tape preparation that composites new cameras' floors for Ground Truth annotators.
 */
export function cvSafetyExample(app: App): DemoWorkflow[] {
  const stack = new Stack(app, 'StatecraftCvSafety', { env: EXAMPLE_ENV });

  const images = userBucket(stack, 'CameraImages');
  const requestsDlq = new sqs.Queue(stack, 'LabelingRequestsDlq', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED });
  const requests = new sqs.Queue(stack, 'LabelingRequests', {
    enforceSSL: true,
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    deadLetterQueue: { queue: requestsDlq, maxReceiveCount: 5 },
  });
  const labeling = new LabelingJobWorkflow(stack, 'Labeling', {
    backend: new SqsCallbackBackend({ queue: requests, timeout: Duration.days(3), heartbeat: Duration.hours(6) }),
    itemSource: LabelingItemSource.newObjects(images, 'incoming/'),
    postProcessors: [userFunction(stack, 'DropLowConfidence'), userFunction(stack, 'ConvertToCoco')],
  });

  const tapeLabeling = new LabelingJobWorkflow(stack, 'TapeLabeling', {
    backend: new GroundTruthBackend({
      workteamArn: 'arn:aws:sagemaker:us-east-1:123456789012:workteam/private-crowd/floor-tapes',
      ui: GroundTruthUi.fromHumanTaskUiArn('arn:aws:sagemaker:us-east-1:394669845002:human-task-ui/BoundingBox'),
      preAnnotationLambdaArn: 'arn:aws:lambda:us-east-1:432418664414:function:PRE-BoundingBox',
      annotationConsolidationLambdaArn: 'arn:aws:lambda:us-east-1:432418664414:function:ACS-BoundingBox',
      taskTitle: 'Draw a box around each floor tape segment',
      taskDescription: 'Composite warehouse floor images; mark every visible safety tape segment.',
      taskKeywords: ['images', 'bounding box', 'safety'],
      workersPerDataObject: 1,
      taskTimeLimit: Duration.minutes(10),
    }),
    processName: 'tape-labeling',
  });
  const tapes = new TapeLabelingPreparation(stack, 'TapePreparation', {
    frameBucket: userBucket(stack, 'CameraFrames'),
    predictor: FramePredictor.lambdaFunction(userFunction(stack, 'PeopleDetector')),
    obstructionLabels: ['person', 'forklift', 'pallet'],
    fanOut: CameraFanOut.inline(10),
    labelingWorkflow: tapeLabeling,
  });

  return [
    {
      name: 'labeling-job',
      packageName: '@statecraft/cv-safety',
      stack,
      stateMachine: labeling.stateMachine,
      scenarios: [labelingScenarios.happy('sqs-callback'), labelingScenarios.nothingToLabel('sqs-callback'), labelingScenarios.callbackTimeout('sqs-callback')]
        .map(demoScenario),
      readme: 'packages/cv-safety/README.md',
    },
    {
      name: 'tape-labeling-preparation',
      packageName: '@statecraft/cv-safety',
      stack,
      stateMachine: tapes.stateMachine,
      scenarios: [tapeScenarios.happy(), tapeScenarios.lowCoverage(), tapeScenarios.oneCameraFails()].map(demoScenario),
      readme: 'packages/cv-safety/README.md',
    },
  ];
}

function demoScenario(scenario: Scenario): DemoScenario {
  return {
    name: scenario.name,
    description: scenario.name,
    input: scenario.input,
    mocks: scenario.mocks,
    expected: scenario.expectedError ? { status: 'FAILED', error: scenario.expectedError } : { status: 'SUCCEEDED' },
  };
}

/** Stands in for one of the team's own functions (a detector, a post-processor); its role and logs are the team's. */
function userFunction(scope: Construct, id: string): lambda.Function {
  const fn = new lambda.Function(scope, id, {
    runtime: NodejsRuntime.newest(),
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async (event) => event;'),
    // A role of its own, as the team's function has: the default role's AWS managed policy makes aws-cdk-lib 2.224.0
    // with the recommended feature flags warn (addConstructMetadataFailed) and cdk-nag report IAM4.
    role: new iam.Role(scope, `${id}Role`, { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') }),
  });
  return fn;
}

/** Stands in for the team's camera bucket: private and TLS-only; its access logs go where the team's policy says. */
function userBucket(scope: Construct, id: string): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    encryption: s3.BucketEncryption.S3_MANAGED,
  });
  CdkNagSuppressions.add(bucket, [{ id: 'AwsSolutions-S1', reason: 'Stands in for the team\'s bucket, whose access logging is the team\'s' }]);
  return bucket;
}

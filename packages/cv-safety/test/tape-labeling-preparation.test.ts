import { NodejsRuntime } from '@statecraft/process-orchestration';
import { describedExecution, installMatchers, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CameraFanOut, CvSafetyErrors, FramePredictor, TapeLabelingPreparation } from '../src';
import { buildTapePreparation } from './scenarios';

installMatchers();

const newStack = () => new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
const statementsOf = (template: Template): any[] =>
  Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);

describe('TapeLabelingPreparation (template)', () => {
  test('runs hourly by default, with a camera registry (status GSI, point-in-time recovery) queried, never scanned', () => {
    const stack = newStack();
    buildTapePreparation(stack, { predictor: 'lambda' });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(1 hour)' });
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'cameraId', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{ IndexName: 'status-index', KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
    });
    const statements = statementsOf(template);
    const query = statements.find((s) => s.Action === 'dynamodb:Query');
    expect(JSON.stringify(query.Resource)).toContain('/index/status-index');
    expect(statements.some((s) => [s.Action].flat().includes('dynamodb:Scan'))).toBe(false);
  });

  test('the composite function reads only the frame prefix and writes only composites and manifests', () => {
    const stack = newStack();
    const prep = buildTapePreparation(stack, { predictor: 'lambda', withLabeling: false });
    const template = Template.fromStack(stack);
    const roleId = stack.getLogicalId(prep.compositeFunction.role.node.defaultChild as any);
    const policy = Object.values(template.findResources('AWS::IAM::Policy')).find((p: any) => JSON.stringify(p.Properties.Roles).includes(roleId)) as any;
    const resources = JSON.stringify(policy.Properties.PolicyDocument.Statement.map((s: any) => s.Resource));
    expect(resources).toContain('/frames/*');
    expect(resources).toContain('/composites/*');
    expect(resources).toContain('/manifests/*');
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: NodejsRuntime.newest().name, MemorySize: 1769, Timeout: 120 });
  });

  test('SageMaker predictions call only the named endpoint, with the frame as an S3 URI', () => {
    const stack = newStack();
    const prep = buildTapePreparation(stack, { predictor: 'sagemaker', distributed: true });
    const statements = statementsOf(Template.fromStack(stack));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'sagemaker:InvokeEndpoint',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:111111111111:endpoint/warehouse-people-detector']] },
    }));
    const definition = WorkflowDefinition.fromStateMachine(prep.stateMachine);
    expect(definition.state('Prepare Each Camera').state).toMatchObject({ ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' } }, MaxConcurrency: 50 });
    expect(definition.state('Predict Frame').state).toMatchObject({ Resource: 'arn:aws:states:::aws-sdk:sagemakerruntime:invokeEndpoint' });
  });

  test('logRetention reaches the execution logs, the schedule starter\'s logs and the composite function\'s logs', () => {
    const stack = newStack();
    new TapeLabelingPreparation(stack, 'Tape', {
      frameBucket: s3.Bucket.fromBucketName(stack, 'Frames', 'frames'),
      predictor: FramePredictor.sagemakerEndpoint('people-detector'),
      logRetention: logs.RetentionDays.ONE_WEEK,
    });
    const retention = Object.fromEntries(Object.entries(Template.fromStack(stack).findResources('AWS::Logs::LogGroup'))
      .map(([id, group]) => [id.slice(0, -8), group.Properties.RetentionInDays]));
    expect(retention).toEqual({ TapeOrchestratorLogs: 7, TapeCompositeFunctionLogs: 7, TapeOrchestratorScheduleLogs: 7 });
  });

  test('bad props fail at synth with every problem, naming the construct path and the prop', () => {
    const stack = newStack();
    expect(() => new TapeLabelingPreparation(stack, 'Tapes', {
      frameBucket: new s3.Bucket(stack, 'F'),
      predictor: FramePredictor.sagemakerEndpoint('detector'),
      frameOffsets: [Duration.minutes(0)],
      minCoverage: 1.5,
      minClearVotes: 3,
      cellSize: 2,
      maxCamerasPerRun: 5000,
      fanOut: CameraFanOut.inline(100),
      framePrefix: 'no-slash',
    })).toThrow(expect.objectContaining({
      message: expect.stringMatching(/Test\/Tapes[\s\S]*frameOffsets: 1 offsets given; give 2 to 10[\s\S]*minCoverage: 1\.5 must be 0 to 1[\s\S]*minClearVotes[\s\S]*cellSize: 2 must be an integer from 4 to 512[\s\S]*maxCamerasPerRun: 5000 must be 1 to 1000[\s\S]*fanOut: maxConcurrency 100 must be 1 to 40 for an inline Map[\s\S]*framePrefix: 'no-slash'/),
    }));
  });
});

describe('TapeLabelingPreparation nested in a parent workflow (.sync:2)', () => {
  const stack = newStack();
  const prep = new TapeLabelingPreparation(stack, 'Tapes', {
    frameBucket: new s3.Bucket(stack, 'F'),
    predictor: FramePredictor.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Det', 'detector')),
    onDemandOnly: true,
  });
  const nested = prep.nestedExecution(stack, 'Prepare Tapes', { resultSelector: { 'output.$': '$.Output' }, resultPath: '$.tapes' });
  nested.parallel.addCatch(new sfn.Pass(stack, 'Some Cameras Failed'), { errors: [CvSafetyErrors.CAMERA_PREPARATION_FAILED], resultPath: '$.cameraFailure' });
  const parent = new sfn.StateMachine(stack, 'Onboarding', { definitionBody: sfn.DefinitionBody.fromChainable(nested.next(new sfn.Pass(stack, 'Done'))) });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(parent, { name: 'tape-parent' }));

  test('without a schedule, no schedule is created', () => {
    Template.fromStack(stack).resourceCountIs('AWS::Scheduler::Schedule', 0);
  });

  test("the child's Statecraft.CameraPreparationFailed is caught by name in the parent", async () => {
    const result = await sim.with({ mocks: { states: { 'Prepare Tapes': { throw: { error: 'States.TaskFailed', cause: JSON.stringify({ Status: 'FAILED', Error: 'Statecraft.CameraPreparationFailed', Cause: '1 of 3 cameras failed' }) } } } } }).run({});
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Prepare Tapes', 'Prepare Tapes Re-raise Child Error', 'Some Cameras Failed']);
    expect(result.output).toMatchObject({ cameraFailure: { Error: 'Statecraft.CameraPreparationFailed' } });
  });

  test('a successful child returns its summary to the parent', async () => {
    const result = await sim.with({ mocks: { states: { 'Prepare Tapes': { return: describedExecution({ output: { status: 'PREPARED', prepared: 2 } }) } } } }).run({});
    expect(result).toSucceed();
    expect(result.output).toMatchObject({ tapes: { output: { prepared: 2 } } });
    expect(prep.startExecutionTask(stack, 'Raw Start')).toBeInstanceOf(sfn.TaskStateBase);
  });
});

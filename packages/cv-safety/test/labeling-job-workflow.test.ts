import { NodejsRuntime, ProcessSchedule } from '@statecraft/process-orchestration';
import { describedExecution, installMatchers, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CvSafetyErrors, GroundTruthBackend, GroundTruthUi, LabelingItemSource, LabelingJobWorkflow, SqsCallbackBackend } from '../src';
import { buildLabelingWorkflow, groundTruthBackend } from './scenarios';

installMatchers();

const newStack = () => new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });

function statementsOf(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('LabelingJobWorkflow (template)', () => {
  test('Ground Truth: the state machine may create, describe and stop only its own labeling jobs, and pass only its labeling role to SageMaker', () => {
    const stack = newStack();
    buildLabelingWorkflow(stack, 'ground-truth');
    const statements = statementsOf(Template.fromStack(stack));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['sagemaker:CreateLabelingJob', 'sagemaker:DescribeLabelingJob', 'sagemaker:StopLabelingJob'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':sagemaker:eu-west-1:111111111111:labeling-job/cv-labeling-*']] },
    }));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111111111111:rule/StepFunctionsGetEventsForSageMakerLabelingJobsRule']] },
    }));
    expect(statements).toContainEqual(expect.objectContaining({
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^LabelingGroundTruthRole/), 'Arn'] },
    }));
  });

  test('Ground Truth: the job is created with .sync, the task limits given, and a timeout of availability + time limit + 1 day', () => {
    const stack = newStack();
    const workflow = buildLabelingWorkflow(stack, 'ground-truth');
    const state = WorkflowDefinition.fromStateMachine(workflow.stateMachine).state('Create Ground Truth Job').state as any;
    expect(state.Resource).toBe('arn:aws:states:::sagemaker:createLabelingJob.sync');
    expect(state.TimeoutSeconds).toBe(172_800 + 600 + 86_400);
    expect(state.QueryLanguage).toBe('JSONata');
    expect(state.Arguments.HumanTaskConfig).toMatchObject({
      NumberOfHumanWorkersPerDataObject: 1,
      TaskTimeLimitInSeconds: 600,
      TaskAvailabilityLifetimeInSeconds: 172_800,
      MaxConcurrentTaskCount: 1000,
      TaskKeywords: ['images', 'bounding box', 'safety'],
    });
    expect(state.Arguments.LabelingJobName).toBe('{% $job.name %}');
  });

  test('the shipped function runs on the newest Node.js runtime the installed aws-cdk-lib knows (arm64) with tracing, and the state machine logs ALL with X-Ray on', () => {
    const stack = newStack();
    buildLabelingWorkflow(stack, 'sqs-callback');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: NodejsRuntime.newest().name, Architectures: ['arm64'], TracingConfig: { Mode: 'Active' }, Handler: 'index.handler' });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }), TracingConfiguration: { Enabled: true },
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
  });

  test('SQS callback: sends the request with a task token, heartbeat and timeout; grantTaskResponse lets the tool answer', () => {
    const stack = newStack();
    const queue = new sqs.Queue(stack, 'Q');
    const workflow = new LabelingJobWorkflow(stack, 'W', {
      backend: new SqsCallbackBackend({ queue, timeout: Duration.days(2), heartbeat: Duration.hours(1) }),
    });
    const tool = new iam.Role(stack, 'Tool', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    workflow.grantTaskResponse(tool);
    const state = WorkflowDefinition.fromStateMachine(workflow.stateMachine).state('Request Labeling (SQS)').state as any;
    expect(state).toMatchObject({ Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', TimeoutSeconds: 172_800, HeartbeatSeconds: 3600 });
    // JSONata states read the task token at $states.context.Task.Token ("Transforming data with JSONata in Step
    // Functions": the $states reserved variable and the context object).
    expect(state.Arguments.MessageBody.taskToken).toBe('{% $states.context.Task.Token %}');
    const statements = statementsOf(Template.fromStack(stack));
    expect(statements).toContainEqual(expect.objectContaining({ Action: 'sqs:SendMessage', Resource: { 'Fn::GetAtt': [stack.getLogicalId(queue.node.defaultChild as sqs.CfnQueue), 'Arn'] } }));
    expect(statements).toContainEqual(expect.objectContaining({ Action: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'] }));
  });

  test('a schedule creates an EventBridge Scheduler schedule with the cadence and time zone', () => {
    const stack = newStack();
    new LabelingJobWorkflow(stack, 'W', {
      backend: groundTruthBackend(stack),
      itemSource: LabelingItemSource.manifest(new s3.Bucket(stack, 'B'), 'daily/input.manifest'),
      schedule: ProcessSchedule.cron({ hour: '6', minute: '30', timeZone: TimeZone.EUROPE_BERLIN }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 6 * * ? *)', ScheduleExpressionTimezone: 'Europe/Berlin',
    });
  });

  test('logRetention reaches the execution logs and the selection function\'s logs', () => {
    const stack = newStack();
    new LabelingJobWorkflow(stack, 'Labeling', { backend: groundTruthBackend(stack), logRetention: logs.RetentionDays.ONE_WEEK });
    const groups = Template.fromStack(stack).findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups).map((id) => id.slice(0, -8)).sort()).toEqual(['LabelingOrchestratorLogs', 'LabelingSelectItemsFunctionLogs']);
    for (const group of Object.values(groups)) {
      expect(group.Properties.RetentionInDays).toBe(7);
    }
  });

  test('bad Ground Truth props fail at synth with every problem, the construct path, the prop and what is valid', () => {
    const stack = newStack();
    const backend = new GroundTruthBackend({
      workteamArn: 'not-an-arn',
      ui: GroundTruthUi.fromHumanTaskUiArn('arn:aws:sagemaker:eu-west-1:394669845002:human-task-ui/BoundingBox'),
      preAnnotationLambdaArn: 'arn:aws:lambda:eu-west-1:432418664414:function:PRE-BoundingBox',
      annotationConsolidationLambdaArn: 'arn:aws:lambda:eu-west-1:432418664414:function:ACS-BoundingBox',
      taskTitle: '',
      taskDescription: 'x'.repeat(256),
      workersPerDataObject: 12,
      taskTimeLimit: Duration.hours(9),
      taskAvailabilityLifetime: Duration.hours(1),
      maxConcurrentTaskCount: 6000,
      taskKeywords: ['a', 'b', 'c', 'd', 'e', 'f'],
      labelAttributeName: 'boxes-metadata',
    });
    expect(() => new LabelingJobWorkflow(stack, 'Labeling', { backend, jobNamePrefix: 'this-prefix-is-far-too-long-for-ground-truth' })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/Test\/Labeling[\s\S]*jobNamePrefix[\s\S]*at most 30 characters[\s\S]*backend\.taskTitle: must be 1 to 128[\s\S]*taskDescription[\s\S]*workersPerDataObject: 12 is out of range, Ground Truth allows 1 to 9[\s\S]*taskTimeLimit: 32400 s is out of range[\s\S]*maxConcurrentTaskCount[\s\S]*taskKeywords: at most 5[\s\S]*labelAttributeName[\s\S]*workteamArn/) }),
    );
  });

  test('a callback heartbeat longer than its timeout is rejected at synth', () => {
    const stack = newStack();
    expect(() => new LabelingJobWorkflow(stack, 'W', {
      backend: new SqsCallbackBackend({ queue: new sqs.Queue(stack, 'Q'), timeout: Duration.hours(1), heartbeat: Duration.hours(2) }),
    })).toThrow(/backend\.heartbeat: 2 hours must be at least 1 second and shorter than timeout \(1 hour\)/);
  });
});

describe('LabelingJobWorkflow nested in a parent workflow (.sync:2)', () => {
  const stack = newStack();
  const workflow = buildLabelingWorkflow(stack, 'sqs-callback');
  const nested = workflow.nestedExecution(stack, 'Label Tapes', {
    input: sfn.TaskInput.fromObject({ 'manifest.$': '$.manifest' }),
    resultSelector: { 'output.$': '$.Output' },
    resultPath: '$.labeling',
  });
  nested.parallel.addCatch(new sfn.Pass(stack, 'Labeling Timed Out, Escalate'), { errors: [CvSafetyErrors.LABELING_TIMED_OUT], resultPath: '$.timeout' });
  const parent = new sfn.StateMachine(stack, 'Parent', { definitionBody: sfn.DefinitionBody.fromChainable(nested.next(new sfn.Pass(stack, 'Publish Dataset'))) });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(parent, { name: 'labeling-parent' }));
  const childFailed = (fields: object) => ({ throw: { error: 'States.TaskFailed', cause: JSON.stringify({ Status: 'FAILED', ...fields }) } });

  test('the parent starts the workflow with .sync:2 and gets its output', async () => {
    const result = await sim.with({ mocks: { states: { 'Label Tapes': { return: describedExecution({ output: { status: 'LABELED', itemCount: 4 } }) } } } })
      .run({ manifest: { bucket: 'b', key: 'k' } });
    expect(result).toSucceed();
    expect(result.output).toMatchObject({ labeling: { output: { status: 'LABELED', itemCount: 4 } } });
    expect(sim.definition.state('Label Tapes').state).toMatchObject({ Resource: 'arn:aws:states:::states:startExecution.sync:2' });
  });

  test('the child\'s Statecraft.LabelingTimedOut is caught by name in the parent', async () => {
    const result = await sim.with({ mocks: { states: { 'Label Tapes': childFailed({ Error: CvSafetyErrors.LABELING_TIMED_OUT, Cause: 'tool silent for 3 days' }) } } })
      .run({ manifest: { bucket: 'b', key: 'k' } });
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Label Tapes', 'Labeling Timed Out, Escalate']);
    expect(result.output).toMatchObject({ timeout: { Error: 'Statecraft.LabelingTimedOut', Cause: 'tool silent for 3 days' } });
  });

  test('other named errors pass up unchanged', async () => {
    const result = await sim.with({ mocks: { states: { 'Label Tapes': childFailed({ Error: CvSafetyErrors.POST_PROCESSING_FAILED, Cause: 'bad line' }) } } })
      .run({ manifest: { bucket: 'b', key: 'k' } });
    expect(result).toFailWith('Statecraft.PostProcessingFailed', 'bad line');
  });

  test('startExecutionTask gives the raw .sync:2 task and grants the parent StartExecution on the workflow', () => {
    const s = newStack();
    const w = buildLabelingWorkflow(s, 'ground-truth');
    const task = w.startExecutionTask(s, 'Run Labeling');
    new sfn.StateMachine(s, 'P2', { definitionBody: sfn.DefinitionBody.fromChainable(task) });
    expect(statementsOf(Template.fromStack(s))).toContainEqual(expect.objectContaining({
      Action: 'states:StartExecution', Resource: { Ref: expect.stringMatching(/^LabelingOrchestratorStateMachine/) },
    }));
  });
});

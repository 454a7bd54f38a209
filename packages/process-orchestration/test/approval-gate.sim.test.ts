import { WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '@statecraft/testing';
import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ApprovalChannel, ApprovalGate, ProcessOrchestrator } from '../src';
import { lambdaJob, testStack } from './example-workflows';

installMatchers();

function releaseWorkflow(channel: (stack: ReturnType<typeof testStack>) => ApprovalChannel) {
  const stack = testStack();
  const gate = new ApprovalGate(stack, 'Approve Release', {
    channel: channel(stack),
    timeout: Duration.hours(4),
    subject: 'Release the nightly settlement?',
    details: { runDate: sfn.JsonPath.stringAt('$.runDate') },
  });
  const orchestrator = new ProcessOrchestrator(stack, 'Release', {
    processName: 'release',
    definition: gate.next(new sfn.Pass(stack, 'Release Settlement')),
    failureHandler: lambdaJob(stack, 'Record Failure', 'record-failure'),
    timeout: Duration.hours(6),
  });
  return { stack, orchestrator };
}

const { stack, orchestrator } = releaseWorkflow((s) => ApprovalChannel.toSnsTopic(new sns.Topic(s, 'Approvers', { enforceSSL: true })));
const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'approval-gate' }));
const input = { runDate: '2026-11-24' };
/** The failure handler's Lambda function records the failure. */
const recorded = { 'lambda:invoke': { return: { Payload: {} } } };
const gateMocks = (gate: unknown) => ({ mocks: { integrations: recorded, states: { 'Approve Release': gate as any } } });
const answer = (output: unknown, durationSeconds = 600) => gateMocks({ return: output, durationSeconds });

describe('ApprovalGate', () => {
  test('publishes the task token to SNS and continues when the approver answers approved: true', async () => {
    let published: any;
    const result = await sim.with(gateMocks((call: any) => {
      published = { token: call.taskToken, input: call.input };
      return { approved: true };
    })).run(input);

    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toEqual(['Run Process', 'Approve Release', 'Approve Release Answered?', 'Release Settlement']);
    const message = published.input.Message;
    expect(message).toMatchObject({ subject: 'Release the nightly settlement?', runDate: '2026-11-24', timeoutSeconds: 14400 });
    expect(message.taskToken).toBe(published.token);
    expect(result.output).toMatchObject({ approval: { approved: true } });
  });

  test.each([
    [{ approved: false, reason: 'numbers look off' }, "The approver rejected 'Approve Release': numbers look off"],
    [{ approved: 'yes' }, "The approver rejected 'Approve Release'"],
    [{}, "The approver rejected 'Approve Release'"],
  ])('fails with Statecraft.ApprovalRejected when the answer is %j, with the reason if any', async (output, cause) => {
    const result = await sim.with(answer(output)).run(input);

    expect(result).toFailWith('Statecraft.ApprovalRejected');
    expect(result.cause).toBe(cause);
    expect(result.visited.map((v) => v.name)).not.toContain('Release Settlement');
  });

  test('fails with Statecraft.ApprovalTimedOut when nobody answers within the timeout', async () => {
    const result = await sim.with(answer({ approved: true }, 5 * 3600)).run(input);

    expect(result).toFailWith('Statecraft.ApprovalTimedOut', 'within 4 hours');
    expect(result.elapsedSeconds).toBe(4 * 3600);
  });

  test('an approver that calls SendTaskFailure raises its own error', async () => {
    const result = await sim.with(gateMocks({ throw: { error: 'Statecraft.ChangeFrozen', cause: 'freeze' } })).run(input);

    expect(result).toFailWith('Statecraft.ChangeFrozen');
  });

  test('a publishing error that retries cannot fix ends Statecraft.ProcessFailed after the failure handler', async () => {
    const result = await sim.with(gateMocks({ throw: { error: 'SNS.AuthorizationErrorException', cause: 'denied' } })).run(input);

    expect(result).toFailWith('Statecraft.ProcessFailed', 'SNS.AuthorizationErrorException');
    expect(result.visited.filter((v) => v.name === 'Approve Release')).toHaveLength(1);
  });

  test('a failure handler that fails itself does not hide the error: the run still ends with the gate\'s error', async () => {
    const result = await sim.with({
      mocks: {
        integrations: { 'lambda:invoke': { throw: { error: 'Lambda.ResourceNotFoundException', cause: 'no such function' } } },
        states: { 'Approve Release': { return: { approved: false } } },
      },
    }).run(input);

    expect(result).toFailWith('Statecraft.ApprovalRejected');
    expect(result).toHaveVisitedInOrder(['Approve Release Rejected', 'Handle Failure', 'Record Failure', 'Re-raise Failure']);
  });

  test('fault sweep: a timeout becomes ApprovalTimedOut, throttling and 5xx are retried, the rest end as Statecraft errors after the failure handler', async () => {
    const report = await sweepFaults(sim, {
      scenarios: [{ name: 'approved', input, mocks: answer({ approved: true }).mocks }],
      name: 'approval-gate',
      notRetried: [{
        state: 'Approve Release',
        fault: 'serviceError',
        reason: 'a rejected publish (bad parameter, no permission) fails the same way on every attempt',
      }],
      isHandled: (result) => (result.error ?? '').startsWith('Statecraft.') && result.visited.some((v) => v.name === 'Record Failure'),
    });

    expect(report).toHaveNoUnhandledFaults();
    expect(report.cells.find((c) => c.fault === 'timeout')?.error).toBe('Statecraft.ApprovalTimedOut');
    expect(report.cells.find((c) => c.fault === 'transient')?.outcome).toBe('recovered');
  });

  test('the task waits for the token and has the timeout in the definition; the role may publish to the topic only', () => {
    const template = Template.fromStack(stack);
    const gate = sim.definition.state('Approve Release').state;
    expect(gate).toMatchObject({ Resource: 'arn:aws:states:::sns:publish.waitForTaskToken', TimeoutSeconds: 14400 });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([{ Action: 'sns:Publish', Effect: 'Allow', Resource: { Ref: Match.stringLikeRegexp('^Approvers') } }]) },
    });
  });
});

describe('ApprovalGate coverage', () => {
  test('every state of the workflow was entered by these runs', () => {
    expect(sim).toHaveFullStateCoverage();
  });
});

describe('ApprovalGate over EventBridge', () => {
  test('puts the request on the bus with the token and the detail type, and the role may put events on that bus', async () => {
    const bus = releaseWorkflow((s) => ApprovalChannel.toEventBus(new events.EventBus(s, 'Ops'), 'acme.approvals'));
    let entry: any;
    const run = await new WorkflowSimulator(WorkflowDefinition.fromStateMachine(bus.orchestrator.stateMachine), {
      mocks: { integrations: recorded, states: { 'Approve Release': (call) => { entry = (call.input as any).Entries[0]; return { approved: true }; } } },
      writeCoverageReport: false,
    }).run(input);

    expect(run).toSucceed();
    expect(entry).toMatchObject({ Source: 'acme.approvals', DetailType: 'Statecraft Approval Requested' });
    expect(entry.Detail.taskToken).toEqual(expect.any(String));
    Template.fromStack(bus.stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Ops'), 'Arn'] } })]) },
    });
  });

  test('a gate without a timeout is a synth-time error naming the construct path', () => {
    const s = testStack();
    expect(() => new ApprovalGate(s, 'Sign Off', { channel: ApprovalChannel.toSnsTopic(new sns.Topic(s, 'T')), timeout: undefined as any }))
      .toThrow(/Invalid props for TestStack\/Sign Off \(1 problem\)\n {2}- timeout: an approval gate needs a timeout from 1 second to 365 days \(got none\)/);
    expect(() => new ApprovalGate(s, 'Forever', { channel: ApprovalChannel.toSnsTopic(new sns.Topic(s, 'T2')), timeout: Duration.days(400) }))
      .toThrow(/timeout: .*\(got 400 days\)/);
  });

  test('the answer may go elsewhere (resultPath), and a resultPath that is not a dotted path is a synth-time error', async () => {
    const s = testStack();
    const gate = new ApprovalGate(s, 'Sign Off', {
      channel: ApprovalChannel.toSnsTopic(new sns.Topic(s, 'T', { enforceSSL: true })), timeout: Duration.hours(1), resultPath: '$.signOff',
    });
    const machine = new sfn.StateMachine(s, 'M', { definitionBody: sfn.DefinitionBody.fromChainable(gate.next(new sfn.Pass(s, 'Done'))) });
    const signOff = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine), { writeCoverageReport: false });

    expect(await signOff.with({ mocks: { states: { 'Sign Off': { return: { approved: true } } } } }).run({})).toSucceed();
    const rejected = await signOff.with({ mocks: { states: { 'Sign Off': { return: { approved: false, reason: 'too late' } } } } }).run({});
    expect(rejected.cause).toBe("The approver rejected 'Sign Off': too late");
    expect(() => new ApprovalGate(s, 'Bad', { channel: ApprovalChannel.toSnsTopic(new sns.Topic(s, 'T3')), timeout: Duration.hours(1), resultPath: '$[0]' }))
      .toThrow(/resultPath: must be '\$' or a dotted path/);
  });

  test('with queryLanguage JSONata every state of the gate is JSONata and it runs in a JSONata state machine', async () => {
    const s = testStack();
    const gate = new ApprovalGate(s, 'Approve Release', {
      channel: ApprovalChannel.toSnsTopic(new sns.Topic(s, 'T', { enforceSSL: true })),
      timeout: Duration.hours(4),
      queryLanguage: sfn.QueryLanguage.JSONATA,
      details: { runDate: '{% $states.input.runDate %}' },
    });
    const machine = new sfn.StateMachine(s, 'M', {
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(gate.next(sfn.Pass.jsonata(s, 'Release Settlement'))),
    });
    const jsonata = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine, { name: 'approval-gate-jsonata' }), { writeCoverageReport: false });
    let published: any;
    const approved = await jsonata.with({
      mocks: { states: { 'Approve Release': (call) => { published = { token: call.taskToken, message: (call.input as any).Message }; return { approved: true }; } } },
    }).run(input);

    expect(approved).toSucceed();
    expect(approved.output).toEqual({ runDate: '2026-11-24', approval: { approved: true } });
    expect(published.message).toMatchObject({ runDate: '2026-11-24', timeoutSeconds: 14400, taskToken: published.token });
    expect(JSON.stringify(jsonata.definition.asl)).not.toContain('JSONPath');
    const rejected = await jsonata.with({ mocks: { states: { 'Approve Release': { return: { approved: false, reason: 'not today' } } } } }).run(input);
    expect(rejected.cause).toBe("The approver rejected 'Approve Release': not today");
    const late = await jsonata.with({ mocks: { states: { 'Approve Release': { return: { approved: true }, durationSeconds: 5 * 3600 } } } }).run(input);
    expect(late).toFailWith('Statecraft.ApprovalTimedOut', 'within 4 hours');
  });
});

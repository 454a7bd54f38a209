import { WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '@statecraft/testing';
import { Duration, TimeZone } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ProcessSchedule, ValidationErrors } from '../src';
import { nightlyBatch, testStack } from './example-workflows';

installMatchers();

/** The problems `validate` records for a schedule, each as `schedule: problem`. */
function scheduleProblems(schedule: ProcessSchedule): string[] {
  const errors = new ValidationErrors(testStack());
  schedule.validate(errors, 'schedule');
  return errors.messages;
}

const stack = testStack();
const orchestrator = nightlyBatch(stack, {
  schedule: ProcessSchedule.cron({ minute: '0', hour: '2', timeZone: TimeZone.EUROPE_BERLIN }, {
    input: { region: 'eu' },
    flexibleWindow: Duration.minutes(15),
    retryAttempts: 5,
  }),
});
const starter = orchestrator.scheduledStart!.starter;

test('the orchestrator exposes the schedule', () => {
  expect(orchestrator.schedule).toBe(orchestrator.scheduledStart!.schedule);
});
const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(starter, { name: 'nightly-batch-starter' }));
/** What Scheduler sends the starter for the 02:00 run (context attributes substituted). */
const delivery = { scheduledTime: '2026-11-24T01:00:00Z', scheduled: { scheduledTime: '2026-11-24T01:00:00Z' }, input: { region: 'eu' } };

describe('ScheduledStart', () => {
  test('starts the process with a name derived from the scheduled time and the time merged into the input', async () => {
    let call: any;
    const result = await sim.with({
      mocks: { states: { 'Start Process': (c) => { call = c.input; return { ExecutionArn: 'arn:x', StartDate: 1 }; } } },
    }).run(delivery);

    expect(result).toSucceed();
    expect(call.Name).toBe('nightly-batch-2026-11-24T010000Z');
    expect(call.Input).toEqual({ region: 'eu', scheduledTime: '2026-11-24T01:00:00Z' });
    expect(sim.definition.state('Start Process').state.Resource).toBe('arn:aws:states:::states:startExecution');
  });

  test('a repeated delivery of the same scheduled time finds the execution already started and succeeds without a second run', async () => {
    const result = await sim.with({
      mocks: { states: { 'Start Process': { throw: { error: 'StepFunctions.ExecutionAlreadyExistsException', cause: 'Execution Already Exists' } } } },
    }).run(delivery);

    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Start Process', 'Already Started']);
    expect(result.taskInvocations).toEqual({ 'states:startExecution': 1 });
  });

  test('a start that keeps failing ends Statecraft.ScheduledStartFailed naming the AWS error', async () => {
    // A JSONata Catch passes $states.errorOutput ({ Error, Cause }) to its target unless its Output says otherwise:
    // AWS Step Functions Developer Guide, "Transforming data with JSONata in Step Functions", the reserved variable
    // $states (errorOutput, available in a Catch) and the Output field's default.
    const result = await sim.with({
      mocks: { states: { 'Start Process': { throw: { error: 'StepFunctions.InvalidArnException', cause: 'bad arn' } } } },
    }).run(delivery);

    expect(result).toFailWith('Statecraft.ScheduledStartFailed', 'StepFunctions.InvalidArnException');
  });

  test('fault sweep: throttling, 5xx and timeouts are retried (the name makes a repeat safe); what is left ends Statecraft.ScheduledStartFailed', async () => {
    const report = await sweepFaults(sim, {
      scenarios: [{ name: 'scheduled run', input: delivery, mocks: { states: { 'Start Process': { return: { ExecutionArn: 'arn:x', StartDate: 1 } } } } }],
      name: 'nightly-batch-starter',
      notRetried: [
        { state: 'Start Process', fault: 'serviceError', reason: 'a rejected StartExecution (bad ARN, no permission) fails the same way on every attempt' },
      ],
      isHandled: (result) => result.error === 'Statecraft.ScheduledStartFailed',
    });

    expect(report).toHaveNoUnhandledFaults();
    expect(report.cells.find((c) => c.fault === 'transient')?.outcome).toBe('recovered');
  });

  test('the schedule is a cron in the time zone with a flexible window, retries, a dead-letter queue and an input carrying the scheduled time', () => {
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/Berlin',
      FlexibleTimeWindow: { Mode: 'FLEXIBLE', MaximumWindowInMinutes: 15 },
      State: 'ENABLED',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^NightlyBatchScheduleDeadLetterQueue'), 'Arn'] } },
        Input: JSON.stringify(delivery).replace(/2026-11-24T01:00:00Z/g, '<aws.scheduler.scheduled-time>'),
      }),
    });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'EXPRESS',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL' }),
      TracingConfiguration: { Enabled: true },
    });
  });

  test('the starter may start only the process, and the scheduler role only the starter', () => {
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^NightlyBatchScheduleStarterRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'states:StartExecution',
          Effect: 'Allow',
          Resource: { Ref: stack.getLogicalId(orchestrator.stateMachine.node.defaultChild as any) },
        }]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Action: 'states:StartExecution',
          Effect: 'Allow',
          Resource: { Ref: stack.getLogicalId(starter.node.defaultChild as any) },
        }]),
      },
    });
  });
});

describe('ScheduledStart coverage', () => {
  test('every state of the starter was entered by these runs', () => {
    expect(sim).toHaveFullStateCoverage();
  });
});

describe('ProcessSchedule', () => {
  test('rate schedules are whole minutes', () => {
    expect(scheduleProblems(ProcessSchedule.rate(Duration.hours(1)))).toEqual([]);
    expect(scheduleProblems(ProcessSchedule.rate(Duration.seconds(30)))).toEqual(['schedule: rate 30 seconds must be a whole number of minutes, at least 1']);
  });

  test.each([
    [ProcessSchedule.cron({ minute: '0', day: '1', weekDay: 'MON' }), 'cron: give day or weekDay, not both'],
    [ProcessSchedule.expression('every hour'), "expression 'every hour' must be rate(N unit) or cron(minutes hours day-of-month month day-of-week year)"],
    [ProcessSchedule.rate(Duration.hours(1), { flexibleWindow: Duration.hours(30) }), 'flexibleWindow 1 day 6 hours must be whole minutes from 1 to 1440'],
    [ProcessSchedule.rate(Duration.hours(1), { retryAttempts: 200 }), 'retryAttempts 200 must be an integer from 0 to 185'],
    [ProcessSchedule.rate(Duration.hours(1), { maxEventAge: Duration.days(2) }), 'maxEventAge 2 days must be from 1 minute to 24 hours'],
  ])('an invalid schedule is a synth-time error naming the orchestrator and the schedule prop (%#)', (schedule, problem) => {
    expect(scheduleProblems(schedule)).toContain(`schedule: ${problem}`);
    expect(() => nightlyBatch(testStack(), { schedule }))
      .toThrow(`Invalid props for TestStack/NightlyBatch (1 problem)\n  - schedule: ${problem}`);
  });

  test('a raw expression keeps its time zone', () => {
    const s = testStack();
    nightlyBatch(s, { schedule: ProcessSchedule.expression('rate(6 hours)', TimeZone.ASIA_TOKYO, { deadLetterQueue: false, enabled: false }) });
    const template = Template.fromStack(s);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(6 hours)',
      ScheduleExpressionTimezone: 'Asia/Tokyo',
      State: 'DISABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
    });
    template.resourceCountIs('AWS::SQS::Queue', 0);
  });
});

import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import { Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { PollSchedule, PollUntilDone } from '../src';
import { testStack } from './example-workflows';

installMatchers();

/** Request an account, then poll DescribeCreateAccountStatus until it succeeds or fails. */
function accountPoll(stack: Stack, schedule: PollSchedule, queryLanguage?: sfn.QueryLanguage): sfn.StateMachine {
  const check = tasks.CallAwsService.jsonata(stack, 'Check Creation', {
    service: 'organizations',
    action: 'describeCreateAccountStatus',
    iamResources: ['*'],
    parameters: { CreateAccountRequestId: '{% $states.input.Id %}' },
    outputs: '{% $states.result.CreateAccountStatus %}',
  });
  const poll = new PollUntilDone(stack, 'Creation', {
    schedule,
    check,
    outcomes: [
      { condition: "{% $states.input.State = 'SUCCEEDED' %}", next: sfn.Succeed.jsonata(stack, 'Account Active') },
      { condition: "{% $states.input.State = 'FAILED' %}", next: sfn.Fail.jsonata(stack, 'Creation Failed', { error: 'Statecraft.AccountCreationFailed' }) },
    ],
    timeoutError: 'Statecraft.AccountCreationTimedOut',
  });
  // The state that starts the operation initialises the poll.
  const create = tasks.CallAwsService.jsonata(stack, 'Create Account', {
    service: 'organizations',
    action: 'createAccount',
    iamResources: ['*'],
    parameters: { Email: 'a@example.com', AccountName: 'a' },
    outputs: '{% $states.result.CreateAccountStatus %}',
    assign: poll.startAssign,
  });
  return new sfn.StateMachine(stack, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(create.next(poll)), queryLanguage });
}

/** DescribeCreateAccountStatus answers: the states in order, the last one repeated. */
const states = (...values: string[]) => (call: { attempt: number }) =>
  ({ CreateAccountStatus: { Id: 'car-1', State: values[Math.min(call.attempt, values.length - 1)] } });
const mocks = (...values: string[]) => ({
  mocks: { states: { 'Create Account': { return: { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } } }, 'Check Creation': states(...values) } },
});

describe('PollUntilDone', () => {
  const schedule = PollSchedule.exponential({ firstWait: Duration.seconds(30), maxWait: Duration.minutes(2), deadline: Duration.minutes(10) });
  const stack = testStack();
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(accountPoll(stack, schedule), { name: 'poll-until-done' }));

  test('three states poll (wait, check, decide), each declaring JSONata, so the fragment fits a JSONPath machine', () => {
    const asl = sim.definition.asl.States as Record<string, any>;
    expect(Object.keys(asl)).toEqual(['Create Account', 'Creation: Wait', 'Check Creation', 'Creation: Done?', 'Account Active', 'Creation Failed', 'Creation: Timed Out']);
    for (const name of ['Creation: Wait', 'Creation: Done?', 'Creation: Timed Out']) {
      expect(asl[name].QueryLanguage).toBe('JSONata');
    }
    expect(asl['Create Account'].Assign).toEqual({ poll: { elapsed: 0, delay: 30, checks: 0 } });
  });

  test('waits 30 s, then doubles the wait up to the 2-minute cap, until the job completes', async () => {
    const result = await sim.with(mocks('IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'IN_PROGRESS', 'SUCCEEDED')).run({});
    expect(result).toSucceed();
    expect(result.taskInvocations['organizations:describeCreateAccountStatus']).toBe(5);
    // 30 + 60 + 120 + 120 + 120: the waits the schedule lists.
    expect(schedule.delaysSeconds().slice(0, 5)).toEqual([30, 60, 120, 120, 120]);
    expect(result.elapsedSeconds).toBe(450);
  });

  test('a failed job takes the failed outcome', async () => {
    const result = await sim.with(mocks('IN_PROGRESS', 'FAILED')).run({});
    expect(result).toFailWith('Statecraft.AccountCreationFailed');
    expect(result).toHaveVisitedInOrder(['Create Account', 'Creation: Wait', 'Check Creation', 'Creation: Done?', 'Creation: Wait', 'Check Creation', 'Creation: Done?', 'Creation Failed']);
  });

  test('once the waits reach the deadline the poll fails with the named timeout error, saying how long it waited', async () => {
    const result = await sim.with(mocks('IN_PROGRESS')).run({});
    // 30 + 60 + 120 x 4 = 570 s < 600 s; the 7th wait brings it to 690 s.
    expect(result).toFailWith('Statecraft.AccountCreationTimedOut', 'Not done after 7 checks over 690 seconds');
    expect(schedule.delaysSeconds()).toEqual([30, 60, 120, 120, 120, 120, 120]);
  });
});

describe('PollSchedule.geometricCheckTimes', () => {
  test('checks at times growing by the factor from the request, intervals capped, the same in the definition and at synth', async () => {
    const schedule = PollSchedule.geometricCheckTimes({
      firstCheck: Duration.seconds(100), growth: 1.5, maxInterval: Duration.seconds(120), timeout: Duration.seconds(600),
    });
    // 100, 150 (+50), 225 (+75), 337 (+112), 457 (+120 cap), 577, 697: each check at most 1.5x the previous time.
    expect(schedule.delaysSeconds()).toEqual([100, 50, 75, 112, 120, 120, 120]);
    const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(accountPoll(testStack(), schedule, sfn.QueryLanguage.JSONATA), { name: 'poll-check-times' }));
    const result = await sim.with(mocks('IN_PROGRESS')).run({});
    expect(result).toFailWith('Statecraft.AccountCreationTimedOut', 'Not done after 7 checks over 697 seconds');
    expect(result.elapsedSeconds).toBe(697);
    // Done after the second check (at 150 s), or failed at once: the outcomes of a JSONata machine's poll.
    const done = await sim.with(mocks('IN_PROGRESS', 'SUCCEEDED')).run({});
    expect(done).toSucceed();
    expect(done.elapsedSeconds).toBe(150);
    expect(await sim.with(mocks('FAILED')).run({})).toFailWith('Statecraft.AccountCreationFailed');
    expect(sim).toHaveFullStateCoverage();
    expect(sim.coverage.report().edges.uncovered).toEqual([]);
  });

  test('the defaults check after 144 s, then 1.2x later each time, at most 5 minutes apart, for 2 hours (33 checks)', () => {
    const delays = PollSchedule.geometricCheckTimes().delaysSeconds();
    expect(delays.slice(0, 8)).toEqual([144, 28, 34, 41, 49, 59, 71, 85]);
    expect(delays).toHaveLength(33);
    expect(Math.max(...delays.slice(1))).toBe(300);
  });

  test('a bad schedule is a synth-time error naming the fragment and the prop', () => {
    const stack = testStack();
    const schedule = PollSchedule.geometricCheckTimes({ growth: 0.5, firstCheck: Duration.minutes(10), timeout: Duration.minutes(5) });
    expect(() => accountPoll(stack, schedule)).toThrow(
      'Invalid props for TestStack/Creation (2 problems)\n  - schedule.growth: 0.5 must be greater than 1 and at most 4\n'
      + '  - schedule: the deadline (300s) must be at least the first wait (600s)');
  });
});

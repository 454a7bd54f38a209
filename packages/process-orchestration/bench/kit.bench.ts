/**
 * Figures for the kit's JSONata pieces: states, definition characters and state transitions of the example workflows
 * (happy path, and a failure through the failure wrapper) and of one poll (per check). Prints figures; asserts nothing.
 */
import { WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { PollSchedule, PollUntilDone } from '../src';
import { nightlyBatch, orderSaga, testStack } from '../test/example-workflows';

/** States in a definition, nested branches and item processors included. */
function countStates(states: Record<string, any>): number {
  return Object.values(states).reduce((n: number, s: any) => n + 1
    + (s.Branches ?? []).reduce((m: number, b: any) => m + countStates(b.States), 0)
    + (s.ItemProcessor ? countStates(s.ItemProcessor.States) : 0), 0);
}

const succeed = { 'lambda:invoke': { return: { StatusCode: 200, Payload: {} } }, 'dynamodb:updateItem': { return: {} } };

async function main() {
  console.log('workflow          | states | definition chars | happy-path transitions | transitions of a failed run');
  for (const [name, make, input] of [
    ['nightly-batch', nightlyBatch, { runDate: '2026-11-30T00:00:00Z', region: 'eu' }],
    ['order-fulfilment', orderSaga, { orderId: 'order-1', amount: 5 }],
  ] as const) {
    const definition = WorkflowDefinition.fromStateMachine(make(testStack()).stateMachine, { name: `bench-${name}` });
    const sim = new WorkflowSimulator(definition, { mocks: { integrations: succeed }, writeCoverageReport: false });
    const happy = await sim.run(input);
    const failed = name === 'nightly-batch'
      ? await sim.with({ mocks: { integrations: succeed, states: { 'Extract Orders': { throw: { error: 'Lambda.Unknown', cause: 'x' } } } } }).run(input)
      : undefined;
    console.log(`${name.padEnd(17)} | ${String(countStates(definition.asl.States as any)).padStart(6)} | ${String(JSON.stringify(definition.asl).length).padStart(16)} | `
      + `${String(happy.transitions).padStart(22)} | ${failed ? failed.transitions : '-'}`);
  }

  const stack = testStack();
  const check = tasks.CallAwsService.jsonata(stack, 'Check', {
    service: 'organizations', action: 'describeCreateAccountStatus', iamResources: ['*'],
    parameters: { CreateAccountRequestId: 'car-1' }, outputs: '{% $states.result.CreateAccountStatus %}',
  });
  const poll = new PollUntilDone(stack, 'Poll', {
    schedule: PollSchedule.geometricCheckTimes(), check, timeoutError: 'Statecraft.TimedOut',
    outcomes: [{ condition: "{% $states.input.State = 'SUCCEEDED' %}", next: sfn.Succeed.jsonata(stack, 'Done') }],
  });
  const start = sfn.Pass.jsonata(stack, 'Start', { assign: poll.startAssign });
  const machine = new sfn.StateMachine(stack, 'M', { definitionBody: sfn.DefinitionBody.fromChainable(start.next(poll)) });
  const definition = WorkflowDefinition.fromStateMachine(machine, { name: 'bench-poll' });
  const sim = new WorkflowSimulator(definition, { writeCoverageReport: false });
  for (const checks of [1, 10]) {
    const result = await sim.with({
      mocks: { states: { Check: (call) => ({ CreateAccountStatus: { Id: 'car-1', State: call.attempt + 1 >= checks ? 'SUCCEEDED' : 'IN_PROGRESS' } }) } },
    }).run({});
    console.log(`poll, ${String(checks).padStart(2)} check(s): ${result.transitions} transitions, ${result.elapsedSeconds} s waited`
      + ` (${countStates(definition.asl.States as any) - 2} states of its own: wait, check, decide, timed out)`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

import { WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '@statecraft/testing';
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessOrchestrator, Saga } from '../src';
import { orderSaga, testStack } from './example-workflows';

installMatchers();

const orchestrator = orderSaga(testStack());
const definition = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'order-fulfilment' });
const ok = { return: { Payload: { ok: true } } };
const mocks = { integrations: { 'lambda:invoke': ok } };
const sim = new WorkflowSimulator(definition, { mocks });
const input = { orderId: 'order-42' };
const fail = (error: string, cause = 'failed') => ({ throw: { error, cause } });

/** The Task states entered, in order, without retries. */
function tasksEntered(visited: readonly { name: string; type: string; attempt: number }[]): string[] {
  return visited.filter((v) => v.type === 'Task' && v.attempt === 0).map((v) => v.name);
}

describe('Saga (order fulfilment)', () => {
  test('runs the steps in order when all succeed', async () => {
    const result = await sim.run(input);

    expect(result).toSucceed();
    expect(tasksEntered(result.visited)).toEqual(['Reserve', 'Charge', 'Ship']);
  });

  test('a failure at the last step compensates the completed steps in reverse order and names the failed step', async () => {
    const result = await sim.with({ mocks: { ...mocks, states: { Ship: fail('Statecraft.CarrierRejected') } } }).run(input);

    expect(result).toFailWith('Statecraft.SagaFailed', 'saga step Ship Order failed with Statecraft.CarrierRejected');
    expect(tasksEntered(result.visited)).toEqual(['Reserve', 'Charge', 'Ship', 'Refund', 'Release']);
    expect(result).toHaveVisitedInOrder(['Ship Order', 'Compensate Charge Payment', 'Compensate Reserve Stock', 'Saga Failed']);
  });

  test('a failure at the second step compensates only the first (the failed step did not complete)', async () => {
    const result = await sim.with({ mocks: { ...mocks, states: { Charge: fail('Statecraft.PaymentDeclined') } } }).run(input);

    expect(result).toFailWith('Statecraft.SagaFailed', 'saga step Charge Payment failed with Statecraft.PaymentDeclined');
    expect(tasksEntered(result.visited)).toEqual(['Reserve', 'Charge', 'Release']);
  });

  test('a failure at the first step has nothing to compensate', async () => {
    const result = await sim.with({ mocks: { ...mocks, states: { Reserve: fail('Statecraft.OutOfStock') } } }).run(input);

    expect(result).toFailWith('Statecraft.SagaFailed', 'saga step Reserve Stock failed with Statecraft.OutOfStock');
    expect(tasksEntered(result.visited)).toEqual(['Reserve']);
  });

  test('a compensation that fails once is retried and the saga still ends SagaFailed', async () => {
    const result = await sim.with({
      mocks: {
        ...mocks,
        states: { Ship: fail('Statecraft.CarrierRejected'), Refund: { 0: fail('Statecraft.RefundLocked'), 1: ok } },
      },
    }).run(input);

    expect(result).toFailWith('Statecraft.SagaFailed');
    expect(result.visited.filter((v) => v.name === 'Compensate Charge Payment').map((v) => v.attempt)).toEqual([0, 1]);
    expect(tasksEntered(result.visited)).toContain('Release');
  });

  test.each([
    ['Refund', 'Charge Payment'],
    ['Release', 'Reserve Stock'],
  ])('a compensation (%s) that keeps failing ends Statecraft.CompensationFailed naming it', async (task, step) => {
    const result = await sim.with({
      mocks: { ...mocks, states: { Ship: fail('Statecraft.CarrierRejected'), [task]: fail('Lambda.InvalidRequestContentException') } },
    }).run(input);

    expect(result).toFailWith('Statecraft.CompensationFailed',
      `compensation of saga step ${step} failed with Lambda.InvalidRequestContentException after the saga failed at step Ship Order`);
    // first attempt + 3 retries
    expect(result.visited.filter((v) => v.name === `Compensate ${step}`)).toHaveLength(4);
  });

  test('rejects an order id that does not match order-* before any step runs', async () => {
    const result = await sim.run({ orderId: 'ord-1' });

    expect(result).toFailWith('Statecraft.InvalidInput', "Input field 'orderId' is invalid");
    expect(result.taskInvocations).toEqual({});
  });

  test('every state of the workflow was entered by these runs', () => {
    expect(sim).toHaveFullStateCoverage();
  });

  test('fault sweep: every fault at every step and compensation is recovered or ends in a Statecraft error', async () => {
    const report = await sweepFaults(sim, {
      scenarios: [
        { name: 'happy path', input },
        { name: 'shipping rejected', input, mocks: { ...mocks, states: { Ship: fail('Statecraft.CarrierRejected') } } },
      ],
      name: 'order-fulfilment',
      // Handled: the saga's catcher ran its compensations and ended in 'Saga Failed', or reported the compensation it could not run.
      isHandled: (result) => (result.error === 'Statecraft.SagaFailed' && result.visited.some((v) => v.name === 'Saga Failed'))
        || result.error === 'Statecraft.CompensationFailed',
    });

    expect(report).toHaveNoUnhandledFaults();
    expect(report.taskStates).toEqual(expect.arrayContaining(['Reserve', 'Charge', 'Ship', 'Refund', 'Release']));
  });
});

describe('Saga props', () => {
  test('a step output kept with resultPath is available as { output } to later steps', () => {
    const stack = testStack();
    const saga = new Saga(stack, 'S', {
      steps: [{ name: 'A', action: new sfn.Pass(stack, 'Do A'), resultPath: '$.a' }],
    });
    const json = stack.resolve((saga.startState as sfn.Parallel).toStateJson());
    expect(json).toMatchObject({ Type: 'Parallel', ResultSelector: { 'output.$': '$[0]' }, ResultPath: '$.a' });
  });

  // Step Functions rejects a definition with a state no transition reaches (Step Functions Developer Guide,
  // "Amazon States Language" state machine structure: every state must be reachable from StartAt). Nothing can fail
  // after the last step inside the saga, so its compensation is never run and must not be emitted.
  test('a compensation on the last step (the natural, uniform case) emits no unreachable state', async () => {
    const stack = testStack();
    const saga = new Saga(stack, 'Uniform', {
      steps: [
        { name: 'Book', action: new sfn.Pass(stack, 'Do Book'), compensation: new sfn.Pass(stack, 'Undo Book') },
        { name: 'Pay', action: new sfn.Fail(stack, 'Decline Pay', { error: 'Payment.Declined' }), compensation: new sfn.Pass(stack, 'Undo Pay') },
      ],
    });
    const uniformProcess = new ProcessOrchestrator(stack, 'Uniform Process', { processName: 'uniform', definition: saga, timeout: Duration.hours(1) });
    // Loading validates the definition as CreateStateMachine does (validateDefinition), which rejects unreachable states.
    const uniform = WorkflowDefinition.fromStateMachine(uniformProcess.stateMachine);
    expect(Object.keys(uniform.asl.States)).not.toContain('Compensate Pay');
    // The first step's compensation still runs when the last step fails.
    // A structural check of one edge case, not a shipped workflow: it writes no coverage report.
    const result = await new WorkflowSimulator(uniform, { writeCoverageReport: false }).run({});
    expect(result).toFailWith('Statecraft.SagaFailed');
    expect(result).toHaveVisitedInOrder(['Book', 'Pay', 'Compensate Book', 'Saga Failed']);
  });

  test.each([
    [[], 'a saga needs at least one step'],
    [[{ name: 'A' }, { name: 'A' }], "step 'A' is declared twice"],
    [[{ name: 'Bad "name"' }], "step 'Bad \"name\"': name must be"],
  ])('bad steps are a synth-time error naming the construct path: %j', (steps, message) => {
    const stack = testStack();
    expect(() => new Saga(stack, 'Checkout', {
      steps: steps.map((step: { name: string }, i) => ({ name: step.name, action: new sfn.Pass(stack, `P${i}`) })),
    })).toThrow(new RegExp(`Invalid props for TestStack/Checkout \\(\\d problems?\\)[\\s\\S]*- steps: [\\s\\S]*${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });

  test('with JSONata actions the saga runs in a JSONata state machine: outputs kept at resultPath, the failure at $.sagaFailure', async () => {
    const stack = testStack();
    const saga = new Saga(stack, 'Booking', {
      steps: [
        {
          name: 'Hold Room',
          action: sfn.Pass.jsonata(stack, 'Do Hold', { outputs: { holdId: 'h-1' } }),
          compensation: sfn.Pass.jsonata(stack, 'Undo Hold', { outputs: { released: '{% $states.input.booking.output.holdId %}', because: '{% $states.input.sagaFailure.Error %}' } }),
          resultPath: '$.booking',
        },
        { name: 'Pay', action: sfn.Fail.jsonata(stack, 'Decline', { error: 'Payment.Declined', cause: 'card expired' }) },
      ],
    });
    const machine = new sfn.StateMachine(stack, 'Machine', {
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(saga),
    });
    const jsonata = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine, { name: 'booking-jsonata' }), { writeCoverageReport: false });
    const result = await jsonata.run({ guest: 'ada' });

    expect(result).toFailWith('Statecraft.SagaFailed', 'saga step Pay failed with Payment.Declined');
    expect(result.visited.map((v) => v.name)).toEqual(['Hold Room', 'Do Hold', 'Pay', 'Decline', 'Compensate Hold Room', 'Undo Hold', 'Saga Failed']);
    const undo = result.history!.find((e: any) => e.type === 'PassStateEntered' && e.stateEnteredEventDetails.name === 'Undo Hold') as any;
    expect(JSON.parse(undo.stateEnteredEventDetails.input)).toEqual({ guest: 'ada', booking: { output: { holdId: 'h-1' } }, sagaFailure: { Error: 'Payment.Declined', Cause: 'card expired' } });
  });

  test('a compensation that still fails after its retries ends CompensationFailed naming it and the failed step (JSONata)', async () => {
    const stack = testStack();
    const saga = new Saga(stack, 'Booking', {
      steps: [
        { name: 'Hold Room', action: sfn.Pass.jsonata(stack, 'Do Hold'), compensation: sfn.Fail.jsonata(stack, 'Undo Hold', { error: 'Hotel.Unavailable' }) },
        { name: 'Pay', action: sfn.Fail.jsonata(stack, 'Decline', { error: 'Payment.Declined' }) },
      ],
    });
    const machine = new sfn.StateMachine(stack, 'Machine', { queryLanguage: sfn.QueryLanguage.JSONATA, definitionBody: sfn.DefinitionBody.fromChainable(saga) });
    const jsonata = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine, { name: 'booking-jsonata' }), { writeCoverageReport: false });
    const result = await jsonata.run({});

    expect(result).toFailWith('Statecraft.CompensationFailed',
      'compensation of saga step Hold Room failed with Hotel.Unavailable after the saga failed at step Pay');
  });
});

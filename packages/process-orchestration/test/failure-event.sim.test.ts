import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { FailureEvent, ProcessOrchestrator, RetryPolicy } from '../src';
import { lambdaJob, testStack } from './example-workflows';

installMatchers();

const stack = testStack();
const bus = events.EventBus.fromEventBusName(stack, 'Bus', 'ops');
const orchestrator = new ProcessOrchestrator(stack, 'Import', {
  processName: 'import',
  definition: lambdaJob(stack, 'Load', 'load'),
  failureHandler: new FailureEvent(stack, 'Failed', {
    source: 'statecraft.import',
    detailType: 'Import Failed',
    eventBus: bus,
    detail: { processName: 'import', ...FailureEvent.standardDetail() },
  }),
});
const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'failure-event' }));
const published = { FailedEntryCount: 0, Entries: [{ EventId: 'e-1' }] };

describe('FailureEvent', () => {
  test('a failed body publishes one event with the error and the execution, then the error is re-raised', async () => {
    let entries: any;
    const result = await sim.with({
      mocks: {
        states: {
          'Load': { throw: { error: 'Lambda.Unknown', cause: 'boom' } },
          'Publish Failure Event': (call) => { entries = (call.input as any).Entries; return published; },
        },
      },
    }).run({}, { executionName: 'run-1' });

    expect(result).toFailWith('Statecraft.ProcessFailed', 'Lambda.Unknown');
    expect(entries).toEqual([{
      EventBusName: 'arn:aws:events:us-east-1:123456789012:event-bus/ops',
      Source: 'statecraft.import',
      DetailType: 'Import Failed',
      Detail: {
        processName: 'import',
        executionArn: expect.stringContaining(':execution:'),
        executionName: 'run-1',
        error: 'Lambda.Unknown',
        cause: 'boom',
      },
    }]);
    expect(result.taskInvocations['events:putEvents']).toBe(1);
  });

  test('a throttled load and a throttled PutEvents are retried: the body succeeds, or the event still goes out', async () => {
    const throttled = (error: string) => ({ 0: { throw: { error, cause: 'Rate exceeded' } } });
    const recovered = await sim.with({
      mocks: { states: { Load: { ...throttled('Lambda.TooManyRequestsException'), 1: { return: { StatusCode: 200, Payload: {} } } } } },
    }).run({});
    expect(recovered).toSucceed();

    const result = await sim.with({
      mocks: {
        states: {
          'Load': { throw: { error: 'Statecraft.BadFile', cause: 'no header' } },
          // EventBridge API Reference, PutEvents, Errors: ThrottlingException (400), retry with backoff.
          'Publish Failure Event': { ...throttled('EventBridge.ThrottlingException'), 1: { return: published } },
        },
      },
    }).run({});
    expect(result).toFailWith('Statecraft.BadFile', 'no header');
    expect(result.taskInvocations['events:putEvents']).toBe(2);
  });

  test('when publishing fails for good, the original error is still raised', async () => {
    const result = await sim.with({
      mocks: {
        states: {
          'Load': { throw: { error: 'Statecraft.BadFile', cause: 'no header' } },
          'Publish Failure Event': { throw: { error: 'EventBridge.AccessDeniedException', cause: 'not allowed' } },
        },
      },
    }).run({});
    expect(result).toFailWith('Statecraft.BadFile', 'no header');
    expect(result).toHaveVisitedInOrder(['Handle Failure', 'Publish Failure Event', 'Re-raise Failure']);
    expect(sim).toHaveFullStateCoverage();
    const edges = sim.coverage.report().edges;
    expect(edges.uncovered).toEqual([]);
  });

  test('the task is JSONata, passes its input on, and retries EventBridge\'s transient errors only', () => {
    const state = sim.definition.state('Publish Failure Event').state as any;
    expect(state.QueryLanguage).toBe('JSONata');
    expect(state.Output).toBe('{% $states.input %}');
    const retried: string[] = state.Retry[0].ErrorEquals;
    // EventBridge API Reference, PutEvents, Errors: InternalException (500) and ThrottlingException (400).
    expect(retried).toEqual(expect.arrayContaining(['EventBridge.InternalException', 'EventBridge.ThrottlingException']));
    expect(retried).not.toContain('SageMaker.AmazonSageMakerException');
  });

  test('a retry policy of choice replaces the default', () => {
    const s = testStack();
    const event = new FailureEvent(s, 'Failed', { source: 'x', detailType: 'y', retry: RetryPolicy.throttling({ maxAttempts: 4 }) });
    expect(s.resolve(event.task.toStateJson()).Retry).toEqual([expect.objectContaining({ ErrorEquals: ['ThrottlingException', 'States.Http.StatusCode.429'], MaxAttempts: 4 })]);
    expect(event.startState).toBe(event.task);
    expect(sfn.Chain.start(event).endStates).toEqual([event.task]);
  });

  test('in a JSONata state machine the wrapper and the event are JSONata too: a Statecraft error is re-raised unchanged', async () => {
    const s = testStack();
    const check = sfn.Fail.jsonata(s, 'Reject', { error: 'Statecraft.InvalidInput', cause: 'no tenant' });
    const jsonataMachine = new ProcessOrchestrator(s, 'Check', {
      processName: 'check',
      definition: sfn.Pass.jsonata(s, 'Start').next(check),
      failureHandler: new FailureEvent(s, 'Failed', { source: 'statecraft.check', detailType: 'Check Failed' }),
      queryLanguage: sfn.QueryLanguage.JSONATA,
    });
    const jsonataSim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(jsonataMachine.stateMachine, { name: 'failure-event-jsonata' }));
    let detail: any;
    const result = await jsonataSim.with({
      mocks: { states: { 'Publish Failure Event': (call) => { detail = (call.input as any).Entries[0].Detail; return published; } } },
    }).run({ tenant: 'x' });
    expect(result).toFailWith('Statecraft.InvalidInput', 'no tenant');
    expect(result).toHaveVisitedInOrder(['Run Process', 'Start', 'Reject', 'Handle Failure', 'Publish Failure Event', 'Re-raise Failure']);
    expect(detail).toMatchObject({ error: 'Statecraft.InvalidInput', cause: 'no tenant' });

    // A server error is retried; a denial after it ends the handler, and the original error is still raised.
    const serverErrorThenDenied = await jsonataSim.with({
      mocks: {
        states: {
          'Publish Failure Event': {
            0: { throw: { error: 'EventBridge.InternalException', cause: '500' } },
            1: { throw: { error: 'EventBridge.AccessDeniedException', cause: 'no' } },
          },
        },
      },
    }).run({ tenant: 'x' });
    expect(serverErrorThenDenied).toFailWith('Statecraft.InvalidInput', 'no tenant');
    expect(jsonataSim.coverage.report().edges.uncovered).toEqual([]);
  });
});

import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '../src';

installMatchers();

const sim = new WorkflowSimulator(WorkflowDefinition.fromAsl({
  StartAt: 'Call',
  States: {
    Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { 'FunctionName': 'work', 'Payload.$': '$' }, Retry: [{ ErrorEquals: ['Lambda.ServiceException'], MaxAttempts: 1 }], Next: 'Done' },
    Done: { Type: 'Succeed' },
  },
}, { name: 'matchers' }), {
  writeCoverageReport: false,
  mocks: { states: { Call: { throw: { error: 'Lambda.ServiceException', cause: 'boom' } } } },
});

describe('matcher failure messages show what happened', () => {
  test('toSucceed names the error and the path with retry numbers', async () => {
    const result = await sim.run({});

    expect(() => expect(result).toSucceed())
      .toThrow('expected the execution to succeed; it ended FAILED (Lambda.ServiceException: boom)\n  path: Call -> Call (retry 1)');
  });

  test('toFailWith checks the error name and, when given, the cause', async () => {
    const result = await sim.run({});

    expect(result).toFailWith('Lambda.ServiceException', 'boom');
    expect(() => expect(result).toFailWith('Statecraft.Other')).toThrow('expected the execution to fail with Statecraft.Other; it ended FAILED');
    expect(() => expect(result).toFailWith('Lambda.ServiceException', 'other')).toThrow('(cause containing "other")');
  });

  test('toHaveVisitedInOrder names the first state not reached', async () => {
    const result = await sim.run({});

    expect(result).toHaveVisitedInOrder(['Call', 'Call']);
    expect(() => expect(result).toHaveVisitedInOrder(['Call', 'Done'])).toThrow("'Done' was not reached after 'Call'");
  });

  test('matchers refuse values that are not results or simulators', () => {
    expect(() => expect({}).toSucceed()).toThrow('expected an ExecutionResult from sim.run()');
    expect(() => expect({}).toHaveFullStateCoverage()).toThrow('expected a WorkflowSimulator');
  });
});

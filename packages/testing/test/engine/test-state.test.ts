import { AslStateMachine, MockConfigurationError, testState } from '../../src';

const LAMBDA = 'arn:aws:states:::lambda:invoke';

const MACHINE = {
  StartAt: 'Charge',
  States: {
    Charge: {
      Type: 'Task',
      Resource: LAMBDA,
      InputPath: '$.order',
      Parameters: { 'amount.$': '$.total', 'currency': 'EUR' },
      ResultSelector: { 'receipt.$': '$.Payload.id' },
      ResultPath: '$.charge',
      Retry: [{ ErrorEquals: ['Payments.Throttled'], MaxAttempts: 2, IntervalSeconds: 3 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Refund' }],
      Next: 'Done',
    },
    Refund: { Type: 'Pass', End: true },
    Done: { Type: 'Succeed' },
  },
} as unknown as AslStateMachine;

// Step Functions API reference, TestState: "status" is SUCCEEDED, FAILED, RETRIABLE or CAUGHT_ERROR; InspectionData
// holds input, afterInputPath, afterParameters, result, afterResultSelector, afterResultPath and variables.
describe('testState, as the TestState API runs one state', () => {
  const input = { order: { total: 42 } };

  test('SUCCEEDED: the output, the next state and the data each JSONPath step produced', async () => {
    const result = await testState(MACHINE, 'Charge', { input, mock: { result: { Payload: { id: 'r-1' } } }, inspectionLevel: 'DEBUG' });

    expect(result).toMatchObject({ status: 'SUCCEEDED', nextState: 'Done', output: { order: { total: 42 }, charge: { receipt: 'r-1' } } });
    expect(result.inspectionData).toMatchObject({
      input,
      afterInputPath: { total: 42 },
      afterParameters: { amount: 42, currency: 'EUR' },
      result: { Payload: { id: 'r-1' } },
      afterResultSelector: { receipt: 'r-1' },
      afterResultPath: { order: { total: 42 }, charge: { receipt: 'r-1' } },
    });
  });

  test('RETRIABLE while the matching Retrier has attempts left, with its backoff; CAUGHT_ERROR once they are used', async () => {
    const throttled = { errorOutput: { error: 'Payments.Throttled', cause: 'slow down' } };

    const first = await testState(MACHINE, 'Charge', { input, mock: throttled, inspectionLevel: 'DEBUG' });
    expect(first).toMatchObject({ status: 'RETRIABLE', error: 'Payments.Throttled', cause: 'slow down' });
    expect(first.inspectionData?.errorDetails).toMatchObject({ retryIndex: 0, retryBackoffIntervalSeconds: 3 });

    const exhausted = await testState(MACHINE, 'Charge', { input, mock: throttled, retrierRetryCount: 2 });
    expect(exhausted).toMatchObject({
      status: 'CAUGHT_ERROR', nextState: 'Refund', output: { order: { total: 42 }, failure: { Error: 'Payments.Throttled', Cause: 'slow down' } },
    });
  });

  test('FAILED when nothing handles the error; INFO returns no inspection data', async () => {
    const bare = { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: LAMBDA, End: true } } } as unknown as AslStateMachine;

    const result = await testState(bare, 'Call', { mock: { errorOutput: { error: 'Lambda.Unknown', cause: 'boom' } } });

    expect(result).toEqual({ status: 'FAILED', error: 'Lambda.Unknown', cause: 'boom', output: undefined, nextState: undefined, inspectionData: undefined });
  });

  test('JSONata: Arguments, Output and Assign with the given variables and context', async () => {
    const asl = {
      QueryLanguage: 'JSONata',
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: LAMBDA,
          Arguments: { who: '{% $customer %}', run: '{% $states.context.Execution.Name %}' },
          Assign: { seen: '{% $states.result.Payload %}' },
          Output: '{% $states.result.Payload & "/" & $customer %}',
          End: true,
        },
      },
    } as unknown as AslStateMachine;

    const result = await testState(asl, 'Call', {
      variables: { customer: 'ada' }, context: { Execution: { Name: 'exec-7' } }, mock: { result: { Payload: 'ok' } }, inspectionLevel: 'TRACE',
    });

    expect(result).toMatchObject({ status: 'SUCCEEDED', output: 'ok/ada' });
    expect(result.inspectionData).toMatchObject({ afterArguments: { who: 'ada', run: 'exec-7' }, variables: { customer: 'ada', seen: 'ok' } });
  });

  test('a Parallel state takes the mocked result in place of running its branches', async () => {
    const asl = {
      StartAt: 'Both',
      States: { Both: { Type: 'Parallel', ResultPath: '$.both', End: true, Branches: [{ StartAt: 'A', States: { A: { Type: 'Task', Resource: LAMBDA, End: true } } }] } },
    } as unknown as AslStateMachine;

    const result = await testState(asl, 'Both', { input: { x: 1 }, mock: { result: [{ a: 1 }] } });

    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { x: 1, both: [{ a: 1 }] } });
  });

  test('a Task without a mock is refused: testState never calls AWS', async () => {
    await expect(testState(MACHINE, 'Charge', { input })).rejects.toThrow(MockConfigurationError);
  });
});

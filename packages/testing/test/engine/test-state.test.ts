import { AslStateMachine, MockConfigurationError, testState } from '../../src';
import { singleState } from '../fixtures/workflows';

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

  // API reference, InspectionData: afterItemsPath ("the effective input after the ItemsPath filter is applied. Not
  // populated when the QueryLanguage is JSONata"), afterItemSelector ("an array containing the inputs for each Map
  // iteration"), afterItemBatcher, toleratedFailureCount, toleratedFailurePercentage and maxConcurrency.
  test('a Map state reports its items after ItemsPath, ItemSelector and ItemBatcher, and its settings; the mock stands for the iterations', async () => {
    const asl = singleState('Each', {
      Type: 'Map',
      ItemsPath: '$.orders',
      ItemSelector: { 'id.$': '$$.Map.Item.Value.id', 'region.$': '$.region' },
      ItemBatcher: { MaxItemsPerBatch: 2 },
      MaxConcurrency: 5,
      ToleratedFailurePercentage: 10,
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'A', States: { A: { Type: 'Task', Resource: LAMBDA, End: true } } },
      ResultPath: '$.done',
      End: true,
    }) as unknown as AslStateMachine;
    const mapInput = { region: 'eu', orders: [{ id: 1 }, { id: 2 }, { id: 3 }] };

    const result = await testState(asl, 'Each', { input: mapInput, mock: { result: ['ok'] }, inspectionLevel: 'DEBUG' });

    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { ...mapInput, done: ['ok'] } });
    expect(result.inspectionData).toMatchObject({
      afterItemsPath: [{ id: 1 }, { id: 2 }, { id: 3 }],
      afterItemSelector: [{ id: 1, region: 'eu' }, { id: 2, region: 'eu' }, { id: 3, region: 'eu' }],
      afterItemBatcher: [{ Items: [{ id: 1, region: 'eu' }, { id: 2, region: 'eu' }] }, { Items: [{ id: 3, region: 'eu' }] }],
      maxConcurrency: 5,
      toleratedFailurePercentage: 10,
    });
    expect(result.inspectionData).not.toHaveProperty('toleratedFailureCount');
  });

  test('a JSONata Map reports afterItemSelector but not afterItemsPath', async () => {
    const asl = {
      QueryLanguage: 'JSONata',
      StartAt: 'Each',
      States: { Each: { Type: 'Map', Items: '{% $states.input.n %}', ItemSelector: { twice: '{% $states.context.Map.Item.Value * 2 %}' }, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, End: true } },
    } as unknown as AslStateMachine;

    const result = await testState(asl, 'Each', { input: { n: [1, 2] }, mock: { result: [] }, inspectionLevel: 'DEBUG' });

    expect(result.inspectionData).toMatchObject({ afterItemSelector: [{ twice: 2 }, { twice: 4 }] });
    expect(result.inspectionData).not.toHaveProperty('afterItemsPath');
  });

  test('a Task without a mock is refused: testState never calls AWS', async () => {
    await expect(testState(MACHINE, 'Charge', { input })).rejects.toThrow(MockConfigurationError);
  });
});

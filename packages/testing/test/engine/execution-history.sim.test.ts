import { AslStateMachine, HistoryEvent, WorkflowDefinition, WorkflowSimulator } from '../../src';

function historyOf(asl: object, input: unknown = {}): Promise<HistoryEvent[]> {
  const sim = new WorkflowSimulator(WorkflowDefinition.fromAsl(asl as AslStateMachine, { name: 'history' }), { writeCoverageReport: false });
  return sim.run(input).then((result) => result.history as HistoryEvent[]);
}

const links = (history: HistoryEvent[]) => history.map((event) => [event.id, event.previousEventId, event.type]);

describe('previousEventId, as GetExecutionHistory reports it', () => {
  // Step Functions API Reference, GetExecutionHistory (example): ExecutionStarted and the first state's entered event
  // both have previousEventId 0; every later event names the event before it (HistoryEvent, previousEventId: "The id
  // of the previous event").
  test('the first state follows no event; each later event follows the one before it', async () => {
    const history = await historyOf({ StartAt: 'Hello', States: { Hello: { Type: 'Pass', Result: 'Hello World!', End: true } } });

    expect(links(history)).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'ExecutionSucceeded'],
    ]);
  });

  // HistoryEvent: a Map state records MapStateStarted, then per iteration MapIterationStarted and the iteration's
  // states; an iteration's first state follows its own MapIterationStarted.
  test('each Map iteration chains from its MapIterationStarted', async () => {
    const history = await historyOf({
      StartAt: 'Each',
      States: { Each: { Type: 'Map', ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } }, End: true } },
    }, [1, 2]);

    const started = history.filter((event) => event.type === 'MapIterationStarted').map((event) => event.id);
    const firstStates = history.filter((event) => event.type === 'PassStateEntered').map((event) => event.previousEventId);
    expect(firstStates).toEqual(started);
    expect(history.find((event) => event.type === 'MapStateStarted')!.previousEventId)
      .toBe(history.find((event) => event.type === 'MapStateEntered')!.id);
  });
});

describe('EvaluationFailed', () => {
  // Step Functions API Reference, HistoryEvent (evaluationFailedEventDetails) and EvaluationFailedEventDetails: "an
  // evaluation failure that occurred while processing a state, for example, when a JSONata expression throws an
  // error", with error, cause, location (the field) and state; only in JSONata states.
  test('a JSONata expression that fails records EvaluationFailed with the field and state, then the execution fails', async () => {
    const history = await historyOf({
      QueryLanguage: 'JSONata',
      StartAt: 'Divide',
      States: { Divide: { Type: 'Pass', Output: '{% $states.input.missing.deeper %}', End: true } },
    });

    expect(history.map((event) => event.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
    expect(history[2]).toMatchObject({
      previousEventId: 2,
      evaluationFailedEventDetails: { error: 'States.QueryEvaluationError', location: 'Output', state: 'Divide' },
    });
    expect(history[3]).toMatchObject({ executionFailedEventDetails: { error: 'States.QueryEvaluationError' } });
  });

  test('a JSONPath state never records EvaluationFailed (a failed path is States.Runtime)', async () => {
    const history = await historyOf({ StartAt: 'Read', States: { Read: { Type: 'Pass', Parameters: { 'x.$': '$.missing' }, End: true } } });

    expect(history.map((event) => event.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });
});

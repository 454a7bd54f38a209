import { AslStateMachine, HistoryEvent, InMemoryS3ObjectSource, TaskFailure, WorkflowDefinition, WorkflowSimulator, installMatchers } from '../../src';
import { singleState } from '../fixtures/workflows';

installMatchers();

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:work'; // a function ARN: free-form payloads, no API model to match

function simulate(asl: object, options: ConstructorParameters<typeof WorkflowSimulator>[1] = {}, name = 'engine') {
  return new WorkflowSimulator(WorkflowDefinition.fromAsl(asl as AslStateMachine, { name }), { writeCoverageReport: false, ...options });
}

describe('the execution history', () => {
  // Step Functions API reference, HistoryEvent / GetExecutionHistory: a Task state records TaskStateEntered,
  // TaskScheduled, TaskStarted, TaskSucceeded and TaskStateExited; the execution starts with ExecutionStarted and ends
  // with ExecutionSucceeded (or ExecutionFailed); ids count from 1.
  test('records the event types AWS records, in order, numbered from 1', async () => {
    const sim = simulate({
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: LAMBDA, Next: 'Done' }, Done: { Type: 'Succeed' } },
    }, { mocks: { integrations: { 'lambda:invoke': { return: { Payload: 1 } } } } });

    const result = await sim.run({ a: 1 });

    const history = result.history as HistoryEvent[];
    expect(history.map((event) => event.type)).toEqual([
      'ExecutionStarted', 'TaskStateEntered', 'TaskScheduled', 'TaskStarted', 'TaskSucceeded', 'TaskStateExited',
      'SucceedStateEntered', 'SucceedStateExited', 'ExecutionSucceeded',
    ]);
    expect(history.map((event) => event.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(history[1]).toMatchObject({ stateEnteredEventDetails: { name: 'Call', input: '{"a":1}' } });
  });

  test('a Map records MapStateStarted, one MapIterationStarted/Succeeded per item, and MapStateSucceeded', async () => {
    const sim = simulate({
      StartAt: 'Each',
      States: { Each: { Type: 'Map', End: true, ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } } },
    });

    const result = await sim.run([1, 2, 3]);

    const types = (result.history as HistoryEvent[]).map((event) => event.type);
    expect(types.filter((type) => type === 'MapIterationStarted')).toHaveLength(3);
    expect(types.filter((type) => type === 'MapIterationSucceeded')).toHaveLength(3);
    expect(types).toEqual(expect.arrayContaining(['MapStateEntered', 'MapStateStarted', 'MapStateSucceeded', 'MapStateExited']));
  });
});

describe('Map and Parallel on the virtual clock', () => {
  const slowItems = {
    StartAt: 'Each',
    States: {
      Each: {
        Type: 'Map',
        MaxConcurrency: 2,
        End: true,
        ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: LAMBDA, End: true } } },
      },
    },
  };

  // "Map workflow state": MaxConcurrency is the upper bound of iterations running at once.
  test('MaxConcurrency serializes iterations: 5 items of 10 s at 2 at a time take 30 s', async () => {
    const result = await simulate(slowItems, { mocks: { integrations: { 'lambda:invoke': { return: {}, durationSeconds: 10 } } } }).run([1, 2, 3, 4, 5]);

    expect(result).toSucceed();
    expect(result.elapsedSeconds).toBe(30);
  });

  // "Map workflow state": a failed iteration fails the Map state; no further iteration starts.
  test('with MaxConcurrency 1, no iteration starts after one has failed', async () => {
    const serial = { ...slowItems, States: { Each: { ...slowItems.States.Each, MaxConcurrency: 1 } } };
    const calls: number[] = [];
    const sim = simulate(serial, {
      mocks: {
        integrations: {
          'lambda:invoke': (call) => {
            calls.push(call.input as number);
            if (call.input === 2) {
              throw new TaskFailure('Item.Bad', 'item 2');
            }
            return {};
          },
        },
      },
    });

    const result = await sim.run([1, 2, 3, 4]);

    expect(result).toFailWith('Item.Bad', 'item 2');
    expect(calls).toEqual([1, 2]);
  });

  // "Redriving executions": for a Parallel state, redrive reruns only the branches that did not succeed.
  test('a redrive reruns only the failed branch of a Parallel state', async () => {
    const asl = singleState('Both', {
      Type: 'Parallel',
      End: true,
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:s3:putObject', Parameters: { Bucket: 'reports', Key: 'today.json', Body: '{}' }, End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sqs:sendMessage', Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/work', MessageBody: 'go' }, End: true } } },
      ],
    });
    let leftCalls = 0;
    const left = () => {
      leftCalls += 1;
      return { ETag: `"etag-${leftCalls}"` };
    };
    const failing = simulate(asl, { mocks: { integrations: { 's3:putObject': left, 'sqs:sendMessage': { throw: { error: 'Sqs.RequestThrottledException' } } } } });
    const failed = await failing.run({});
    expect(failed).toFailWith('Sqs.RequestThrottledException');

    const redriven = await failing.with({ mocks: { integrations: { 's3:putObject': left, 'sqs:sendMessage': { return: { MessageId: 'm-1' } } } } }).redrive(failed);

    expect(redriven).toSucceed();
    expect(redriven.output).toEqual([{ ETag: '"etag-1"' }, { MessageId: 'm-1' }]);
    expect(leftCalls).toBe(1);
    expect(redriven.visited.map((v) => v.name)).toEqual(['Both', 'Right']);
  });

  // "Retrying after an error": JitterStrategy FULL waits a random time up to the computed interval; the simulator's
  // jitter is seeded by the execution, so the same run gives the same elapsed time.
  test('FULL jitter is within the interval and reproducible for the same execution name', async () => {
    const asl = {
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: LAMBDA, End: true, Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 100, MaxAttempts: 1, JitterStrategy: 'FULL' }] } },
    };
    const mocks = { integrations: { 'lambda:invoke': { 0: { throw: { error: 'Lambda.Busy' } }, 1: { return: {} } } } };

    const first = await simulate(asl, { mocks }).run({}, { executionName: 'same' });
    const second = await simulate(asl, { mocks }).run({}, { executionName: 'same' });

    expect(first.elapsedSeconds).toBeGreaterThanOrEqual(0);
    expect(first.elapsedSeconds).toBeLessThanOrEqual(100);
    expect(second.elapsedSeconds).toBe(first.elapsedSeconds);
  });
});

describe('variables and the context object', () => {
  // "Passing data between states with variables": inside a Map iteration the outer variables are readable; a
  // variable assigned in an iteration is not visible after the Map. Every expression of one Assign reads the values
  // from before the state.
  test('Assign reads the values from before the state; Map iterations see outer variables and keep their own', async () => {
    const sim = simulate({
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Assign: { x: 1, y: 10 }, Next: 'Swap' },
        Swap: { Type: 'Pass', Assign: { x: '{% $y %}', y: '{% $x %}' }, Next: 'Each' },
        Each: {
          Type: 'Map',
          Items: '{% [1, 2] %}',
          Next: 'After',
          ItemProcessor: { StartAt: 'Inner', States: { Inner: { Type: 'Pass', Assign: { inner: '{% $states.input %}' }, Output: '{% $x + $states.input %}', End: true } } },
        },
        After: { Type: 'Pass', Output: '{% { "x": $x, "y": $y, "results": $states.input, "inner": $exists($inner) } %}', End: true },
      },
    });

    const result = await sim.run({});

    expect(result).toSucceed();
    expect(result.output).toEqual({ x: 10, y: 1, results: [11, 12], inner: false });
  });

  // "Accessing execution data from the Context object": State.Name, State.RetryCount and State.EnteredTime.
  test('$$.State.Name, RetryCount and EnteredTime follow the virtual clock', async () => {
    const sim = simulate({
      StartAt: 'Wait',
      States: {
        Wait: { Type: 'Wait', Seconds: 60, Next: 'Call' },
        Call: {
          Type: 'Task',
          Resource: LAMBDA,
          End: true,
          Parameters: { 'name.$': '$$.State.Name', 'retry.$': '$$.State.RetryCount', 'entered.$': '$$.State.EnteredTime', 'start.$': '$$.Execution.StartTime' },
          Retry: [{ ErrorEquals: ['Lambda.Busy'], IntervalSeconds: 5, MaxAttempts: 1 }],
        },
      },
    }, { mocks: { integrations: { 'lambda:invoke': { 0: { throw: { error: 'Lambda.Busy' } }, 1: { return: 'ok' } } } } });
    const seen: any[] = [];
    const recording = sim.with({
      mocks: {
        integrations: {
          'lambda:invoke': (call) => {
            seen.push(call.input);
            if (seen.length === 1) {
              throw new TaskFailure('Lambda.Busy');
            }
            return 'ok';
          },
        },
      },
    });

    await recording.run({});

    expect(seen.map((input) => [input.name, input.retry])).toEqual([['Call', 0], ['Call', 1]]);
    expect(Date.parse(seen[0].entered) - Date.parse(seen[0].start)).toBe(60_000);
    expect(seen[1].entered).toBe(seen[0].entered);
  });
});

describe('runtime checks AWS makes', () => {
  // "Wait workflow state": SecondsPath must select a non-negative integer; "Handling errors": States.Runtime.
  test('a negative SecondsPath fails the execution with States.Runtime', async () => {
    const result = await simulate({ StartAt: 'W', States: { W: { Type: 'Wait', SecondsPath: '$.s', End: true } } }).run({ s: -1 });

    expect(result).toFailWith('States.Runtime', 'SecondsPath');
  });

  // "Step Functions service quotas": 256 KiB per state output; "Handling errors": States.DataLimitExceeded, which
  // States.ALL does not catch.
  test('an output over 256 KiB fails with States.DataLimitExceeded, past a States.ALL Catch', async () => {
    const result = await simulate({
      StartAt: 'Call',
      States: {
        Call: { Type: 'Task', Resource: LAMBDA, End: true, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }] },
        Caught: { Type: 'Succeed' },
      },
    }, { mocks: { integrations: { 'lambda:invoke': { return: 'x'.repeat(300 * 1024) } } } }).run({});

    expect(result).toFailWith('States.DataLimitExceeded');
  });

  // "Fail workflow state": Error and Cause are optional; without them the execution fails with neither.
  test('a Fail state without Error or Cause fails with neither', async () => {
    const result = await simulate({ StartAt: 'F', States: { F: { Type: 'Fail' } } }).run({});

    expect(result.status).toBe('FAILED');
    expect(result.error).toBeUndefined();
    expect(result.cause).toBeUndefined();
  });
});

describe('Distributed Map over mocked S3', () => {
  // "ItemReader (Map)": a JSON object in S3 gives the items; "ResultWriter (Map)": the Map state's result is the
  // ResultWriterDetails of the manifest it wrote, and the children's results are written under the prefix.
  test('reads the items with the ItemReader and writes the results with the ResultWriter', async () => {
    const s3 = new InMemoryS3ObjectSource({ lists: { 'tenants.json': JSON.stringify([{ id: 'a' }, { id: 'b' }]) }, results: {} });
    const sim = simulate({
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          End: true,
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { 'Bucket': 'lists', 'Key.$': '$.key' } },
          ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'results', Prefix: 'runs' } },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Greet',
            States: { Greet: { Type: 'Pass', Parameters: { 'hello.$': '$.id' }, End: true } },
          },
        },
      },
    }, { s3 });

    const result = await sim.run({ key: 'tenants.json' });

    expect(result).toSucceed();
    expect(result.output).toMatchObject({ ResultWriterDetails: { Bucket: 'results', Key: expect.stringMatching(/^runs\/.+\/manifest\.json$/) } });
    const manifestKey = (result.output as { ResultWriterDetails: { Key: string } }).ResultWriterDetails.Key;
    expect(s3.getObject('results', manifestKey)).toBeDefined();
    expect(s3.listKeys('results', 'runs/').some((key) => key.includes('SUCCEEDED'))).toBe(true);
  });
});

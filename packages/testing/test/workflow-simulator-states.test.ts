import { AslStateMachine, MockConfigurationError, TaskFailure, UnsupportedFeatureError, WorkflowDefinition, WorkflowSimulator, installMatchers } from '../src';
import { FUNCTION_ARN, singleState } from './fixtures/workflows';

installMatchers();


function simulate(asl: AslStateMachine, options: ConstructorParameters<typeof WorkflowSimulator>[1] = {}, name = 'states') {
  return new WorkflowSimulator(WorkflowDefinition.fromAsl(asl, { name }), { writeCoverageReport: false, ...options });
}

describe('state types', () => {
  test('Pass with Result and intrinsics, Wait with Seconds and SecondsPath, Succeed: output and virtual time', async () => {
    const sim = simulate({
      StartAt: 'Greet',
      States: {
        'Greet': {
          Type: 'Pass',
          Parameters: { 'greeting.$': "States.Format('hello {}', $.name)", 'count.$': 'States.ArrayLength($.items)', 'delay.$': '$.delay' },
          Next: 'Fixed Wait',
        },
        'Fixed Wait': { Type: 'Wait', Seconds: 3600, Next: 'Input Wait' },
        'Input Wait': { Type: 'Wait', SecondsPath: '$.delay', Next: 'Done' },
        'Done': { Type: 'Succeed' },
      },
    });

    const result = await sim.run({ name: 'ada', items: [1, 2, 3], delay: 90 });

    expect(result).toSucceed();
    expect(result.output).toEqual({ greeting: 'hello ada', count: 3, delay: 90 });
    expect(result.elapsedSeconds).toBe(3690);
    expect(result.transitions).toBe(5);
  });

  test('Parallel branches run on their own timelines: elapsed time is the slowest branch, not the sum', async () => {
    const sim = simulate(singleState('Both', {
      Type: 'Parallel',
      End: true,
      Branches: [
        { StartAt: 'Slow', States: { Slow: { Type: 'Wait', Seconds: 100, End: true } } },
        { StartAt: 'Fast', States: { Fast: { Type: 'Task', Resource: FUNCTION_ARN, Parameters: { 'n.$': '$.n' }, ResultSelector: { 'v.$': '$.Payload' }, End: true } } },
      ],
    }), { mocks: { integrations: { 'lambda:invoke': { return: { Payload: 7 }, durationSeconds: 10 } } } });

    const result = await sim.run({ n: 1 });

    expect(result).toSucceed();
    expect(result.output).toEqual([{ n: 1 }, { v: 7 }]);
    expect(result.elapsedSeconds).toBe(100);
    expect(result.lambdaInvocations).toBe(1);
  });

  test('Map runs each item with $$.Map.Item.Value and the Task sees the item; a failing item fails the map into its Catch', async () => {
    const asl: AslStateMachine = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemSelector: { 'item.$': '$$.Map.Item.Value', 'index.$': '$$.Map.Item.Index' },
          ItemProcessor: { StartAt: 'Work', States: { Work: { Type: 'Task', Resource: FUNCTION_ARN, OutputPath: '$.Payload', End: true } } },
          Catch: [{ ErrorEquals: ['Statecraft.ItemRejected'], Next: 'Rejected' }],
          End: true,
        },
        Rejected: { Type: 'Fail', Error: 'Statecraft.BatchRejected', Cause: 'an item was rejected' },
      },
    };
    const mock = (call: { input: unknown }) => {
      const { item, index } = call.input as { item: number; index: number };
      if (item < 0) {
        throw new TaskFailure('Statecraft.ItemRejected', `item ${index} is negative`);
      }
      return { Payload: item * 10 };
    };
    const sim = simulate(asl, { mocks: { states: { Work: mock } } });

    const ok = await sim.run({ items: [1, 2, 3] });
    const rejected = await sim.run({ items: [1, -2] });

    expect(ok).toSucceed();
    expect(ok.output).toEqual([10, 20, 30]);
    expect(ok.visited.filter((v) => v.name === 'Work')).toHaveLength(3);
    expect(rejected).toFailWith('Statecraft.BatchRejected');
    expect(rejected).toHaveVisitedInOrder(['Each', 'Rejected']);
  });

  test('Fail with ErrorPath/CausePath reports the error and cause taken from the input', async () => {
    const sim = simulate({ StartAt: 'Stop', States: { Stop: { Type: 'Fail', ErrorPath: '$.code', CausePath: '$.why' } } });

    const result = await sim.run({ code: 'Statecraft.Custom', why: 'because' });

    expect(result).toFailWith('Statecraft.Custom', 'because');
    expect(result.status).toBe('FAILED');
  });

  test('a Choice without a matching rule or Default fails with States.NoChoiceMatched', async () => {
    const sim = simulate({
      StartAt: 'Pick',
      States: {
        Pick: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 5, Next: 'Big' }] },
        Big: { Type: 'Succeed' },
      },
    });

    expect(await sim.run({ n: 9 })).toSucceed();
    expect(await sim.run({ n: 1 })).toFailWith('States.NoChoiceMatched');
  });
});

describe('retries and timeouts on the virtual clock', () => {
  const retrying: AslStateMachine = {
    StartAt: 'Call',
    States: {
      'Call': {
        Type: 'Task',
        Resource: FUNCTION_ARN,
        TimeoutSeconds: 60,
        Retry: [
          { ErrorEquals: ['Lambda.TooManyRequestsException'], IntervalSeconds: 10, BackoffRate: 3, MaxDelaySeconds: 50, MaxAttempts: 4 },
          { ErrorEquals: ['States.TaskFailed'], IntervalSeconds: 1, MaxAttempts: 1 },
        ],
        Catch: [
          { ErrorEquals: ['States.Timeout'], Next: 'Timed Out' },
          { ErrorEquals: ['States.ALL'], Next: 'Broken' },
        ],
        End: true,
      },
      'Timed Out': { Type: 'Fail', Error: 'Statecraft.CallTimedOut' },
      'Broken': { Type: 'Fail', Error: 'Statecraft.CallFailed' },
    },
  };

  test('backoff grows by BackoffRate and is capped by MaxDelaySeconds; MaxAttempts exhausted goes to the Catch', async () => {
    const sim = simulate(retrying, { mocks: { states: { Call: { throw: { error: 'Lambda.TooManyRequestsException' } } } } });

    const result = await sim.run({});

    expect(result).toFailWith('Statecraft.CallFailed');
    // 10, 30, then 90 and 270 capped at 50
    expect(result.elapsedSeconds).toBe(10 + 30 + 50 + 50);
    expect(result.visited.map((v) => v.attempt)).toEqual([0, 1, 2, 3, 4, 0]);
    expect(result.transitions).toBe(1 + 1 + 4 + 1);
  });

  test('a mock slower than TimeoutSeconds fails with States.Timeout, which States.TaskFailed does not retry (as in AWS)', async () => {
    const sim = simulate(retrying, { mocks: { states: { Call: { return: {}, durationSeconds: 120 } } } });

    const result = await sim.run({});

    expect(result).toFailWith('Statecraft.CallTimedOut');
    expect(result.visited.filter((v) => v.name === 'Call')).toHaveLength(1);
    expect(result.elapsedSeconds).toBe(60);
  });

  test('States.TaskFailed retries any other task error once', async () => {
    const sim = simulate(retrying, { mocks: { states: { Call: { 0: { throw: { error: 'Custom.Error' } }, 1: { return: { ok: 1 } } } } } });

    const result = await sim.run({});

    expect(result).toSucceed();
    expect(result.output).toEqual({ ok: 1 });
    expect(result.elapsedSeconds).toBe(1);
  });

  // AWS ends the execution at its TimeoutSeconds, TIMED_OUT with error States.Timeout and no cause (ExecutionTimedOut
  // event, "Step Functions API reference: ExecutionTimedOutEventDetails"; "State machine structure: TimeoutSeconds").
  test('the execution TimeoutSeconds ends a long polling loop as TIMED_OUT with States.Timeout, instantly', async () => {
    const sim = simulate({
      StartAt: 'Poll',
      TimeoutSeconds: 3600,
      States: {
        'Poll': { Type: 'Task', Resource: FUNCTION_ARN, ResultPath: '$.status', Next: 'Ready?' },
        'Ready?': { Type: 'Choice', Choices: [{ Variable: '$.status.done', BooleanEquals: true, Next: 'Done' }], Default: 'Sleep' },
        'Sleep': { Type: 'Wait', Seconds: 300, Next: 'Poll' },
        'Done': { Type: 'Succeed' },
      },
    }, { mocks: { states: { Poll: { return: { done: false } } } } });
    const started = Date.now();

    const result = await sim.run({});

    expect(result.status).toBe('TIMED_OUT');
    expect(result).toFailWith('States.Timeout');
    expect(result.cause).toBeUndefined();
    // Polls at 0, 300, ..., 3300 s; the execution ends at 3600 s, while the twelfth Wait is running.
    expect(result.elapsedSeconds).toBe(3600);
    expect(result.taskInvocations['lambda:invoke']).toBe(12);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('a loop with no exit is stopped at maxTransitions and reported ABORTED', async () => {
    const sim = simulate({
      StartAt: 'Again',
      States: {
        Again: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'End' }], Default: 'Spin' },
        Spin: { Type: 'Pass', Next: 'Again' },
        End: { Type: 'Succeed' },
      },
    }, { maxTransitions: 50 });

    const result = await sim.run({});

    expect(result.status).toBe('ABORTED');
    expect(result).toFailWith('Statecraft.SimulationLimitExceeded', 'maxTransitions');
  });
});

describe('integration patterns and the context object', () => {
  test('.sync:2 returns the mocked job result; .waitForTaskToken gets $$.Task.Token and the execution context', async () => {
    const sim = simulate({
      StartAt: 'Run Child',
      States: {
        'Run Child': {
          Type: 'Task',
          Resource: 'arn:aws:states:::states:startExecution.sync:2',
          Parameters: { 'StateMachineArn': 'arn:aws:states:us-east-1:123456789012:stateMachine:Child', 'Input.$': '$' },
          ResultSelector: { 'childOutput.$': '$.Output' },
          ResultPath: '$.child',
          Next: 'Approve',
        },
        'Approve': {
          Type: 'Task',
          Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
          Parameters: {
            QueueUrl: 'https://sqs.us-east-1.amazonaws.com/123456789012/approvals',
            MessageBody: {
              'token.$': '$$.Task.Token',
              'execution.$': '$$.Execution.Name',
              'executionId.$': '$$.Execution.Id',
              'state.$': '$$.State.Name',
              'machine.$': '$$.StateMachine.Name',
              'summary.$': "States.Format('{} awaits {}', $$.Execution.Name, $$.State.Name)",
            },
          },
          ResultPath: '$.approval',
          End: true,
        },
      },
    }, {
      mocks: {
        integrations: {
          // The DescribeExecution output .sync:2 returns, with Output as JSON (Developer Guide, "Start a new AWS Step Functions state machine execution").
          'states:startExecution': { return: { ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:Child:c-1', StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:Child', StartDate: '2026-12-07T00:00:00Z', Output: { done: true }, Status: 'SUCCEEDED' } },
          'sqs:sendMessage': (call) => ({ approvedWith: call.taskToken, body: (call.input as { MessageBody: unknown }).MessageBody, pattern: call.integration.pattern }),
        },
      },
    }, 'context-machine');

    const result = await sim.run({ tenant: 't-1' }, { executionName: 'approval-1' });

    expect(result).toSucceed();
    expect(result.output).toEqual({
      tenant: 't-1',
      child: { childOutput: { done: true } },
      approval: {
        approvedWith: 'statecraft-token:approval-1:Approve',
        pattern: 'WAIT_FOR_TASK_TOKEN',
        body: {
          token: 'statecraft-token:approval-1:Approve',
          execution: 'approval-1',
          executionId: 'arn:aws:states:us-east-1:123456789012:execution:context-machine:approval-1',
          state: 'Approve',
          machine: 'context-machine',
          summary: 'approval-1 awaits Approve',
        },
      },
    });
    expect(result.taskInvocations).toEqual({ 'states:startExecution': 1, 'sqs:sendMessage': 1 });
  });

  test('a Distributed Map with an ItemReader runs inline over the items the test supplies, batched by ItemBatcher', async () => {
    const asl: AslStateMachine = {
      StartAt: 'Scan Cameras',
      States: {
        'Scan Cameras': {
          Type: 'Map',
          ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Parameters: { Bucket: 'b', Key: 'cameras.json' } },
          ItemBatcher: { MaxItemsPerBatch: 2 },
          ItemProcessor: {
            ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
            StartAt: 'Check Batch',
            States: { 'Check Batch': { Type: 'Task', Resource: FUNCTION_ARN, OutputPath: '$.Payload', End: true } },
          },
          End: true,
        },
      },
    };
    const mocks = { states: { 'Check Batch': (call: { input: unknown }) => ({ Payload: (call.input as { Items: string[] }).Items.join('+') }) } };

    expect(() => simulate(asl, { mocks })).toThrow(UnsupportedFeatureError);
    expect(() => simulate(asl, { mocks })).toThrow(/Distributed Map 'Scan Cameras' reads its items with an ItemReader.*itemReaderItems/);

    const result = await simulate(asl, { mocks, itemReaderItems: { 'Scan Cameras': ['cam-1', 'cam-2', 'cam-3'] } }).run({});

    expect(result).toSucceed();
    expect(result.output).toEqual(['cam-1+cam-2', 'cam-3']);
  });
});

describe('JSONata Pass states (Output only) inside a JSONPath machine', () => {
  const measure = {
    StartAt: 'Measure',
    States: {
      'Measure': {
        Type: 'Pass',
        QueryLanguage: 'JSONata',
        Output: {
          'name.$': 'kept as is: JSONata ignores JSONPath field names',
          'lengths': '{% { "name": $length($states.input.name), "longestTag": $max($append([0], $states.input.tags.$length(Key))) } %}',
          'execution': '{% $states.context.Execution.Name %}',
          'echo': '{% $states.input %}',
        },
        Next: 'Too Long?',
      },
      'Too Long?': { Type: 'Choice', Choices: [{ Variable: '$.lengths.name', NumericGreaterThan: 5, Next: 'Too Long' }], Default: 'Fine' },
      'Too Long': { Type: 'Fail', Error: 'TooLong' },
      'Fine': { Type: 'Succeed' },
    },
  } as unknown as AslStateMachine;

  test('Output is evaluated with $states.input and $states.context, and the JSONPath states after it read the result', async () => {
    const sim = simulate(measure, {}, 'jsonata-measure');
    const input = { name: 'Zoë', tags: [{ Key: 'cost-center', Value: 'x' }, { Key: 'env', Value: 'y' }] };

    const result = await sim.run(input, { executionName: 'measure-1' });

    expect(result).toSucceed();
    expect(result.output).toEqual({
      'name.$': 'kept as is: JSONata ignores JSONPath field names',
      'lengths': { name: 3, longestTag: 11 },
      'execution': 'measure-1',
      'echo': input,
    });
    expect(result.visited.map((v) => [v.name, v.type])).toEqual([['Measure', 'Pass'], ['Too Long?', 'Choice'], ['Fine', 'Succeed']]);
    expect(result.taskInvocations).toEqual({});
    expect(result.transitions).toBe(4);
  });

  test('the measured value drives the Choice: a long name takes the other branch', async () => {
    const result = await simulate(measure, {}, 'jsonata-measure-long').run({ name: 'Zoë Quartermaine' });

    expect(result).toFailWith('TooLong');
  });

  test('an expression that fails fails the state with States.QueryEvaluationError, naming it', async () => {
    const failing = structuredClone(measure) as any;
    failing.States.Measure.Output = '{% $length($states.input.count) %}';

    const result = await simulate(failing, {}, 'jsonata-failing').run({ count: 42 });

    expect(result).toFailWith('States.QueryEvaluationError', "the state 'Measure'");
  });
});

describe('refusals', () => {
  // "Transforming data with JSONata in Step Functions": QueryLanguage at the top level applies to every state; Output
  // is evaluated with $states.input. "Passing data between states with variables": Assign sets a variable later states read.
  test('a JSONata state machine runs: Output is evaluated, and a variable one state assigns is read by the next', async () => {
    const asl = {
      QueryLanguage: 'JSONata',
      StartAt: 'Remember',
      States: {
        Remember: { Type: 'Pass', Assign: { total: '{% $states.input.a + 1 %}' }, Next: 'Shape' },
        Shape: { Type: 'Pass', Output: '{% { "a": $states.input.a, "total": $total } %}', End: true },
      },
    } as unknown as AslStateMachine;

    const result = await simulate(asl, {}, 'jsonata-machine').run({ a: 5 });

    expect(result).toSucceed();
    expect(result.output).toEqual({ a: 5, total: 6 });
  });

  test('malformed mocks fail at construction, naming the mock', () => {
    const asl: AslStateMachine = { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: FUNCTION_ARN, End: true } } };

    expect(() => simulate(asl, { mocks: { states: { Cal: { return: 1 } } } })).toThrow("mocks.states['Cal']: no Task state of that name; Task states are: Call");
    expect(() => simulate(asl, { mocks: { states: { Call: { retrun: 1 } as never } } })).toThrow(MockConfigurationError);
    expect(() => simulate(asl, { mocks: { integrations: { 'lambda:invoke': { 0: { return: 1, throw: { error: 'X' } } } } } }))
      .toThrow('Mock mocks.integrations[\'lambda:invoke\']["0"] must have exactly one of return or throw');
  });

  test('a sequence with no response for an attempt rejects the run instead of inventing one', async () => {
    const sim = simulate({
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: FUNCTION_ARN, Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2 }], End: true } },
    }, { mocks: { states: { Call: { 0: { throw: { error: 'X.Y' } } } } } });

    await expect(sim.run({})).rejects.toThrow("Mock for 'Call' has no response for attempt 1 (keys: 0)");
  });

  test('an exception from a function mock that is not a TaskFailure rejects the run (a bug in the test, not a workflow error)', async () => {
    const sim = simulate({
      StartAt: 'Call',
      States: { Call: { Type: 'Task', Resource: FUNCTION_ARN, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true }, Caught: { Type: 'Succeed' } },
    }, { mocks: { states: { Call: () => { throw new RangeError('typo in mock'); } } } });

    await expect(sim.run({})).rejects.toThrow('typo in mock');
  });
});

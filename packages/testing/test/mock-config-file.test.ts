import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockConfigFile, MockConfigurationError, WorkflowDefinition, WorkflowSimulator, installMatchers, mocksFromMockConfig } from '../src';

installMatchers();

// The shape AWS documents for Step Functions Local's MockConfigFile.json.
const CONFIG: MockConfigFile = {
  StateMachines: {
    LambdaSQSIntegration: {
      TestCases: {
        HappyPath: { LambdaState: 'MockedLambdaSuccess', SQSState: 'MockedSQSSuccess' },
        RetryPath: { LambdaState: 'MockedLambdaRetry', SQSState: 'MockedSQSSuccess' },
        HybridPath: { LambdaState: 'MockedLambdaSuccess' },
        Broken: { LambdaState: 'NoSuchResponse' },
      },
    },
  },
  MockedResponses: {
    MockedLambdaSuccess: { 0: { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } } },
    MockedLambdaRetry: {
      '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'Lambda resource is not ready.' } },
      '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'Lambda timed out.' } },
      '3': { Return: { StatusCode: 200, Payload: { StatusCode: 200, body: 'Hello from Lambda!' } } },
    },
    MockedSQSSuccess: { 0: { Return: { MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51', MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51' } } },
  },
};

const definition = WorkflowDefinition.fromAsl({
  StartAt: 'LambdaState',
  States: {
    LambdaState: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'HelloWorldFunction' },
      Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 2, MaxAttempts: 3 }],
      Next: 'SQSState',
    },
    SQSState: {
      Type: 'Task',
      Resource: 'arn:aws:states:::sqs:sendMessage',
      Parameters: { 'QueueUrl': 'https://sqs.us-east-1.amazonaws.com/123456789012/myQueue', 'MessageBody.$': '$' },
      End: true,
    },
  },
}, { name: 'LambdaSQSIntegration' });

describe('mocksFromMockConfig', () => {
  test('HappyPath: Return responses become the task results', async () => {
    const result = await new WorkflowSimulator(definition, { mocks: mocksFromMockConfig(CONFIG, 'LambdaSQSIntegration', 'HappyPath') }).run({});

    expect(result).toSucceed();
    expect(result.output).toEqual({ MD5OfMessageBody: '3bcb6e8e-7h85-4375-b0bc-1a59812c6e51', MessageId: '3bcb6e8e-8b51-4375-b0bc-1a59812c6e51' });
  });

  test('RetryPath: "0", "1-2" and "3" keys script throw, throw twice, then return, and the retries cost virtual time', async () => {
    const result = await new WorkflowSimulator(definition, { mocks: mocksFromMockConfig(CONFIG, 'LambdaSQSIntegration', 'RetryPath') }).run({});

    expect(result).toSucceed();
    expect(result.visited.filter((v) => v.name === 'LambdaState').map((v) => v.attempt)).toEqual([0, 1, 2, 3]);
    expect(result.elapsedSeconds).toBe(2 + 4 + 8);
  });

  test('a test case may mock only some states; combined with other mocks, the remaining ones come from there', async () => {
    const fromFile = mocksFromMockConfig(CONFIG, 'LambdaSQSIntegration', 'HybridPath');
    const sim = new WorkflowSimulator(definition, { mocks: { ...fromFile, integrations: { 'sqs:sendMessage': { return: { MessageId: 'm-1' } } } } });

    expect((await sim.run({})).output).toEqual({ MessageId: 'm-1' });
  });

  test('reads the file from a path', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'mock-config-')), 'MockConfigFile.json');
    writeFileSync(file, JSON.stringify(CONFIG));

    expect(mocksFromMockConfig(file, 'LambdaSQSIntegration', 'HappyPath').states).toHaveProperty('SQSState');
  });

  test('unknown state machines, test cases and response names are errors that list what exists', () => {
    expect(() => mocksFromMockConfig(CONFIG, 'Other', 'HappyPath')).toThrow('Mock config has no StateMachines.Other; it has [LambdaSQSIntegration]');
    expect(() => mocksFromMockConfig(CONFIG, 'LambdaSQSIntegration', 'Nope'))
      .toThrow('no StateMachines.LambdaSQSIntegration.TestCases.Nope; it has [HappyPath, RetryPath, HybridPath, Broken]');
    expect(() => mocksFromMockConfig(CONFIG, 'LambdaSQSIntegration', 'Broken')).toThrow(MockConfigurationError);
    expect(() => mocksFromMockConfig(CONFIG, 'LambdaSQSIntegration', 'Broken')).toThrow("maps 'LambdaState' to MockedResponses.NoSuchResponse, which does not exist");
  });
});

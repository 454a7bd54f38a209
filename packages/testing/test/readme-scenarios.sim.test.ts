/**
 * Scenarios written from packages/testing/README.md alone, as a new user would: load definitions the documented
 * ways, run them, and check each documented result field, mock rule, error and limit. Where a test encodes an AWS
 * behaviour, the comment names the AWS page that documents it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// eslint-disable-next-line import/no-extraneous-dependencies -- imported by its published name, as a README reader does
import {
  DefinitionLoadError, executionStatusChangeEvent, installMatchers, MockConfigurationError, mocksFromMockConfig, RedriveError, sweepFaults,
  TaskFailure, testState, toMermaid, UnmockedTaskError, WorkflowDefinition, WorkflowSimulator,
} from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { README_ONBOARDING_ASL, README_ONBOARDING_MOCKS } from './fixtures/readme-complete-example';

installMatchers();

/** A definition of these states, named for this file's coverage reports; it starts at the first state unless told. */
function machine(name: string, states: Record<string, unknown>, startAt = Object.keys(states)[0]): WorkflowDefinition {
  return WorkflowDefinition.fromAsl({ StartAt: startAt, States: states } as any, { name: `readme-scenarios-${name}` });
}

/** The README's "A complete example" definition and simulator (its ASL and mocks, verbatim, from the fixture). */
const onboarding = WorkflowDefinition.fromAsl(README_ONBOARDING_ASL, { name: 'readme-scenarios-tenant-onboarding' });
const createAccountThrottledTwice = README_ONBOARDING_MOCKS;
const sim = new WorkflowSimulator(onboarding, { mocks: createAccountThrottledTwice as any });

describe('README "A complete example"', () => {
  test('throttled twice, then the account is created', async () => {
    const result = await sim.run({ tenantId: 't-1' }, { executionName: 'tenant-t-1' });
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Validate Input', 'Create Account', 'Done']);
    expect(result.taskInvocations).toEqual({ 'organizations:createAccount': 3 });
    // AWS Step Functions Developer Guide, "Handling errors in Step Functions workflows", Retrier fields: BackoffRate
    // defaults to 2.0, so the waits are 2 s and 4 s.
    expect(result.elapsedSeconds).toBe(2 + 4 + 2);
  });

  // The README's own three tests run verbatim in readme-example.test.ts; these check what its text adds.
  test('"Fault sweep": the throttling fault injected at Create Account is Organizations\' own error name', async () => {
    const report = await sweepFaults(sim, { input: { tenantId: 't-1' } });
    // "Fault sweep": Organizations' throttling error comes from its API model.
    const throttling = report.cells.find((c) => c.state === 'Create Account' && c.fault === 'throttling')!;
    expect(throttling.injected).toBe('Organizations.TooManyRequestsException');
  });
});

describe('README "Results"', () => {
  test('visited lists a retry as another entry with attempt 1, 2; transitions are 1 + states entered + retries', async () => {
    const result = await sim.run({ tenantId: 't-1' });
    expect(result.visited.map((v) => [v.name, v.attempt])).toEqual([
      ['Validate Input', 0], ['Create Account', 0], ['Create Account', 1], ['Create Account', 2], ['Done', 0],
    ]);
    expect(result.transitions).toBe(1 + 3 + 2);
  });

  test('status TIMED_OUT when the execution\'s TimeoutSeconds passes on the virtual clock', async () => {
    const slow = new WorkflowSimulator(onboarding, {
      mocks: { integrations: { 'organizations:createAccount': { return: { CreateAccountStatus: { Id: 'car-1' } }, durationSeconds: 7201 } } },
    });
    const result = await slow.run({ tenantId: 't-1' });
    expect(result.status).toBe('TIMED_OUT');
    // Developer Guide, "Handling errors", Error names: States.Timeout.
    expect(result.error).toBe('States.Timeout');
  });

  test('status ABORTED when a run passes maxTransitions', async () => {
    const loop = machine('loop', {
      Again: { Type: 'Choice', Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Stopped' }], Default: 'Again' },
      Stopped: { Type: 'Succeed' },
    });
    const result = await new WorkflowSimulator(loop, { maxTransitions: 50 }).run({});
    expect(result.status).toBe('ABORTED');
  });

  test('history is GetExecutionHistory\'s events, starting with ExecutionStarted', async () => {
    const result = await sim.run({ tenantId: 't-1' });
    expect(result.history).toBeDefined();
    const types = result.history!.map((e) => e.type);
    expect(types[0]).toBe('ExecutionStarted');
    expect(types).toContain('TaskStateEntered');
    expect(types).toContain('TaskScheduled');
    expect(types[types.length - 1]).toBe('ExecutionSucceeded');
  });
});

describe('README "Mocks"', () => {
  const taskMachine = (resource: string) => WorkflowDefinition.fromAsl({
    StartAt: 'Call', States: { Call: { Type: 'Task', Resource: resource, End: true } },
  } as any, { name: 'readme-scenarios-mock-order' });

  test('a mock is found by state name first, then Resource ARN, then <service>:<action>', async () => {
    const definition = taskMachine('arn:aws:states:::lambda:invoke');
    const byState = await new WorkflowSimulator(definition, {
      mocks: { states: { Call: { return: 'state' } }, integrations: { 'arn:aws:states:::lambda:invoke': { return: 'arn' }, 'lambda:invoke': { return: 'key' } } },
      fieldValidationMode: 'NONE',
    }).run({});
    expect(byState.output).toBe('state');
    const byArn = await new WorkflowSimulator(definition, {
      mocks: { integrations: { 'arn:aws:states:::lambda:invoke': { return: 'arn' }, 'lambda:invoke': { return: 'key' } } },
      fieldValidationMode: 'NONE',
    }).run({});
    expect(byArn.output).toBe('arn');
  });

  test('.sync:2 startExecution is keyed states:startExecution; a Lambda function ARN is lambda:invoke', async () => {
    const child = await new WorkflowSimulator(taskMachine('arn:aws:states:::states:startExecution.sync:2'), {
      mocks: { integrations: { 'states:startExecution': { return: { Status: 'SUCCEEDED' } } } }, fieldValidationMode: 'NONE',
    }).run({});
    expect(child.taskInvocations).toEqual({ 'states:startExecution': 1 });
    const fn = await new WorkflowSimulator(taskMachine('arn:aws:lambda:us-east-1:111111111111:function:f'), {
      mocks: { integrations: { 'lambda:invoke': { return: { ok: true } } } }, fieldValidationMode: 'NONE',
    }).run({});
    expect(fn).toSucceed();
  });

  test('a Task without a mock rejects the run with UnmockedTaskError naming the state', async () => {
    await expect(new WorkflowSimulator(onboarding).run({ tenantId: 't-1' })).rejects.toThrow(UnmockedTaskError);
    await expect(new WorkflowSimulator(onboarding).run({ tenantId: 't-1' })).rejects.toThrow(/Create Account/);
  });

  test('an attempt with no entry rejects the run with MockConfigurationError', async () => {
    const onlyFirst = new WorkflowSimulator(onboarding, {
      mocks: { integrations: { 'organizations:createAccount': { 0: { throw: { error: 'Organizations.TooManyRequestsException', cause: 'x' } } } } } as any,
    });
    await expect(onlyFirst.run({ tenantId: 't-1' })).rejects.toThrow(MockConfigurationError);
  });

  test('mock declaration errors throw MockConfigurationError when the simulator is constructed', () => {
    expect(() => new WorkflowSimulator(onboarding, { mocks: { states: { 'Validate Input': { return: {} } } } })).toThrow(MockConfigurationError);
    expect(() => new WorkflowSimulator(onboarding, {
      mocks: { states: { 'Create Account': { return: {}, throw: { error: 'E', cause: 'c' } } as any } },
    })).toThrow(MockConfigurationError);
  });

  test('a function mock throwing TaskFailure fails the task; any other exception rejects run()', async () => {
    const failing = await new WorkflowSimulator(onboarding, {
      mocks: { states: { 'Create Account': () => { throw new TaskFailure('Organizations.AccessDeniedException', 'no'); } } },
    }).run({ tenantId: 't-1' });
    expect(failing).toFailWith('Statecraft.AccountCreationFailed');
    await expect(new WorkflowSimulator(onboarding, {
      mocks: { states: { 'Create Account': () => { throw new Error('bug in the test'); } } },
    }).run({ tenantId: 't-1' })).rejects.toThrow('bug in the test');
  });

  test('durationSeconds above TimeoutSeconds fails with States.Timeout, which States.TaskFailed does not match', async () => {
    // Developer Guide, "Handling errors in Step Functions workflows", Error names: States.TaskFailed "matches any
    // known error name except for States.Timeout".
    const definition = machine('timeout', {
      Call: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        TimeoutSeconds: 10,
        End: true,
        Catch: [{ ErrorEquals: ['States.TaskFailed'], Next: 'Caught' }],
      },
      Caught: { Type: 'Succeed' },
    });
    const result = await new WorkflowSimulator(definition, {
      mocks: { states: { Call: { return: { Payload: {} }, durationSeconds: 11 } } }, fieldValidationMode: 'NONE',
    }).run({});
    expect(result).toFailWith('States.Timeout');
  });

  test('a .waitForTaskToken task sees call.taskToken = $$.Task.Token = statecraft-token:<execution>:<state>', async () => {
    const definition = machine('token', {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        End: true,
        Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111111111111/q', MessageBody: { 'token.$': '$$.Task.Token' } },
      },
    });
    let seen: { token?: string; body?: any } = {};
    const result = await new WorkflowSimulator(definition, {
      mocks: { states: { Ask: (call) => { seen = { token: call.taskToken, body: (call.input as any).MessageBody }; return { approved: true }; } } },
    }).run({}, { executionName: 'ask-1' });
    expect(result.output).toEqual({ approved: true });
    expect(seen.token).toBe('statecraft-token:ask-1:Ask');
    expect(seen.body.token).toBe(seen.token);
  });
});

describe('README "Redrive"', () => {
  test('continues at the state that did not complete, with the same name; a succeeded execution is refused', async () => {
    const definition = machine('redrive', {
      First: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'first' }, ResultPath: null, Next: 'Second' },
      Second: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'second' }, End: true },
    });
    const failing = new WorkflowSimulator(definition, {
      mocks: { states: { First: { return: { Payload: 1 } }, Second: { throw: { error: 'Lambda.ServiceException', cause: 'down' } } } },
    });
    const failed = await failing.run({ n: 1 }, { executionName: 'redrive-me' });
    expect(failed).toFailWith('Lambda.ServiceException');
    const healthy = failing.with({ mocks: { states: { First: { return: { Payload: 1 } }, Second: { return: { Payload: 2 } } } } });
    const redriven = await healthy.redrive(failed);
    expect(redriven).toSucceed();
    expect(redriven.visited[0].name).toBe('Second');
    expect(redriven.taskInvocations).toEqual({ 'lambda:invoke': 1 });
    await expect(healthy.redrive(redriven)).rejects.toThrow(RedriveError);
  });

  test('executionStatusChangeEvent builds the EventBridge event for a failed execution', async () => {
    const failed = await new WorkflowSimulator(onboarding, { mocks: createAccountThrottledTwice as any }).run({}, { executionName: 'bad-input' });
    const event = executionStatusChangeEvent(failed) as any;
    // EventBridge event reference for Step Functions: detail-type "Step Functions Execution Status Change".
    expect(event['detail-type']).toBe('Step Functions Execution Status Change');
    expect(event.source).toBe('aws.states');
    expect(event.detail).toMatchObject({ status: 'FAILED', error: 'Statecraft.InvalidInput', cause: 'tenantId is required', name: 'bad-input' });
  });
});

describe('README "How the engine runs a definition"', () => {
  test('a definite path that selects nothing fails with States.Runtime and AWS\'s cause', async () => {
    // Developer Guide, "Handling errors", States.Runtime; the cause wording is the one AWS reports.
    const definition = WorkflowDefinition.fromAsl({
      StartAt: 'X', States: { X: { Type: 'Pass', Parameters: { 'a.$': '$.a' }, End: true } },
    } as any, { name: 'readme-scenarios-runtime' });
    const result = await new WorkflowSimulator(definition).run({});
    expect(result).toFailWith('States.Runtime');
    expect(result.cause).toBe("An error occurred while executing the state 'X' (entered at the event id #2). The JSONPath '$.a' specified for the field 'a.$' could not be found in the input '{}'");
  });

  test('an indefinite path (a filter) gives the array of its matches, [] when none', async () => {
    const definition = WorkflowDefinition.fromAsl({
      StartAt: 'X', States: { X: { Type: 'Pass', Parameters: { 'big.$': '$.items[?(@.n > 5)]' }, End: true } },
    } as any, { name: 'readme-scenarios-filter' });
    const some = await new WorkflowSimulator(definition).run({ items: [{ n: 1 }, { n: 9 }] });
    expect(some.output).toEqual({ big: [{ n: 9 }] });
    const none = await new WorkflowSimulator(definition).run({ items: [{ n: 1 }] });
    expect(none.output).toEqual({ big: [] });
  });

  test('JSONata states run ({% %} expressions, $states.input, Assign)', async () => {
    const definition = WorkflowDefinition.fromAsl({
      QueryLanguage: 'JSONata',
      StartAt: 'X',
      States: {
        X: { Type: 'Pass', Assign: { total: '{% $sum($states.input.items) %}' }, Next: 'Y' },
        Y: { Type: 'Pass', Output: '{% { "total": $total } %}', End: true },
      },
    } as any, { name: 'readme-scenarios-jsonata' });
    const result = await new WorkflowSimulator(definition).run({ items: [1, 2, 3] });
    expect(result.output).toEqual({ total: 6 });
  });

  test('HeartbeatSeconds shorter than the mock\'s duration fails with States.HeartbeatTimeout', async () => {
    const definition = machine('heartbeat', {
      Ask: {
        Type: 'Task',
        Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
        HeartbeatSeconds: 60,
        End: true,
        Parameters: { QueueUrl: 'https://sqs.us-east-1.amazonaws.com/111111111111/q', MessageBody: { 'token.$': '$$.Task.Token' } },
      },
    });
    const result = await new WorkflowSimulator(definition, { mocks: { states: { Ask: { return: {}, durationSeconds: 120 } } } }).run({});
    expect(result).toFailWith('States.HeartbeatTimeout');
  });
});

describe('README "Limits" and loaders', () => {
  test('fromStateMachine loads a CDK state machine and names the report after the construct path', async () => {
    const stack = new Stack(new App(), 'Stack');
    const stateMachine = new sfn.StateMachine(stack, 'Orchestrator', {
      definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Wait(stack, 'Pause', { time: sfn.WaitTime.duration(Duration.minutes(5)) })
        .next(new sfn.Succeed(stack, 'Done'))),
    });
    const definition = WorkflowDefinition.fromStateMachine(stateMachine);
    expect(definition.name).toBe('Stack-Orchestrator');
    const result = await new WorkflowSimulator(definition, { writeCoverageReport: false }).run({});
    expect(result).toSucceed();
    expect(result.elapsedSeconds).toBe(300);
  });

  test('an unresolvable intrinsic (Fn::ImportValue) throws DefinitionLoadError naming it', () => {
    const template = {
      Resources: {
        Machine: {
          Type: 'AWS::StepFunctions::StateMachine',
          Properties: { DefinitionString: { 'Fn::Join': ['', ['{"StartAt":"A","States":{"A":{"Type":"Pass","Result":"', { 'Fn::ImportValue': 'shared-value' }, '","End":true}}}']] } },
        },
      },
    };
    expect(() => WorkflowDefinition.fromTemplate(template as any, { logicalId: 'Machine' })).toThrow(DefinitionLoadError);
    expect(() => WorkflowDefinition.fromTemplate(template as any, { logicalId: 'Machine' })).toThrow(/Fn::ImportValue/);
  });
});

describe('README "One state at a time: testState"', () => {
  test('a Catcher that takes the mocked error answers CAUGHT_ERROR with its next state', async () => {
    const result = await testState(onboarding, 'Create Account', {
      input: { tenantId: 't-1' },
      mock: { errorOutput: { error: 'Organizations.AccessDeniedException', cause: 'no' } },
    });
    expect(result.status).toBe('CAUGHT_ERROR');
    expect(result.nextState).toBe('Account Failed');
  });

  test('a Retrier that would run the state again answers RETRIABLE', async () => {
    const result = await testState(onboarding, 'Create Account', {
      input: { tenantId: 't-1' },
      mock: { errorOutput: { error: 'Organizations.TooManyRequestsException', cause: 'slow down' } },
    });
    expect(result.status).toBe('RETRIABLE');
  });
});

describe('README "Diagrams"', () => {
  test('toMermaid draws a flowchart TD and highlights a failed run\'s last state', async () => {
    const failed = await sim.run({});
    const mermaid = toMermaid(onboarding, { highlight: failed });
    expect(mermaid.startsWith('flowchart TD')).toBe(true);
    expect(mermaid).toContain('Invalid Input');
    expect(mermaid).toContain('classDef failed');
  });
});

describe('README "Importing an AWS Step Functions Local MockConfigFile"', () => {
  test('each state of StateMachines.<machine>.TestCases.<case> gets its MockedResponses entry, "0" and "1-2" keys, Return and Throw', async () => {
    // The file format of AWS Step Functions Developer Guide, "Using mocked service integrations for testing in Step
    // Functions Local" (mock configuration file structure).
    const config = {
      StateMachines: {
        LambdaSQSIntegration: { TestCases: { RetryPath: { 'Call Lambda': 'MockedLambdaRetry' } } },
      },
      MockedResponses: {
        MockedLambdaRetry: {
          '0': { Throw: { Error: 'Lambda.ServiceException', Cause: 'Lambda is down' } },
          '1-2': { Throw: { Error: 'Lambda.ServiceException', Cause: 'Lambda is still down' } },
          '3': { Return: { StatusCode: 200, Payload: { ok: true } } },
        },
      },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'mock-config-')), 'MockConfigFile.json');
    writeFileSync(file, JSON.stringify(config));
    const definition = machine('mock-config', {
      'Call Lambda': {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'f' },
        End: true,
        Retry: [{ ErrorEquals: ['Lambda.ServiceException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1 }],
      },
    });
    const mocks = mocksFromMockConfig(file, 'LambdaSQSIntegration', 'RetryPath');
    const result = await new WorkflowSimulator(definition, { mocks }).run({});
    expect(result).toSucceed();
    expect(result.output).toEqual({ StatusCode: 200, Payload: { ok: true } });
    expect(result.taskInvocations).toEqual({ 'lambda:invoke': 4 });
  });
});

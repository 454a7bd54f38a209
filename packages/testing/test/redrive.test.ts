import { AslStateMachine, RedriveError, WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '../src';

installMatchers();

const task = (resource: string, next: string | undefined, extra: object = {}) => ({
  Type: 'Task', Resource: `arn:aws:states:::aws-sdk:${resource}`, ResultPath: null, ...(next ? { Next: next } : { End: true }), ...extra,
});

/** CreateAccount requires AccountName and Email (Organizations API Reference, CreateAccount). */
const CREATE_ACCOUNT = { Parameters: { 'AccountName.$': '$.tenantId', 'Email': 'aws+acme@example.com' } };
const CREATED = { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } };

/** Register, create, baseline (a Map over two StackSets), then announce with the execution input; no Catch anywhere. */
const VENDING: AslStateMachine = {
  StartAt: 'Register',
  States: {
    Register: task('dynamodb:putItem', 'Create', { Parameters: { TableName: 'tenants', Item: { tenantId: { 'S.$': '$.tenantId' } } } }),
    Create: task('organizations:createAccount', 'Baseline', { ...CREATE_ACCOUNT, ResultPath: '$.account', ResultSelector: { 'id.$': '$.CreateAccountStatus.Id' } }),
    Baseline: {
      Type: 'Map',
      ItemsPath: '$.stackSets',
      ResultPath: null,
      Next: 'Announce',
      ItemProcessor: {
        StartAt: 'Deploy StackSet',
        States: { 'Deploy StackSet': task('cloudformation:createStackInstances', undefined, { Parameters: { 'StackSetName.$': '$', 'Accounts': ['222233334444'], 'Regions': ['us-east-1'] } }) },
      },
    },
    // A function invoked by ARN receives the Parameters as its event.
    Announce: {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:111111111111:function:announce',
      ResultPath: null,
      End: true,
      Parameters: { 'requested.$': '$$.Execution.Input', 'tenant.$': '$$.Execution.Input.tenantId', 'redrive.$': '$$.Execution.RedriveCount' },
    },
  },
} as unknown as AslStateMachine;

/** The same, but a Catch on every failure runs bookkeeping and ends in a Fail state: what defeats redrive. */
const CAUGHT: AslStateMachine = {
  StartAt: 'Create',
  States: {
    'Create': task('organizations:createAccount', 'Done', { ...CREATE_ACCOUNT, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'Record Failure' }] }),
    'Record Failure': task('dynamodb:updateItem', 'Re-raise', { Parameters: { TableName: 'tenants', Key: { tenantId: { S: 'acme' } } } }),
    'Re-raise': { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' },
    'Done': { Type: 'Succeed' },
  },
} as unknown as AslStateMachine;

const input = { tenantId: 'acme', stackSets: ['guardrails', 'logging'] };
const throttled = { throw: { error: 'CloudFormation.OperationInProgressException', cause: 'another operation is running' } };

describe('WorkflowSimulator.redrive', () => {
  const sim = new WorkflowSimulator(WorkflowDefinition.fromAsl(VENDING, { name: 'vending' }), { writeCoverageReport: false });
  const calls: Record<string, unknown[]> = {};
  const recording = (name: string, response: unknown) => (call: { input: unknown }) => {
    (calls[name] ??= []).push(call.input);
    return response as never;
  };
  const mocks = (deploy: unknown) => ({
    mocks: {
      integrations: {
        'dynamodb:putItem': recording('register', {}),
        'organizations:createAccount': recording('create', CREATED),
        'cloudformation:createStackInstances': deploy as never,
        'lambda:invoke': recording('announce', {}),
      },
    },
  });

  test('continues from the state that failed, with its input, without running the completed states again', async () => {
    const failed = await sim.with(mocks(throttled)).run(input, { executionName: 'tenant-acme' });
    expect(failed).toFailWith('CloudFormation.OperationInProgressException');

    const redriven = await sim.with(mocks({ return: { OperationId: 'op-1' } })).redrive(failed);

    expect(redriven).toSucceed();
    expect(redriven.visited.map((v) => v.name)).toEqual(['Baseline', 'Deploy StackSet', 'Deploy StackSet', 'Announce']);
    expect(calls.register).toHaveLength(1);
    expect(calls.create).toHaveLength(1);
    expect(redriven.executionArn).toBe(failed.executionArn);
    // The completed Create state's result is kept: it is in the input Baseline had.
    expect(redriven.output).toMatchObject({ account: { id: 'car-1' } });
  });

  test("the redriven execution still reads the execution's own input, and RedriveCount counts the redrives", async () => {
    const failed = await sim.with(mocks(throttled)).run(input);
    const again = await sim.with(mocks(throttled)).redrive(failed);
    expect(again).toFailWith('CloudFormation.OperationInProgressException');
    calls.announce = [];

    await sim.with(mocks({ return: {} })).redrive(again);

    expect(calls.announce).toEqual([{ requested: input, tenant: 'acme', redrive: 2 }]);
  });

  test('a workflow that catches and re-raises inside itself only re-runs its final Fail state on redrive', async () => {
    const caught = new WorkflowSimulator(WorkflowDefinition.fromAsl(CAUGHT, { name: 'caught' }), { writeCoverageReport: false });
    const failing = caught.with({
      mocks: { integrations: { 'organizations:createAccount': { throw: { error: 'Organizations.TooManyRequestsException', cause: 'slow down' } }, 'dynamodb:updateItem': { return: {} } } },
    });
    const failed = await failing.run({ tenantId: 'acme' });

    const redriven = await failing.redrive(failed);

    expect(redriven.visited.map((v) => v.name)).toEqual(['Re-raise']);
    expect(redriven).toFailWith('Organizations.TooManyRequestsException');
    expect(redriven.taskInvocations).toEqual({});
  });

  test('a succeeded execution cannot be redriven (RedriveError)', async () => {
    const succeeded = await sim.with(mocks({ return: {} })).run(input);

    await expect(sim.redrive(succeeded)).rejects.toThrow(RedriveError);
    await expect(sim.redrive(succeeded)).rejects.toThrow(/succeeded: only a FAILED, TIMED_OUT or ABORTED execution can be redriven/);
  });
});

describe('sweepFaults with redrivable', () => {
  const sim = new WorkflowSimulator(WorkflowDefinition.fromAsl(VENDING, { name: 'vending-sweep' }), {
    writeCoverageReport: false,
    mocks: {
      integrations: {
        'dynamodb:putItem': { return: {} },
        'organizations:createAccount': { return: CREATED },
        'cloudformation:createStackInstances': { return: {} },
        'lambda:invoke': { return: {} },
      },
    },
  });

  test('an AWS error that ends the execution in the state it hit (or the Map holding it) is handled: a redrive continues there', async () => {
    const report = await sweepFaults(sim, { input, faults: ['serviceError'], redrivable: true, print: false });

    expect(report.totals).toMatchObject({ cells: 4, handled: 4, unhandled: 0 });
    expect(report.cells.find((cell) => cell.state === 'Deploy StackSet')).toMatchObject({
      outcome: 'handled', error: 'CloudFormation.ValidationException', reason: expect.stringContaining('a redrive continues there'),
    });
  });

  test('without redrivable, the same raw errors are unhandled', async () => {
    const report = await sweepFaults(sim, { input, faults: ['serviceError'], print: false });

    expect(report.totals).toMatchObject({ cells: 4, unhandled: 4 });
  });

  test('unfinishedState names the top-level state a redrive continues from; topLevelStateOf names the one holding a state', async () => {
    const failed = await sim.with({ mocks: { integrations: { ...sim.options.mocks!.integrations, 'cloudformation:createStackInstances': throttled } } }).run(input);

    expect(sim.unfinishedState(failed)).toBe('Baseline');
    expect(sim.topLevelStateOf('Deploy StackSet')).toBe('Baseline');
    expect(sim.topLevelStateOf('Create')).toBe('Create');
  });
});

import { findResultReadProblems, installMatchers, MockValidationError, WorkflowDefinition, WorkflowSimulator } from '../src';
import { AwsSdkClientModel, checkPayload, validateMockedCall } from '../src/api-models';
import { parseIntegration } from '../src/integration';

installMatchers();

const describeAccount = (result: unknown) => new WorkflowSimulator(WorkflowDefinition.fromAsl({
  StartAt: 'Check Account Status',
  States: {
    'Check Account Status': {
      Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:organizations:describeAccount', Parameters: { AccountId: '222233334444' }, End: true,
    },
  },
}), { mocks: { integrations: { 'organizations:describeAccount': { return: result } } } });

const organizations = AwsSdkClientModel.load('organizations');
const accountShape = organizations.operation('DescribeAccount')!.output!;

describe('mocked results checked against the AWS API model', () => {
  // Organizations API Reference, data type Account: State replaces Status, which is retired on 2026-09-09.
  test('a retired member (Organizations Account.Status) is reported with its replacement and source', () => {
    const problems = checkPayload(organizations, accountShape, { Account: { Id: '222233334444', Status: 'SUSPENDED' } }, { mode: 'STRICT' });
    expect(problems).toEqual([{ path: '$.Account.Status', problem: expect.stringMatching(/^Account\.Status was retired on 2026-09-09; use State .*Organizations API Reference/) }]);
  });

  test('an unknown member is reported with the valid members', () => {
    const problems = checkPayload(organizations, accountShape, { Account: { AccountState: 'ACTIVE' } }, { mode: 'PRESENT' });
    expect(problems).toEqual([{ path: '$.Account.AccountState', problem: expect.stringContaining('is not a member of Account; its members are Id, Arn, Email, Name, Status, State') }]);
  });

  // The AccountState enum: PENDING_ACTIVATION | ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED (API Reference, Account).
  test('an enum value AWS does not define and a wrong type are reported', () => {
    const problems = checkPayload(organizations, accountShape, { Account: { State: 'DELETED', Paths: 'o-1/r-1' } }, { mode: 'PRESENT' });
    expect(problems).toEqual([
      { path: '$.Account.State', problem: "'DELETED' is not a value of AccountState; valid values are ACTIVE, CLOSED, PENDING_ACTIVATION, PENDING_CLOSURE, SUSPENDED" },
      { path: '$.Account.Paths', problem: 'must be a list, got string "o-1/r-1"' },
    ]);
  });

  test('a missing required request member is an error in STRICT, not in PRESENT; NONE checks nothing', () => {
    const integration = parseIntegration('arn:aws:states:::aws-sdk:organizations:describeAccount');
    const call = { stateName: 'Check Account Status', integration, input: {}, attempt: 0, executionName: 'e' };
    expect(() => validateMockedCall(call, { return: { Account: { State: 'ACTIVE' } } }, 'STRICT'))
      .toThrow(/request \(DescribeAccount\) \$\.AccountId is required by DescribeAccountRequest and missing/);
    expect(() => validateMockedCall(call, { return: { Account: { State: 'ACTIVE' } } }, 'PRESENT')).not.toThrow();
    expect(() => validateMockedCall(call, { return: { Account: { Status: 'ACTIVE', Bogus: 1 } } }, 'NONE')).not.toThrow();
  });

  test('optimized integrations: lambda:invoke checks Invoke with Payload as JSON; .sync:2 checks DescribeExecution with Output as JSON', () => {
    const lambda = parseIntegration('arn:aws:states:::lambda:invoke');
    const invoke = { stateName: 'Seed', integration: lambda, input: { FunctionName: 'f', Payload: { any: ['json'] } }, attempt: 0, executionName: 'e' };
    expect(() => validateMockedCall(invoke, { return: { StatusCode: 200, Payload: { ok: true } } }, 'STRICT')).not.toThrow();
    expect(() => validateMockedCall(invoke, { return: { StatusCode: '200' } }, 'STRICT')).toThrow(/result \(Invoke\) \$\.StatusCode must be a number/);
    const child = parseIntegration('arn:aws:states:::states:startExecution.sync:2');
    const start = { stateName: 'Nested', integration: child, input: { StateMachineArn: 'arn', Input: { tenantId: 't' } }, attempt: 0, executionName: 'e' };
    // DescribeExecutionOutput requires ExecutionArn, StateMachineArn, Status and StartDate (API Reference, DescribeExecution).
    const described = { ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:child:e', StateMachineArn: 'arn:aws:states:us-east-1:111111111111:stateMachine:child', StartDate: '2026-12-07T00:00:00Z' };
    expect(() => validateMockedCall(start, { return: { ...described, Status: 'SUCCEEDED', Output: { tenantId: 't' } } }, 'STRICT')).not.toThrow();
    expect(() => validateMockedCall(start, { return: { Status: 'SUCCEEDED', Output: { tenantId: 't' } } }, 'STRICT')).toThrow(/\$\.ExecutionArn is required by DescribeExecutionOutput and missing/);
    expect(() => validateMockedCall(start, { return: { ...described, Status: 'DONE' } }, 'STRICT')).toThrow(/result \(DescribeExecution\) \$\.Status 'DONE' is not a value of ExecutionStatus/);
  });

  test('the simulator runs STRICT by default and names the state; fieldValidationMode NONE turns it off', async () => {
    const sim = describeAccount({ Account: { Id: '222233334444', Status: 'SUSPENDED' } });
    await expect(sim.run({})).rejects.toThrow(MockValidationError);
    await expect(sim.run({})).rejects.toThrow(/Task state 'Check Account Status' does not match the AWS API model:\n {2}- result \(DescribeAccount\) \$\.Account\.Status Account\.Status was retired on 2026-09-09/);
    await expect(sim.with({ fieldValidationMode: 'NONE' }).run({})).resolves.toSucceed();
  });
});

describe('static check of the reads of Task results', () => {
  const describeTask = (extra: object) => ({
    Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:organizations:describeAccount', Parameters: { 'AccountId.$': '$.accountId' }, Next: 'Closed?', ...extra,
  });
  const choice = (variable: string) => ({ Type: 'Choice', Choices: [{ Variable: variable, StringEquals: 'SUSPENDED', Next: 'Done' }], Default: 'Done' });

  // Organizations API Reference, Account: Status is retired on 2026-09-09; State replaces it.
  test('a ResultSelector reading the retired Account.Status is reported; Account.State is fine', () => {
    const machine = (path: string) => ({
      StartAt: 'Check', States: { 'Check': describeTask({ ResultSelector: { 'status.$': path }, ResultPath: '$.account' }), 'Closed?': choice('$.account.status'), 'Done': { Type: 'Succeed' } },
    });
    expect(findResultReadProblems(machine('$.Account.Status') as never)).toEqual([
      { task: 'Check', reader: 'Check', path: '$.Account.Status', problem: expect.stringMatching(/^Account\.Status was retired on 2026-09-09; read State/) },
    ]);
    expect(findResultReadProblems(machine('$.Account.State') as never)).toEqual([]);
  });

  test('a later Choice reading into a result stored whole at its ResultPath is checked member by member', () => {
    const machine = {
      StartAt: 'Check', States: { 'Check': describeTask({ ResultPath: '$.described' }), 'Closed?': choice('$.described.Account.Stat'), 'Done': { Type: 'Succeed' } },
    };
    expect(findResultReadProblems(machine as never)).toEqual([
      { task: 'Check', reader: 'Closed?', path: '$.described.Account.Stat', problem: expect.stringContaining("'Stat' is not a member of Account; its members are Id, Arn, Email, Name, Status, State") },
    ]);
  });
});

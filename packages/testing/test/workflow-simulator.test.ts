import { UnmockedTaskError, WorkflowDefinition, WorkflowSimulator, installMatchers } from '../src';
import { ACCOUNT_WORKFLOW } from './fixtures/workflows';

installMatchers();

const definition = WorkflowDefinition.fromAsl(ACCOUNT_WORKFLOW, { name: 'account-workflow' });
const created = { return: { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } } };

describe('WorkflowSimulator.run', () => {
  test('retries throttling twice, polls until SUCCEEDED and reports the billed path', async () => {
    const sim = new WorkflowSimulator(definition, {
      mocks: {
        integrations: {
          'organizations:createAccount': {
            '0-1': { throw: { error: 'Organizations.TooManyRequestsException', cause: 'slow down' } },
            '2': { ...created, durationSeconds: 2 },
          },
          'organizations:describeCreateAccountStatus': {
            0: { return: { CreateAccountStatus: { State: 'IN_PROGRESS' } } },
            1: { return: { CreateAccountStatus: { State: 'SUCCEEDED', AccountId: '111122223333' } } },
          },
        },
      },
    });

    const result = await sim.run({ tenantId: 't-1' }, { executionName: 'tenant-t-1' });

    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Validate Input', 'Create Account', 'Wait For Account', 'Describe Status', 'Done']);
    expect(result.visited.filter((v) => v.name === 'Create Account').map((v) => v.attempt)).toEqual([0, 1, 2]);
    expect(result.taskInvocations).toEqual({ 'organizations:createAccount': 3, 'organizations:describeCreateAccountStatus': 2 });
    expect(result.lambdaInvocations).toBe(0);
    // start + Validate + Create (1 entry + 2 retries) + (Wait, Describe, Ready?) x 2 + Done
    expect(result.transitions).toBe(1 + 1 + 3 + 6 + 1);
    // retries 2 s + 4 s, createAccount 2 s, two 30 s waits
    expect(result.elapsedSeconds).toBe(2 + 4 + 2 + 60);
    expect(result.executionArn).toBe('arn:aws:states:us-east-1:123456789012:execution:account-workflow:tenant-t-1');
    expect(result.output).toMatchObject({ tenantId: 't-1', status: { CreateAccountStatus: { AccountId: '111122223333' } } });
  });

  test('fails with the named error when the retries are exhausted and the Catch routes to the failure state', async () => {
    const sim = new WorkflowSimulator(definition, {
      mocks: { states: { 'Create Account': { throw: { error: 'Organizations.TooManyRequestsException', cause: 'still slow' } } } },
    });

    const result = await sim.run({ tenantId: 't-2' });

    expect(result).toFailWith('Statecraft.AccountCreationFailed');
    expect(result.visited.filter((v) => v.name === 'Create Account')).toHaveLength(4);
    expect(result.elapsedSeconds).toBe(2 + 4 + 8);
    expect(result.edgesTaken).toContain('Create Account --Catch[0] States.ALL--> Account Failed');
  });

  test('refuses to run a Task state that has no mock, naming the state and the keys that would mock it', async () => {
    const sim = new WorkflowSimulator(definition);

    await expect(sim.run({ tenantId: 't-3' })).rejects.toThrow(UnmockedTaskError);
    await expect(sim.run({ tenantId: 't-3' })).rejects.toThrow(/'Create Account'.*mocks.integrations\['organizations:createAccount'\]/);
  });

  test('rejects invalid input before any task runs', async () => {
    const sim = new WorkflowSimulator(definition);

    const result = await sim.run({});

    expect(result).toFailWith('Statecraft.InvalidInput', 'tenantId');
    expect(result.taskInvocations).toEqual({});
  });
});

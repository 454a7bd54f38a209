// The README's complete example, verbatim except for the import path: keeps the documentation honest.
import { WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '../src';

installMatchers();

const definition = WorkflowDefinition.fromAsl({
  StartAt: 'Validate Input',
  TimeoutSeconds: 7200,
  States: {
    'Validate Input': {
      Type: 'Choice',
      Choices: [{ Variable: '$.tenantId', IsPresent: false, Next: 'Invalid Input' }],
      Default: 'Create Account',
    },
    'Invalid Input': { Type: 'Fail', Error: 'Statecraft.InvalidInput', Cause: 'tenantId is required' },
    'Create Account': {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:organizations:createAccount',
      Parameters: { 'AccountName.$': '$.tenantId', 'Email': 'ops@example.com' },
      ResultPath: '$.create',
      Retry: [{ ErrorEquals: ['Organizations.TooManyRequestsException'], IntervalSeconds: 2, MaxAttempts: 3 }],
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'Account Failed' }],
      Next: 'Done',
    },
    'Account Failed': { Type: 'Fail', Error: 'Statecraft.AccountCreationFailed' },
    'Done': { Type: 'Succeed' },
  },
}, { name: 'tenant-onboarding' });

const sim = new WorkflowSimulator(definition, {
  mocks: {
    integrations: {
      'organizations:createAccount': {
        '0-1': { throw: { error: 'Organizations.TooManyRequestsException', cause: 'slow down' } },
        '2': { return: { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } }, durationSeconds: 2 },
      },
    },
  },
});

test('throttled twice, then the account is created', async () => {
  const result = await sim.run({ tenantId: 't-1' }, { executionName: 'tenant-t-1' });

  expect(result).toSucceed();
  expect(result).toHaveVisitedInOrder(['Validate Input', 'Create Account', 'Done']);
  expect(result.taskInvocations).toEqual({ 'organizations:createAccount': 3 });
  expect(result.elapsedSeconds).toBe(2 + 4 + 2); // two backoffs, then the 2 s call
});

test('missing tenantId fails with the named error before any task runs', async () => {
  const result = await sim.run({});

  expect(result).toFailWith('Statecraft.InvalidInput', 'tenantId');
  expect(result.taskInvocations).toEqual({});
});

test('coverage and fault sweep', async () => {
  const report = await sweepFaults(sim, { input: { tenantId: 't-1' } });

  expect(report).toHaveNoUnhandledFaults();
  expect(sim).toHaveFullStateCoverage();
});

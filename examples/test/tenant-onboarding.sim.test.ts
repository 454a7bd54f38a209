import { describedExecution, installMatchers, sweepFaults, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { App } from 'aws-cdk-lib';
import { ONBOARDING_FAILED } from '../src/composition/tenant-onboarding';
import { TENANT_INPUT, childFailed, childSucceeded, onboardingMocks } from '../src/composition/tenant-onboarding-scenarios';
import { TenantPlatformStack } from '../src/composition/tenant-platform-stack';

installMatchers();

const stack = new TenantPlatformStack(new App(), 'TenantPlatform');
const definition = WorkflowDefinition.fromStateMachine(stack.onboarding.orchestrator.stateMachine, { name: 'tenant-onboarding' });
const sim = new WorkflowSimulator(definition, { mocks: onboardingMocks() });

test('happy path: the account is vended, then the first model and the dashboards run in parallel, then the announcement', async () => {
  const result = await sim.run(TENANT_INPUT);
  expect(result).toSucceed();
  expect(result).toHaveVisitedInOrder(['Vend Tenant Account', 'Stage 1 (First Model, Dashboards)', 'Train First Model', 'Announce Tenant Ready']);
  expect(result.visited.map((s) => s.name)).not.toContain('Retire Tenant Account');
  expect(result.output).toMatchObject({ account: { output: { vended: { output: { accountId: '222233334444' } } } } });
  // 7 minutes of vending, then 3 hours of training (the dashboards run beside it).
  expect(result.elapsedSeconds).toBe(7 * 60 + 180 * 60);
});

test('a child\'s named error is caught by name: a failed quality gate falls back to the baseline model and onboarding succeeds', async () => {
  const result = await sim.with({ mocks: onboardingMocks({ firstModel: childFailed('Statecraft.QualityGateFailed', 'validation:auc 0.71 is below 0.8', 150) }) })
    .run(TENANT_INPUT);
  expect(result).toSucceed();
  expect(result).toHaveVisitedInOrder(['Train First Model', 'Train First Model Re-raise Child Error', 'Use Baseline Model', 'Announce Tenant Ready']);
  // Job outputs are discarded by the job graph (jobs hand data on through the stores they write).
});

test('compensation: the pipeline fails after the account exists, so the saga retires the account and fails by name', async () => {
  const result = await sim.with({ mocks: onboardingMocks({ firstModel: childFailed('Statecraft.DatabricksRunFailed', 'run 4242 ended INTERNAL_ERROR', 30) }) })
    .run(TENANT_INPUT);
  expect(result).toFailWith(ONBOARDING_FAILED);
  expect(result.cause).toBe('saga step Run Tenant Jobs failed with Statecraft.DatabricksRunFailed');
  expect(result).toHaveVisitedInOrder(['Vend Tenant Account', 'Train First Model', 'Train First Model Re-raise Child Error', 'Compensate Vend Account', 'Retire Tenant Account', 'Saga Failed']);
});

test('vending fails with its own named error: nothing to compensate, onboarding fails naming the step', async () => {
  const result = await sim.with({ mocks: onboardingMocks({ vend: childFailed('Statecraft.EmailAlreadyExists', 'aws+tenant-acme@acme.example belongs to another account', 2) }) })
    .run(TENANT_INPUT);
  expect(result).toFailWith(ONBOARDING_FAILED);
  expect(result.cause).toBe('saga step Vend Account failed with Statecraft.EmailAlreadyExists');
  expect(result.visited.map((s) => s.name)).not.toContain('Retire Tenant Account');
});

test('a retirement that keeps failing ends with Statecraft.CompensationFailed, naming the compensation', async () => {
  const result = await sim.with({
    mocks: onboardingMocks({
      firstModel: childFailed('Statecraft.DatabricksRunFailed', 'run failed', 30),
      retire: childFailed('Statecraft.ClosureQuotaExceeded', 'closure quota of 10 reached', 1),
    }),
  }).run(TENANT_INPUT);
  expect(result).toFailWith('Statecraft.CompensationFailed');
  expect(result.cause).toContain('compensation of saga step Vend Account failed with Statecraft.ClosureQuotaExceeded');
});

test('a child that timed out (no error of its own) is reported as Statecraft.NestedExecutionFailed', async () => {
  const result = await sim.with({ mocks: onboardingMocks({ vend: childFailed(undefined, undefined, 60) }) }).run(TENANT_INPUT);
  expect(result).toFailWith(ONBOARDING_FAILED);
  expect(result.cause).toBe('saga step Vend Account failed with Statecraft.NestedExecutionFailed');
});

test('a child error without a cause is re-raised under its own name', async () => {
  const result = await sim.with({ mocks: onboardingMocks({ firstModel: childFailed('Statecraft.QualityGateFailed', undefined, 10) }) }).run(TENANT_INPUT);
  expect(result).toSucceed();
  expect(result).toHaveVisitedInOrder(['Train First Model Re-raise Child Error', 'Use Baseline Model']);
});

test.each([
  ['vending fails with a named error and no cause', { vend: childFailed('Statecraft.AccountCreationFailed', undefined, 5) },
    ONBOARDING_FAILED, 'saga step Vend Account failed with Statecraft.AccountCreationFailed'],
  ['the first model times out', { firstModel: childFailed(undefined, undefined, 600) },
    ONBOARDING_FAILED, 'saga step Run Tenant Jobs failed with Statecraft.NestedExecutionFailed'],
  ['the retirement times out during compensation', { firstModel: childFailed('Statecraft.DatabricksRunFailed', 'x', 5), retire: childFailed(undefined, undefined, 60) },
    'Statecraft.CompensationFailed', 'compensation of saga step Vend Account failed with Statecraft.NestedExecutionFailed after the saga failed at step Run Tenant Jobs'],
  ['the retirement fails with a named error and no cause', { firstModel: childFailed('Statecraft.DatabricksRunFailed', 'x', 5), retire: childFailed('Statecraft.TenantNotFound', undefined, 1) },
    'Statecraft.CompensationFailed', 'compensation of saga step Vend Account failed with Statecraft.TenantNotFound after the saga failed at step Run Tenant Jobs'],
])('every nested error shape reaches the parent by name: %s', async (_case, behaviour, error, cause) => {
  const result = await sim.with({ mocks: onboardingMocks(behaviour) }).run(TENANT_INPUT);
  expect(result).toFailWith(error);
  expect(result.cause).toBe(cause);
});

test.each([
  ['vend', { vend: { throw: { error: 'StepFunctions.ExecutionLimitExceeded' } } }, ONBOARDING_FAILED, 'saga step Vend Account failed with StepFunctions.ExecutionLimitExceeded'],
  ['firstModel', { firstModel: { throw: { error: 'StepFunctions.ExecutionLimitExceeded' } } }, ONBOARDING_FAILED,
    'saga step Run Tenant Jobs failed with StepFunctions.ExecutionLimitExceeded'],
  ['retire', { firstModel: childFailed('Statecraft.DatabricksRunFailed', 'x', 5), retire: { throw: { error: 'StepFunctions.ExecutionLimitExceeded' } } },
    'Statecraft.CompensationFailed', 'compensation of saga step Vend Account failed with StepFunctions.ExecutionLimitExceeded after the saga failed at step Run Tenant Jobs'],
])('a child that could not even be started (%s, no cause) fails by the StartExecution error\'s own name', async (_child, behaviour, error, cause) => {
  const result = await sim.with({ mocks: onboardingMocks(behaviour) }).run(TENANT_INPUT);
  expect(result).toFailWith(error);
  expect(result.cause).toBe(cause);
});

test.each([
  ['tenantId', { tenantId: 'acme' }],
  ['accountName', { accountName: undefined }],
  ['email', { email: 'not-an-email' }],
  ['organizationalUnitId', { organizationalUnitId: 'r-ab12' }],
  ['parameters.rawDataUri', { parameters: { rawDataUri: 'https://example.com/data' } }],
])('invalid %s is rejected with Statecraft.InvalidInput before anything is vended', async (field, change) => {
  const result = await sim.run({ ...TENANT_INPUT, ...change });
  expect(result).toFailWith('Statecraft.InvalidInput');
  expect(result.cause).toContain(field);
  expect(result.taskInvocations).toEqual({});
});

test('the retirement and vending children succeed in the scripted durations', () => {
  expect(childSucceeded({}, 2)).toEqual({ return: describedExecution({ output: {} }), durationSeconds: 120 });
});

test('fault sweep: every fault at every task is recovered or handled by name', async () => {
  const report = await sweepFaults(sim, {
    scenarios: [
      { name: 'happy path', input: TENANT_INPUT },
      { name: 'pipeline failed', input: TENANT_INPUT, mocks: onboardingMocks({ firstModel: childFailed('Statecraft.DatabricksRunFailed', 'run failed', 30) }) },
    ],
    isHandled: (result) => result.error === ONBOARDING_FAILED || result.error === 'Statecraft.CompensationFailed',
  });
  expect(report).toHaveNoUnhandledFaults();
});

afterAll(() => {
  expect(sim).toHaveFullStateCoverage();
});

// The README's complete example (its definition and mocks verbatim in fixtures/readme-complete-example.ts, the rest
// verbatim here except for the import path): keeps the documentation honest.
import { WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '../src';
import { README_ONBOARDING_ASL, README_ONBOARDING_MOCKS } from './fixtures/readme-complete-example';

installMatchers();

const definition = WorkflowDefinition.fromAsl(README_ONBOARDING_ASL, { name: 'tenant-onboarding' });

const sim = new WorkflowSimulator(definition, { mocks: README_ONBOARDING_MOCKS });

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

import { WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '@statecraft/testing';
import { buildBulkStack, bulkMocks, tenantList } from './scenarios';

installMatchers();

const { bulk } = buildBulkStack();
const definition = WorkflowDefinition.fromStateMachine(bulk.stateMachine);
const tenants = tenantList(12);
const sim = new WorkflowSimulator(definition, { itemReaderItems: { 'Vend Each Tenant': tenants } });

test('every tenant in the list is vended by a nested AccountFactory execution named after it', async () => {
  const events: any[] = [];
  const mocks = bulkMocks({}, events);
  const names: string[] = [];
  const result = await sim.with({
    mocks: { integrations: { ...mocks.integrations, 'states:startExecution': (call) => { names.push((call.input as any).Name); return (mocks.integrations!['states:startExecution'] as any)(call); } } },
  }).run({ key: 'lists/tenants.json' }, { executionName: 'a1b2c3d4-0000-1111-2222-333344445555' });
  expect(result).toSucceed();
  expect(result.taskInvocations['states:startExecution']).toBe(12);
  expect(names).toContain('tenant-0001-a1b2c3d4');
  // Each item's result (what the report lists) is the vended tenant's id, account and status.
  const itemResults = (result.events as Array<{ type: string; index?: number; state: { name: string; output?: any } }>)
    .filter((event) => event.type === 'StateExited' && event.index !== undefined && event.state.name === 'Vend Tenant Account (nested)');
  expect(itemResults).toHaveLength(12);
  expect(Object.keys(itemResults[0].state.output).sort()).toEqual(['accountId', 'status', 'tenantId']);
  expect(itemResults.map((event) => event.state.output.tenantId)).toContain('tenant-0001');
  expect(events.map((event) => event.DetailType)).toEqual(['Bulk Onboarding Completed']);
  expect(JSON.parse(JSON.stringify(events[0].Detail)).tenantListKey).toBe('lists/tenants.json');
});

/** The errors the failed iterations of the Distributed Map ended with (each child failure as the iteration re-raised it). */
function iterationErrors(result: { events: readonly unknown[] }): Array<{ error?: string; cause?: string }> {
  return (result.events as Array<{ type: string; index?: number; state: { type: string }; Error?: string; Cause?: string }>)
    .filter((event) => event.type === 'StateFailed' && event.index !== undefined && event.state.type === 'Fail')
    .map((event) => ({ error: event.Error, cause: event.Cause }));
}

// "Setting failure thresholds for Distributed Map states" (developer guide): the Map run fails with
// States.ExceedToleratedFailureThreshold only when the failed items exceed ToleratedFailurePercentage (here 10 %).
test('one tenant of twelve failing is within the tolerated 10 %: the run completes and reports it', async () => {
  const events: any[] = [];
  const result = await sim.with({ mocks: bulkMocks({ 'tenant-0003': 'Statecraft.EmailAlreadyExists' }, events) }).run({ key: 'lists/tenants.json' });
  expect(result).toSucceed();
  expect(iterationErrors(result).map((failure) => failure.error)).toEqual(['Statecraft.EmailAlreadyExists']);
  expect(events.map((event) => event.DetailType)).toEqual(['Bulk Onboarding Completed']);
});

test('two tenants of twelve failing exceed the tolerated 10 %: States.ExceedToleratedFailureThreshold, handled as Statecraft.BulkOnboardingFailed', async () => {
  const events: any[] = [];
  const result = await sim.with({
    mocks: bulkMocks({ 'tenant-0003': 'Statecraft.EmailAlreadyExists', 'tenant-0007': 'Statecraft.EmailAlreadyExists' }, events),
  }).run({ key: 'lists/tenants.json' });
  expect(result).toFailWith('Statecraft.BulkOnboardingFailed', 'States.ExceedToleratedFailureThreshold');
  // The threshold error is not a Statecraft error, so the failure handler describes it as BulkOnboardingFailed.
  expect(result).toHaveVisitedInOrder(['Vend Tenant Account', 'Vend Tenant Account Re-raise Child Error', 'Publish Bulk Onboarding Failed', 'Bulk Onboarding Failed']);
  expect(events.map((event) => event.DetailType)).toEqual(['Bulk Onboarding Failed']);
});

test.each([
  ['a child execution that timed out (no error of its own): the iteration fails with Statecraft.NestedExecutionFailed', '{"Status":"TIMED_OUT"}', 'Statecraft.NestedExecutionFailed'],
  ['a child error without a cause is re-raised by name in its iteration', '{"Error":"Statecraft.TenantRetired"}', 'Statecraft.TenantRetired'],
])('%s', async (_title, childDescription, iterationError) => {
  const result = await sim.with({
    mocks: { integrations: { ...bulkMocks().integrations, 'states:startExecution': { throw: { error: 'States.TaskFailed', cause: childDescription } } } },
  }).run({ key: 'lists/tenants.json' });
  expect(result).toFailWith('Statecraft.BulkOnboardingFailed', 'States.ExceedToleratedFailureThreshold');
  expect(iterationErrors(result).map((failure) => failure.error)).toContain(iterationError);
});

test('StartExecution refused (an AWS error, not a child failure): Statecraft.BulkOnboardingFailed naming it', async () => {
  const result = await sim.with({
    mocks: { integrations: { ...bulkMocks().integrations, 'states:startExecution': { throw: { error: 'StepFunctions.ExecutionLimitExceeded', cause: 'too many' } } } },
  }).run({ key: 'lists/tenants.json' });
  expect(result).toFailWith('Statecraft.BulkOnboardingFailed');
  // The plain-text cause is not a child's description, so NestedProcessExecution passes the error through unchanged.
  expect(result).toHaveVisitedInOrder(['Vend Tenant Account', 'Vend Tenant Account Re-raise Child Error']);
  expect(iterationErrors(result).map((failure) => failure.error)).toContain('StepFunctions.ExecutionLimitExceeded');
});

test('StartExecution refused without a cause: the error still passes through by name', async () => {
  const result = await sim.with({
    mocks: { integrations: { ...bulkMocks().integrations, 'states:startExecution': { throw: { error: 'StepFunctions.ExecutionLimitExceeded' } } } },
  }).run({ key: 'lists/tenants.json' });
  expect(result).toFailWith('Statecraft.BulkOnboardingFailed');
  expect(iterationErrors(result)).toContainEqual({ error: 'StepFunctions.ExecutionLimitExceeded', cause: 'the nested execution could not be started' });
});

test.each([{}, { key: null }, { key: 7 }, { key: '' }])('key missing or not a non-empty string (%j): Statecraft.InvalidInput naming it', async (input) => {
  const result = await sim.with({ mocks: bulkMocks() }).run(input);
  expect(result).toFailWith('Statecraft.InvalidInput');
  expect(result.cause).toContain('\'key\'');
});

test('fault sweep: every fault at every task is recovered or handled', async () => {
  const report = await sweepFaults(sim.with({ mocks: bulkMocks() }), {
    name: 'bulk-onboarding',
    scenarios: [{ name: 'happy', input: { key: 'lists/tenants.json' }, mocks: bulkMocks() }],
    isHandled: (result) => result.error === 'Statecraft.InvalidInput' || result.visited.some((visit) => visit.name === 'Publish Bulk Onboarding Failed'),
  });
  expect(report).toHaveNoUnhandledFaults();
  console.log(`bulk-onboarding: ${report.taskStates.length} tasks x ${report.faults.length} faults = ${report.totals.cells} cells; recovered ${report.totals.recovered}, handled ${report.totals.handled}, unhandled ${report.totals.unhandled}`);
}, 120_000);

test('every state of the bulk run is covered', () => {
  expect(sim).toHaveFullStateCoverage();
});

import { ExecutionResult, WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '@statecraft/testing';
import { DENY_ALL_POLICY, FakeRegistry, RetirementWorld, RetirementWorldOptions, SUSPENDED_OU, buildRetirementStack, registryItem } from './scenarios';

installMatchers();

const { retirement } = buildRetirementStack();
const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(retirement.stateMachine));
const run = (world: RetirementWorld, input: Record<string, unknown> = { tenantId: 'tenant-acme' }) =>
  sim.with({ mocks: world.mocks() }).run(input, { executionName: 'retire-tenant-acme' });
const names = (result: ExecutionResult) => result.visited.map((visit) => visit.name);

test('happy path: instances removed, quarantined with the deny-all SCP, closed within the meters, RETIRED', async () => {
  const world = new RetirementWorld({ closureSeconds: 600 });
  const result = await run(world);
  expect(result).toSucceed();
  expect(result.output).toEqual({ tenantId: 'tenant-acme', accountId: '222233334444', status: 'RETIRED' });
  expect(result).toHaveVisitedInOrder(['Mark Retiring', 'Remove Stack Instances', 'Find Current OU', 'Move To Suspended OU', 'Attach Deny-All Policy',
    'Record Quarantined', 'Reserve Closure Quota', 'Schedule Quota Release', 'Acquire Closure Slot', 'Close Account', 'Check Account Status',
    'Release Closure Slot', 'Mark Retired']);
  expect(world.eventTypes).toEqual(['Account Quarantined', 'Account Retired']);
  expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'RETIRED', stage: 'RETIRED' }));
  // One closure counted against the rolling quota (given back 30 days later), none left in progress.
  expect(world.registry.record('#closure-quota')!.holders).toEqual(['retire-tenant-acme']);
  expect(world.registry.record('#closures-in-progress')!.holders).toBeUndefined();
  expect(world.quotaReleasesStarted).toEqual([expect.objectContaining({
    Name: expect.stringMatching(/^release-[0-9a-f]{40}$/), Input: { holder: 'retire-tenant-acme', tenantId: 'tenant-acme' },
  })]);
  expect(result.taskInvocations['cloudformation:deleteStackInstances']).toBe(3);
});

test('the account already in the suspended OU, the SCP already attached, no stack instances: each step is skipped', async () => {
  const world = new RetirementWorld({ currentParent: SUSPENDED_OU });
  const result = await sim.with({
    mocks: {
      ...world.mocks(),
      states: {
        'Attach Deny-All Policy': { throw: { error: 'Organizations.DuplicatePolicyAttachmentException', cause: 'attached' } },
        'Remove From tenant-network': { throw: { error: 'CloudFormation.StackInstanceNotFoundException', cause: 'none' } },
        'Remove From tenant-iam-roles': { throw: { error: 'CloudFormation.StackInstanceNotFoundException', cause: 'none' } },
        'Remove From tenant-logging': { throw: { error: 'CloudFormation.StackInstanceNotFoundException', cause: 'none' } },
        'Close Account': { throw: { error: 'Organizations.AccountAlreadyClosedException', cause: 'closed' } },
      },
    },
  }).run({ tenantId: 'tenant-acme' }, { executionName: 'retire-tenant-acme' });
  expect(result).toSucceed();
  expect(names(result)).not.toContain('Move To Suspended OU');
  expect(result).toHaveVisitedInOrder(['No Instances In tenant-network', 'Already Suspended?', 'Attach Deny-All Policy', 'Record Quarantined', 'Record Closure Requested']);
});

test('MoveAccount reports the account already moved (DuplicateAccountException): quarantine goes on', async () => {
  const world = new RetirementWorld();
  const result = await sim.with({
    mocks: { ...world.mocks(), states: { 'Move To Suspended OU': { throw: { error: 'Organizations.DuplicateAccountException', cause: 'there' } } } },
  }).run({ tenantId: 'tenant-acme' }, { executionName: 'retire-tenant-acme' });
  expect(result).toSucceed();
});

test('the rolling closure quota is used up: Statecraft.ClosureQuotaExceeded, the account stays quarantined, nothing held', async () => {
  const world = new RetirementWorld({ quotaHolders: Array.from({ length: 10 }, (_v, i) => `retire-other-${i}`) });
  const result = await run(world);
  expect(result).toFailWith('Statecraft.ClosureQuotaExceeded');
  expect(result.cause).toContain('10 closures');
  expect(names(result)).not.toContain('Close Account');
  expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'FAILED', stage: 'QUARANTINED', error: 'Statecraft.ClosureQuotaExceeded' }));
  expect(world.registry.record('#closure-quota')!.holders).toHaveLength(10);
  expect(world.eventTypes).toEqual(['Account Quarantined', 'Account Retirement Failed']);
});

test('3 closures already in progress: waits with jittered retries until one finishes, then closes', async () => {
  const world = new RetirementWorld({ closureSlotHolders: ['a', 'b', 'c'], closureSlotFreedAtAttempt: 2 });
  const result = await run(world);
  expect(result).toSucceed();
  expect(result.visited.filter((visit) => visit.name === 'Acquire Closure Slot')).toHaveLength(3);
  expect(world.registry.record('#closures-in-progress')!.holders).toEqual(['b', 'c']);
});

test('the closure is never confirmed: Statecraft.AccountRetirementFailed; the slot is given back, the quota kept (the account closes)', async () => {
  const world = new RetirementWorld({ closureSeconds: 10 * 24 * 3600 });
  const result = await run(world);
  expect(result).toFailWith('Statecraft.AccountRetirementFailed');
  expect(result).toHaveVisitedInOrder(['Closure Not Confirmed', 'Release Closure Slot (On Failure)', 'Closure Requested Yet?', 'Record Retirement Failure']);
  expect(names(result)).not.toContain('Release Closure Quota (Not Closed)');
  expect(world.registry.record('#closures-in-progress')!.holders).toBeUndefined();
  expect(world.registry.record('#closure-quota')!.holders).toEqual(['retire-tenant-acme']);
});

// Account.State and its values: Organizations API Reference, "Account" data type (State; Status retired on
// 2026-09-09), and the Organizations User Guide, "Monitor the state of your AWS accounts" (table "Account states"):
// PENDING_CLOSURE while a closure is processed, SUSPENDED during the 90-day post-closure period, CLOSED after it.
test.each([
  ['SUSPENDED (closed, in the post-closure period)', ['PENDING_CLOSURE', 'SUSPENDED']],
  ['CLOSED (permanently closed)', ['CLOSED']],
  ['ACTIVE until CloseAccount shows, then PENDING_CLOSURE, then SUSPENDED', ['ACTIVE', 'PENDING_CLOSURE', 'PENDING_CLOSURE', 'SUSPENDED']],
])('Account.State %s: the account counts as closed and the tenant is RETIRED', async (_name, accountStates) => {
  const world = new RetirementWorld({ accountStates });
  const result = await run(world);
  expect(result).toSucceed();
  expect(result.visited.filter((visit) => visit.name === 'Check Account Status')).toHaveLength(accountStates.length);
  expect(result).toHaveVisitedInOrder(['Check Account Status', 'Account Closed?', 'Release Closure Slot', 'Mark Retired']);
});

test('Account.State PENDING_ACTIVATION after CloseAccount: Statecraft.AccountRetirementFailed naming the state, no more checks', async () => {
  const world = new RetirementWorld({ accountStates: ['PENDING_ACTIVATION'] });
  const result = await run(world);
  expect(result).toFailWith('Statecraft.AccountRetirementFailed');
  expect(result.cause).toContain('PENDING_ACTIVATION');
  expect(result.visited.filter((visit) => visit.name === 'Check Account Status')).toHaveLength(1);
  expect(result).toHaveVisitedInOrder(['Unexpected Account State', 'Release Closure Slot (On Failure)', 'Record Retirement Failure']);
});

test('a failure before the closure gives the quota reservation back', async () => {
  const world = new RetirementWorld();
  const result = await sim.with({
    mocks: { ...world.mocks(), states: { 'Acquire Closure Slot': { throw: { error: 'DynamoDb.AccessDeniedException', cause: 'denied' } } } },
  }).run({ tenantId: 'tenant-acme' }, { executionName: 'retire-tenant-acme' });
  expect(result).toFailWith('Statecraft.AccountRetirementFailed');
  expect(result).toHaveVisitedInOrder(['Release Closure Quota (Not Closed)', 'Record Retirement Failure', 'Publish Retirement Failed']);
  expect(world.registry.record('#closure-quota')!.holders).toBeUndefined();
});

test('an unknown tenant: Statecraft.TenantNotFound, nothing changed', async () => {
  const world = new RetirementWorld({ registry: new FakeRegistry() });
  const result = await run(world, { tenantId: 'tenant-nobody' });
  expect(result).toFailWith('Statecraft.TenantNotFound');
  expect(world.registry.record('tenant-nobody')).toBeUndefined();
  expect(world.eventTypes).toEqual(['Account Retirement Failed']);
});

test('an already retired tenant is reported as retired, nothing changed', async () => {
  const registry = new FakeRegistry([registryItem('tenant-acme', { stage: 'RETIRED', status: 'RETIRED', accountId: '222233334444' })]);
  const world = new RetirementWorld({ registry });
  const result = await run(world);
  expect(result).toSucceed();
  expect(result.output).toEqual({ tenantId: 'tenant-acme', accountId: '222233334444', status: 'RETIRED', existing: true });
  expect(registry.writes).toHaveLength(0);
});

test.each([{}, { tenantId: null }, { tenantId: 7 }, { tenantId: '' }])('invalid input %j: Statecraft.InvalidInput naming the field, before any side effect', async (input) => {
  const world = new RetirementWorld();
  const result = await run(world, input);
  expect(result).toFailWith('Statecraft.InvalidInput');
  expect(result.cause).toContain('\'tenantId\'');
  expect(world.registry.writes).toHaveLength(0);
});

test('fault sweep: every fault at every task is recovered or handled', async () => {
  const scenario = (name: string, options: RetirementWorldOptions) => ({
    name, input: { tenantId: 'tenant-acme' }, mocks: new RetirementWorld({ ...options, freshPerRun: true }).mocks(),
  });
  const report = await sweepFaults(sim, {
    name: 'account-retirement',
    scenarios: [scenario('happy', {}), scenario('quota-used', { quotaHolders: Array.from({ length: 10 }, (_v, i) => `o-${i}`) })],
    isHandled: (result) => result.error === 'Statecraft.InvalidInput' || names(result).includes('Publish Retirement Failed'),
    // A persistent ConditionalCheckFailed on the closure slot is "all slots taken": retried for closureSlotMaxWait.
    maxTransitions: 5000,
    maxVirtualSeconds: 10 * 24 * 3600,
  });
  expect(report).toHaveNoUnhandledFaults();
  console.log(`account-retirement: ${report.taskStates.length} tasks x ${report.faults.length} faults = ${report.totals.cells} cells; recovered ${report.totals.recovered}, handled ${report.totals.handled}, unhandled ${report.totals.unhandled}`);
}, 120_000);

test('every state of the retirement workflow is covered', () => {
  expect(sim).toHaveFullStateCoverage();
});

describe('quota release', () => {
  const releaseSim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(retirement.quotaRelease.stateMachine));

  test('gives the closure back to the rolling quota after 30 days', async () => {
    const world = new RetirementWorld({ registry: new FakeRegistry([registryItem('#closure-quota', {})]) });
    world.registry.items.get('#closure-quota')!.holders = { SS: ['retire-tenant-acme', 'retire-other'] };
    const result = await releaseSim.with({ mocks: world.mocks() }).run({ holder: 'retire-tenant-acme', tenantId: 'tenant-acme' });
    expect(result).toSucceed();
    expect(result.elapsedSeconds).toBe(30 * 24 * 3600);
    expect(world.registry.record('#closure-quota')!.holders).toEqual(['retire-other']);
  });

  test.each(['holder', 'tenantId'].flatMap((field) => [undefined, null, 7, ''].map((value) => [field, value] as const)))('%s %p: Statecraft.InvalidInput', async (field, value) => {
    const input: Record<string, unknown> = { holder: 'retire-tenant-acme', tenantId: 'tenant-acme', [field]: value };
    if (value === undefined) delete input[field];
    const result = await releaseSim.with({ mocks: new RetirementWorld().mocks() }).run(input);
    expect(result).toFailWith('Statecraft.InvalidInput');
    expect(result.cause).toContain(`'${field}'`);
  });

  test('fault sweep and coverage', async () => {
    const report = await sweepFaults(releaseSim, {
      name: 'account-retirement-quota-release',
      scenarios: [{ input: { holder: 'retire-x', tenantId: 'tenant-x' }, mocks: new RetirementWorld().mocks() }],
      maxVirtualSeconds: 40 * 24 * 3600,
    });
    expect(report).toHaveNoUnhandledFaults();
    console.log(`account-retirement-quota-release: ${report.taskStates.length} tasks x ${report.faults.length} faults = ${report.totals.cells} cells; recovered ${report.totals.recovered}, handled ${report.totals.handled}, unhandled ${report.totals.unhandled}`);
    expect(releaseSim).toHaveFullStateCoverage();
  }, 60_000);
});

void DENY_ALL_POLICY;

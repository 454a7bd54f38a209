import { PollSchedule } from '@statecraft/process-orchestration';
import { ExecutionResult, WorkflowDefinition, executionStatusChangeEvent, WorkflowSimulator, installMatchers, sweepFaults } from '@statecraft/testing';
import { Duration } from 'aws-cdk-lib';
import { CreationSlots, CREATE_ACCOUNT_FAILURE_REASONS } from '../src';
import { FakeRegistry, STACK_SETS, VendingWorld, buildVendingStack, registryItem, vendingInput, vendingSweepScenarios } from './scenarios';

installMatchers();

/** Both variants of the workflow: alone, and holding a creation slot (as bulk onboarding runs it). */
const variants = [
  { name: 'AccountFactory', slots: undefined },
  // A short wait for a slot keeps the sweep's "slot never frees" cells finite.
  { name: 'AccountFactory with creation slots', slots: CreationSlots.of({ maxWait: Duration.minutes(5), pollSchedule: PollSchedule.geometricCheckTimes() }) },
];

const names = (result: ExecutionResult) => result.visited.map((visit) => visit.name);
/** Every StackSet's CreateStackInstances call answers with `response`. */
const busyBaseline = (response: unknown) => Object.fromEntries(STACK_SETS.map((name) => [`Deploy ${name}`, response as never]));

describe.each(variants)('$name', ({ slots }) => {
  const { factory } = buildVendingStack({ seedWithLambda: true, creationSlots: slots });
  const definition = WorkflowDefinition.fromStateMachine(factory.stateMachine);
  const sim = new WorkflowSimulator(definition);
  const bookkeeping = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(factory.failureBookkeeping.stateMachine));
  /** What EventBridge does after an execution that did not succeed: the failure bookkeeping runs on its event. */
  const recordFailure = async (world: VendingWorld, result: ExecutionResult) => {
    expect(result.status).not.toBe('SUCCEEDED');
    return bookkeeping.with({ mocks: world.mocks() }).run(executionStatusChangeEvent(result));
  };
  /** Runs one vending execution, and the failure bookkeeping if it did not succeed (as the deployed factory does). */
  const run = async (world: VendingWorld, input = vendingInput(), executionName = 'vend-tenant-acme') => {
    const result = await sim.with({ mocks: world.mocks() }).run(input, { executionName });
    if (result.status !== 'SUCCEEDED') {
      expect(await recordFailure(world, result)).toSucceed();
    }
    return result;
  };

  test('happy path: the account is created, moved, baselined and seeded, and the registry shows READY', async () => {
    const world = new VendingWorld({ creationSeconds: 300 });
    const result = await run(world);
    expect(result).toSucceed();
    expect(result.output).toEqual({ tenantId: 'tenant-acme', accountId: '222233334444', stage: 'READY', status: 'READY' });
    expect(result).toHaveVisitedInOrder(['Register Tenant', 'Create Account', 'Record Creation Request', 'Check Account Creation',
      'Move To Target OU', 'Record Account Created', 'Deploy Baseline StackSets', 'Check Baseline Operations', 'Seed Tenant Data', 'Record Ready']);
    expect(world.eventTypes).toEqual(['Account Vending Requested', 'Account Created', 'Account Baselined', 'Account Ready']);
    expect(world.events[1].Detail).toEqual(expect.objectContaining({ tenantId: 'tenant-acme', accountId: '222233334444', stage: 'ACCOUNT_CREATED' }));
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({
      stage: 'READY', status: 'READY', accountId: '222233334444', createAccountRequestId: 'car-vend-tenant-acme', email: 'aws+tenant-acme@acme.example',
    }));
    // The request id was recorded before the first wait.
    const recorded = world.registry.writes.findIndex((write) => write.item.createAccountRequestId);
    expect(world.registry.writes[recorded].state).toBe('Record Creation Request');
    expect(result.taskInvocations['organizations:createAccount']).toBe(1);
    // The only Lambda is the user's seeding step; nothing on the provisioning path.
    expect(result.lambdaInvocations).toBe(1);
    expect(result.transitions).toBeLessThan(60 + (slots ? 3 : 0));
    if (slots) {
      expect(world.registry.record('#creation-slots')!.holders).toBeUndefined(); // the slot was given back
    }
  });

  test('CreateAccount throttled twice (TooManyRequestsException), then created: retried with backoff', async () => {
    const world = new VendingWorld({ throttledCreates: 2 });
    const result = await run(world);
    expect(result).toSucceed();
    expect(result.visited.filter((visit) => visit.name === 'Create Account').map((visit) => visit.attempt)).toEqual([0, 1, 2]);
    expect(world.createAccountCalls).toHaveLength(1);
  });

  test('EMAIL_ALREADY_EXISTS with the account in the root (a lost request): the account is adopted', async () => {
    const world = new VendingWorld({
      failureReason: 'EMAIL_ALREADY_EXISTS',
      paginateRoot: true,
      rootAccounts: [{ Id: '999988887777', Email: 'other@acme.example' }, { Id: '555566667777', Email: 'aws+tenant-acme@acme.example' }],
    });
    const result = await run(world);
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Find Account In Root', 'Account In Root?', 'Find Account In Root (Next Page)', 'Account In Root?', 'Move To Target OU']);
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ accountId: '555566667777', status: 'READY' }));
  });

  test('EMAIL_ALREADY_EXISTS with no such account in the organization: Statecraft.EmailAlreadyExists, registry FAILED', async () => {
    const world = new VendingWorld({ failureReason: 'EMAIL_ALREADY_EXISTS', rootAccounts: [{ Id: '999988887777', Email: 'other@acme.example' }] });
    const result = await run(world);
    expect(result).toFailWith('Statecraft.EmailAlreadyExists');
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({
      status: 'FAILED', stage: 'REQUESTED', error: 'Statecraft.EmailAlreadyExists', lastFailureReason: 'EMAIL_ALREADY_EXISTS',
    }));
    expect(world.registry.record('tenant-acme')!.createAccountRequestId).toBeUndefined();
    expect(world.eventTypes).toEqual(['Account Vending Requested', 'Account Vending Failed']);
    expect(world.events[1].Detail.error).toBe('Statecraft.EmailAlreadyExists');
  });

  test.each([
    ...Object.entries(CREATE_ACCOUNT_FAILURE_REASONS).filter(([reason]) => reason !== 'EMAIL_ALREADY_EXISTS'),
    ['UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED', 'Statecraft.AccountCreationFailed'],
  ])('FailureReason %s ends in %s, and a re-run may create again', async (reason, error) => {
    const world = new VendingWorld({ failureReason: reason });
    const result = await run(world);
    expect(result).toFailWith(error);
    expect(result.cause).toContain(reason);
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'FAILED', stage: 'REQUESTED', error }));
    expect(world.eventTypes).toContain('Account Vending Failed');

    const again = await run(new VendingWorld({ registry: world.registry }), vendingInput(), 'vend-tenant-acme-2');
    expect(again).toSucceed();
    expect(again).toHaveVisitedInOrder(['Load Tenant', 'Route By Registry', 'Create Account']);
  });

  test('creation still in progress when the poll schedule runs out: Statecraft.AccountCreationTimedOut', async () => {
    const world = new VendingWorld({ creationSeconds: 3 * 3600 });
    const result = await run(world);
    expect(result).toFailWith('Statecraft.AccountCreationTimedOut');
    expect(result.taskInvocations['organizations:describeCreateAccountStatus']).toBe(PollSchedule.geometricCheckTimes().delaysSeconds().length);
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'FAILED', stage: 'CREATING' }));
  });

  test('a failed stack instance: Statecraft.StackSetDeploymentFailed listing it; registry FAILED at ACCOUNT_CREATED', async () => {
    const world = new VendingWorld({ failingStackSet: 'tenant-iam-roles', stackSetOperationSeconds: 120 });
    const result = await run(world);
    expect(result).toFailWith('Statecraft.StackSetDeploymentFailed');
    expect(result.cause).toContain('tenant-iam-roles');
    expect(result.cause).toContain('eu-west-1');
    expect(result.cause).toContain('VPC limit exceeded');
    expect(names(result).filter((name) => name === 'Wait For Baseline')).toHaveLength(2);
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'FAILED', stage: 'ACCOUNT_CREATED', accountId: '222233334444' }));
    expect(world.eventTypes).toEqual(['Account Vending Requested', 'Account Created', 'Account Vending Failed']);
  });

  test('seeding fails: Statecraft.TenantSeedingFailed; a re-run resumes at seeding without creating or baselining again', async () => {
    const registry = new FakeRegistry();
    const first = await run(new VendingWorld({ seedingFails: true, registry }));
    expect(first).toFailWith('Statecraft.TenantSeedingFailed');
    expect(first.cause).toContain('the tenant template bucket does not exist');
    expect(registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'FAILED', stage: 'BASELINED' }));

    const world = new VendingWorld({ registry });
    const second = await run(world, vendingInput(), 'vend-tenant-acme-2');
    expect(second).toSucceed();
    expect(second).toHaveVisitedInOrder(['Register Tenant', 'Load Tenant', 'Route By Registry', 'Resume From Registry', 'Resume At Stage', 'Seed Tenant Data', 'Record Ready']);
    expect(second.taskInvocations['organizations:createAccount']).toBeUndefined();
    expect(second.taskInvocations['cloudformation:createStackInstances']).toBeUndefined();
    expect(registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'READY', stage: 'READY' }));
  });

  test('a re-run after a baseline failure resumes at the baseline (no second CreateAccount)', async () => {
    const registry = new FakeRegistry();
    await run(new VendingWorld({ failingStackSet: 'tenant-network', registry }));
    const second = await run(new VendingWorld({ registry }), vendingInput(), 'vend-tenant-acme-2');
    expect(second).toSucceed();
    expect(second.taskInvocations['organizations:createAccount']).toBeUndefined();
    expect(second.taskInvocations['cloudformation:createStackInstances']).toBe(3);
  });

  test('a re-run while the recorded CreateAccount request is in progress waits for it instead of creating again', async () => {
    const registry = new FakeRegistry([registryItem('tenant-acme', { stage: 'CREATING', status: 'FAILED', createAccountRequestId: 'car-first-run' })]);
    const world = new VendingWorld({ registry });
    const result = await run(world, vendingInput(), 'vend-tenant-acme-2');
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Load Tenant', 'Route By Registry', 'Record Creation Request', 'Check Account Creation']);
    expect(world.createAccountCalls).toHaveLength(0);
    expect(registry.record('tenant-acme')!.createAccountRequestId).toBe('car-first-run');
  });

  test('a second execution for a READY tenant reports the existing account and changes nothing', async () => {
    const registry = new FakeRegistry([registryItem('tenant-acme', { stage: 'READY', status: 'READY', accountId: '222233334444' })]);
    const world = new VendingWorld({ registry });
    const result = await run(world);
    expect(result).toSucceed();
    expect(result.output).toEqual({ tenantId: 'tenant-acme', accountId: '222233334444', stage: 'READY', status: 'READY', existing: true });
    expect(result.taskInvocations['organizations:createAccount']).toBeUndefined();
    expect(world.events).toHaveLength(0);
    expect(registry.writes).toHaveLength(0);
  });

  test('a retired tenant is never vended again: Statecraft.TenantRetired, the registry keeps RETIRED', async () => {
    const registry = new FakeRegistry([registryItem('tenant-acme', { stage: 'RETIRED', status: 'RETIRED', accountId: '222233334444' })]);
    const world = new VendingWorld({ registry });
    const result = await run(world);
    expect(result).toFailWith('Statecraft.TenantRetired');
    expect(registry.record('tenant-acme')!.status).toBe('RETIRED');
    expect(world.eventTypes).toEqual(['Account Vending Failed']);
  });

  test('the account is already in the target OU (moved by an earlier run): DuplicateAccountException is fine', async () => {
    const world = new VendingWorld();
    const mocks = world.mocks();
    const result = await sim.with({
      mocks: { ...mocks, states: { 'Move To Target OU': { throw: { error: 'Organizations.DuplicateAccountException', cause: 'already in destination' } } } },
    }).run(vendingInput(), { executionName: 'vend-tenant-acme' });
    expect(result).toSucceed();
  });

  test('an AWS error after its retries (AccessDenied on MoveAccount) ends the execution at that task, with the error unchanged', async () => {
    const world = new VendingWorld();
    const input = vendingInput();
    const denied = { ...world.mocks(), states: { 'Move To Target OU': { throw: { error: 'Organizations.AccessDeniedException', cause: 'not allowed' } } } };
    const result = await sim.with({ mocks: denied }).run(input, { executionName: 'vend-tenant-acme' });
    expect(result).toFailWith('Organizations.AccessDeniedException', 'not allowed');
    expect(result.visited[result.visited.length - 1].name).toBe('Move To Target OU');

    const recorded = await recordFailure(world, result);
    expect(recorded).toHaveVisitedInOrder(['Anything To Record?', 'Record Vending Failure', 'Publish Vending Failed']);
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({
      status: 'FAILED',
      stage: 'CREATING',
      error: 'Organizations.AccessDeniedException',
      cause: 'not allowed',
      executionId: result.executionArn,
    }));
    expect(world.events.at(-1)).toEqual(expect.objectContaining({
      DetailType: 'Account Vending Failed',
      Detail: { tenantId: 'tenant-acme', executionArn: result.executionArn, error: 'Organizations.AccessDeniedException', cause: 'not allowed', redriveCount: 0 },
    }));
  });

  test('redrive after the permission is fixed: continues from Move To Target OU, no second CreateAccount, registry READY', async () => {
    const world = new VendingWorld();
    const input = vendingInput();
    const denied = { ...world.mocks(), states: { 'Move To Target OU': { throw: { error: 'Organizations.AccessDeniedException', cause: 'not allowed' } } } };
    const failed = await sim.with({ mocks: denied }).run(input, { executionName: 'vend-tenant-acme' });
    await recordFailure(world, failed);

    const redriven = await sim.with({ mocks: world.mocks() }).redrive(failed);

    expect(redriven).toSucceed();
    expect(redriven.visited[0].name).toBe('Move To Target OU');
    expect(redriven.taskInvocations['organizations:createAccount']).toBeUndefined();
    expect(world.createAccountCalls).toHaveLength(1);
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'READY', stage: 'READY', executionId: failed.executionArn }));
    expect(world.eventTypes.slice(-3)).toEqual(['Account Created', 'Account Baselined', 'Account Ready']);
  });

  test('redrive after the baseline StackSets could not be started (throttled past the retries): continues at the baseline', async () => {
    const world = new VendingWorld();
    const input = vendingInput();
    const busy = { throw: { error: 'CloudFormation.OperationInProgressException', cause: 'Another Operation on StackSet is in progress' } };
    const failed = await sim.with({ mocks: { ...world.mocks(), states: { ...busyBaseline(busy) } } }).run(input, { executionName: 'vend-tenant-acme' });
    expect(failed).toFailWith('CloudFormation.OperationInProgressException');
    await recordFailure(world, failed);
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'FAILED', stage: 'ACCOUNT_CREATED' }));

    const redriven = await sim.with({ mocks: world.mocks() }).redrive(failed);

    expect(redriven).toSucceed();
    expect(redriven.visited[0].name).toBe('Deploy Baseline StackSets');
    expect(redriven.taskInvocations['organizations:createAccount']).toBeUndefined();
    expect(redriven.taskInvocations['organizations:moveAccount']).toBeUndefined();
    expect(world.registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'READY', stage: 'READY' }));
  });

  test('a named failure ends at its Fail state, so a redrive re-raises it (a new execution resumes from the registry, as tested above)', async () => {
    const registry = new FakeRegistry();
    const world = new VendingWorld({ seedingFails: true, registry });
    const input = vendingInput();
    const failed = await run(world, input);
    expect(failed).toFailWith('Statecraft.TenantSeedingFailed');

    const redriven = await sim.with({ mocks: new VendingWorld({ registry }).mocks() }).redrive(failed);

    expect(redriven).toFailWith('Statecraft.TenantSeedingFailed');
    expect(redriven.visited.map((visit) => visit.name)).toEqual([redriven.visited[0].name]);
    expect(redriven.visited[0].type).toBe('Fail');
  });

  test('a failure before the tenant is registered still publishes the failure event', async () => {
    const world = new VendingWorld();
    const input = vendingInput();
    const result = await sim.with({
      mocks: { ...world.mocks(), states: { 'Register Tenant': { throw: { error: 'DynamoDb.AccessDeniedException', cause: 'no access' } } } },
    }).run(input, { executionName: 'vend-tenant-acme' });
    expect(result).toFailWith('DynamoDb.AccessDeniedException');
    const recorded = await recordFailure(world, result);
    expect(recorded).toHaveVisitedInOrder(['Record Vending Failure', 'Publish Vending Failed']);
    expect(world.eventTypes).toEqual(['Account Vending Failed']);
    expect(world.registry.record('tenant-acme')).toBeUndefined();
  });

  test('a failure of an older execution never overwrites the registry item a later execution owns', async () => {
    const registry = new FakeRegistry([registryItem('tenant-acme', {
      stage: 'BASELINED', status: 'IN_PROGRESS', executionId: 'arn:aws:states:us-east-1:123456789012:execution:vending:vend-tenant-acme-2',
    })]);
    const world = new VendingWorld({ registry });
    const older = await sim.with({
      mocks: { ...world.mocks(), states: { 'Register Tenant': { throw: { error: 'DynamoDb.InternalServerErrorException', cause: 'try later' } } } },
    }).run(vendingInput(), { executionName: 'vend-tenant-acme' });

    await recordFailure(world, older);

    expect(registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'IN_PROGRESS', stage: 'BASELINED' }));
    expect(world.eventTypes).toEqual(['Account Vending Failed']);
  });

  test.each([
    ['TIMED_OUT', undefined, 'States.Timeout'],
    ['ABORTED', undefined, 'Statecraft.ExecutionAborted'],
    ['ABORTED', 'Operator.WrongTenant', 'Operator.WrongTenant'],
    ['FAILED', undefined, 'Statecraft.ProcessFailed'],
  ])('an execution that ended %s (error %s, no cause) is recorded as FAILED with %s', async (status, givenError, error) => {
    const registry = new FakeRegistry();
    const world = new VendingWorld({ registry, creationSeconds: 3 * 3600 });
    const input = vendingInput();
    // Stopped by the simulator's time limit while waiting for the account: then ended as the row says.
    const running = await sim.with({ mocks: world.mocks(), maxVirtualSeconds: 600 }).run(input, { executionName: 'vend-tenant-acme' });
    const ended = { ...running, status: status as 'TIMED_OUT' | 'ABORTED' | 'FAILED', error: givenError, cause: undefined };

    const recorded = await recordFailure(world, ended);

    expect(recorded).toSucceed();
    expect(registry.record('tenant-acme')).toEqual(expect.objectContaining({ status: 'FAILED', stage: 'CREATING', error }));
  });

  test('the bookkeeping records nothing for an input the workflow rejected, and fails by name when the tenant is unknown', async () => {
    const world = new VendingWorld();
    const rejected = await sim.with({ mocks: world.mocks() }).run({ ...vendingInput(), email: 'nope' });
    const nothing = await recordFailure(world, rejected);
    expect(nothing).toHaveVisitedInOrder(['Anything To Record?', 'Nothing To Record']);
    expect(world.registry.writes).toHaveLength(0);
    expect(world.events).toHaveLength(0);

    const failed = await sim.with({
      mocks: { ...world.mocks(), states: { 'Register Tenant': { throw: { error: 'DynamoDb.InternalServerErrorException', cause: 'x' } } } },
    }).run(vendingInput());
    const event = executionStatusChangeEvent(failed, { input: null, inputDetails: { included: false } });
    const unknown = await bookkeeping.with({ mocks: world.mocks() }).run(event);
    expect(unknown).toFailWith('Statecraft.VendingFailureNotRecorded', 'tenant is unknown');
  });

  test('inputs exactly at the Organizations length limits are accepted (50-character name, 64-character email, 128/256 tags)', async () => {
    const world = new VendingWorld();
    const input = vendingInput('tenant-acme', {
      accountName: 'Ä'.repeat(50),
      email: `${'a'.repeat(51)}@acme.example`,
      tags: [{ Key: 'k'.repeat(128), Value: 'v'.repeat(256) }, { Key: 'empty', Value: '' }],
    });
    const result = await run(world, input);
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Check Input Limits', 'Register Tenant']);
    expect((world.createAccountCalls[0] as any).AccountName).toBe('Ä'.repeat(50));
  });

  test('no tags: the account is created with none', async () => {
    const world = new VendingWorld();
    const input = vendingInput();
    delete input.tags;
    const result = await run(world, input);
    expect(result).toSucceed();
    expect((world.createAccountCalls[0] as any).Tags).toEqual([]);
  });

  describe('invalid input fails with Statecraft.InvalidInput naming the field, before any side effect', () => {
    test.each([
      ['tenantId', { tenantId: undefined }],
      ['tenantId', { tenantId: 'acme' }],
      ['accountName', { accountName: '' }],
      ['email', { email: 'not-an-email' }],
      ['organizationalUnitId', { organizationalUnitId: 'r-ab12' }],
      ['tags', { tags: Array.from({ length: 51 }, (_v, i) => ({ Key: `k${i}`, Value: 'v' })) }],
      // The Organizations length limits (one JSONata Choice checks them all).
      ['accountName', { accountName: 'A'.repeat(51) }],
      ['email', { email: 'a@b.c' }],
      ['email', { email: `${'a'.repeat(60)}@acme.example` }],
      ['tags', { tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }],
      ['tags', { tags: [{ Key: '', Value: 'v' }] }],
      ['tags', { tags: [{ Key: 'tenant', Value: 'v'.repeat(257) }] }],
      ['tags', { tags: [{ Key: 'tenant', Value: 7 }] }],
      // Every required field missing, null, not a string, or empty.
      ...['tenantId', 'accountName', 'email', 'organizationalUnitId'].flatMap((name) => [
        [name, { [name]: undefined }], [name, { [name]: null }], [name, { [name]: 7 }], [name, { [name]: '' }],
      ] as Array<[string, Record<string, unknown>]>),
    ])('%s: %j', async (field, change) => {
      const world = new VendingWorld();
      const input: Record<string, unknown> = { ...vendingInput(), ...change };
      if (change[field as keyof typeof change] === undefined) delete input[field];
      const result = await run(world, input);
      expect(result).toFailWith('Statecraft.InvalidInput');
      expect(result.cause).toContain(`'${field}'`);
      expect(world.registry.writes).toHaveLength(0);
      expect(world.events).toHaveLength(0);
      expect(Object.keys(result.taskInvocations)).toEqual([]);
    });
  });

  if (slots) {
    test('all creation slots taken: waits (jittered retries) until one is given back, then creates', async () => {
      const world = new VendingWorld({ slotHolders: ['a', 'b', 'c', 'd', 'e'], slotFreedAtAttempt: 3 });
      const result = await run(world);
      expect(result).toSucceed();
      expect(result.visited.filter((visit) => visit.name === 'Acquire Creation Slot')).toHaveLength(4);
      expect(world.registry.record('#creation-slots')!.holders).toEqual(['b', 'c', 'd', 'e']);
    });

    test('a failure while creating gives the slot back', async () => {
      const world = new VendingWorld({ slotHolders: ['a'] });
      const result = await sim.with({
        mocks: { ...world.mocks(), states: { 'Check Account Creation': { throw: { error: 'Organizations.AccessDeniedException', cause: 'denied' } } } },
      }).run(vendingInput(), { executionName: 'vend-tenant-acme' });
      expect(result).toFailWith('Organizations.AccessDeniedException');
      expect(result).toHaveVisitedInOrder(['Acquire Creation Slot', 'Create Account']);
      expect(world.registry.record('#creation-slots')!.holders).toEqual(['a', 'vend-tenant-acme']);

      const recorded = await recordFailure(world, result);
      expect(recorded).toHaveVisitedInOrder(['Anything To Record?', 'Release Creation Slot (On Failure)', 'Record Vending Failure']);
      expect(world.registry.record('#creation-slots')!.holders).toEqual(['a']);
    });
  }

  test('fault sweep: every fault at every task is recovered, ends in a named error, or ends at its own task (redrivable)', async () => {
    const report = await sweepFaults(sim, {
      name: slots ? 'account-factory-with-creation-slots' : 'account-factory',
      scenarios: vendingSweepScenarios(),
      // An AWS error that survives its retries ends the execution at its task, so a redrive continues there; the
      // failure bookkeeping records every failure after the execution (tested above).
      redrivable: true,
    });
    expect(report).toHaveNoUnhandledFaults();
    console.log(`${report.stateMachine}: ${report.taskStates.length} tasks x ${report.faults.length} faults = ${report.totals.cells} cells; recovered ${report.totals.recovered}, handled ${report.totals.handled}, unhandled ${report.totals.unhandled}`);
  }, 120_000);

  test('fault sweep of the failure bookkeeping: a registry fault still publishes the event; any other fault ends at its task', async () => {
    const registry = () => new FakeRegistry([registryItem('tenant-acme', {
      stage: 'CREATING', status: 'IN_PROGRESS', executionId: 'arn:aws:states:us-east-1:123456789012:execution:vending:vend-tenant-acme',
    })]);
    const failed = { ...(await sim.with({ mocks: new VendingWorld().mocks(), maxVirtualSeconds: 60 }).run(vendingInput(), { executionName: 'vend-tenant-acme' })) };
    const event = executionStatusChangeEvent({ ...failed, status: 'FAILED', error: 'Organizations.AccessDeniedException', cause: 'denied' });
    const report = await sweepFaults(bookkeeping, {
      name: slots ? 'account-factory-bookkeeping-with-creation-slots' : 'account-factory-bookkeeping',
      scenarios: [{ name: 'failed-while-creating', input: event, mocks: new VendingWorld({ registry: registry() }).mocks() }],
      // The bookkeeping catches nothing just to end with it either: a failed bookkeeping run alarms, notifies the
      // factory's topic, and can be redriven from the task that failed.
      redrivable: true,
    });
    expect(report).toHaveNoUnhandledFaults();
    expect(report.cells.filter((cell) => cell.state === 'Record Vending Failure').every((cell) => cell.outcome === 'recovered')).toBe(true);
    console.log(`${report.stateMachine}: ${report.taskStates.length} tasks x ${report.faults.length} faults = ${report.totals.cells} cells; recovered ${report.totals.recovered}, handled ${report.totals.handled}, unhandled ${report.totals.unhandled}`);
  });

  test('every state is covered by these runs, in the workflow and in its failure bookkeeping', () => {
    expect(sim).toHaveFullStateCoverage();
    expect(bookkeeping).toHaveFullStateCoverage();
  });
});

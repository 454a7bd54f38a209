/**
 * Realistic AccountFactory scenarios shared by this package's simulation tests, its benchmark and the demo
 * app: a factory with three baseline StackSets, a tenant's input, and mocks that model the AWS side
 * (an account that takes 5 minutes to create, StackSet operations that take a minute, a registry that keeps
 * its items between runs).
 */
import { PollSchedule } from '@statecraft/process-orchestration';
import { describedExecution, MockCall, SimulatorMocks, TaskFailure } from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AccountFactory, AccountFactoryProps, AccountRetirement, BaselineStackSet, BulkOnboarding, CreationSlots, TenantSeeding,
} from '../src';
import { FakeRegistry } from './fake-registry';

export { FakeRegistry } from './fake-registry';

export const ROOT_ID = 'r-ab12';

/** Seconds after the request at which a poll schedule checks. */
export function checkTimes(schedule: PollSchedule): number[] {
  let elapsed = 0;
  return schedule.delaysSeconds().map((delay) => (elapsed += delay));
}
export const TARGET_OU = 'ou-ab12-tenants1';
export const STACK_SETS = ['tenant-network', 'tenant-iam-roles', 'tenant-logging'];

/** The factory the demo and the tests use: three existing baseline StackSets, optional Lambda seeding. */
export function accountFactoryProps(overrides: Partial<AccountFactoryProps> = {}): AccountFactoryProps {
  return {
    organizationRootId: ROOT_ID,
    baselineStackSets: STACK_SETS.map((name) => BaselineStackSet.existing(name)),
    baselineRegions: ['us-east-1', 'eu-west-1'],
    tenantIdPattern: 'tenant-*',
    ...overrides,
  };
}

export interface VendingAppOptions {
  /** Seed with a Lambda function (name `seed-tenant`). */
  readonly seedWithLambda?: boolean;
  /** Hold a creation slot while creating (bulk onboarding). */
  readonly creationSlots?: CreationSlots;
  readonly creationPollSchedule?: PollSchedule;
}

/** A stack in us-east-1 (Organizations' home Region) with one AccountFactory. */
export function buildVendingStack(options: VendingAppOptions = {}): { stack: Stack; factory: AccountFactory } {
  const app = new App();
  const stack = new Stack(app, 'Vending', { env: { account: '111111111111', region: 'us-east-1' } });
  const seeding = options.seedWithLambda
    ? TenantSeeding.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Seeder', 'seed-tenant'))
    : TenantSeeding.none();
  const factory = new AccountFactory(stack, 'Factory', accountFactoryProps({
    seeding,
    creationSlots: options.creationSlots,
    creationPollSchedule: options.creationPollSchedule,
  }));
  return { stack, factory };
}

/** A tenant's vending input. */
export function vendingInput(tenantId = 'tenant-acme', overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    tenantId,
    accountName: `Acme (${tenantId})`,
    email: `aws+${tenantId}@acme.example`,
    organizationalUnitId: TARGET_OU,
    tags: [{ Key: 'tenant', Value: tenantId }, { Key: 'cost-center', Value: 'saas-1' }],
    parameters: { plan: 'enterprise', region: 'eu-west-1' },
    ...overrides,
  };
}

/** How the simulated AWS side behaves. */
export interface VendingWorldOptions {
  /** Seconds from CreateAccount until the account is ACTIVE. @default 300 */
  readonly creationSeconds?: number;
  /** The CreateAccountStatus FailureReason when creation fails. @default - it succeeds */
  readonly failureReason?: string;
  /** Seconds each StackSet operation runs. @default 60 */
  readonly stackSetOperationSeconds?: number;
  /** This StackSet's operation FAILS, with a failed stack instance. @default - all succeed */
  readonly failingStackSet?: string;
  /** Accounts in the organization's root (for EMAIL_ALREADY_EXISTS adoption). @default none */
  readonly rootAccounts?: Array<{ Id: string; Email: string; Name?: string }>;
  /** CreateAccount is throttled this many times first. @default 0 */
  readonly throttledCreates?: number;
  /** The seeding Lambda fails. @default false */
  readonly seedingFails?: boolean;
  /** The creation poll schedule of the factory under test. @default PollSchedule.geometricCheckTimes() */
  readonly schedule?: PollSchedule;
  /** The baseline poll interval of the factory under test. @default 60 */
  readonly baselinePollSeconds?: number;
  /** The registry (share it between runs to test re-runs). @default a new empty one */
  readonly registry?: FakeRegistry;
  /** Reset the registry (and the recorded events) at the start of every run, for fault sweeps. @default false */
  readonly freshPerRun?: boolean;
  /** Root accounts are listed 1 per page (to exercise pagination). @default false */
  readonly paginateRoot?: boolean;
  /** Slots already held by other executions at the start. @default none */
  readonly slotHolders?: string[];
  /** Another execution gives its slot back before this try for a slot (attempt number). @default never */
  readonly slotFreedAtAttempt?: number;
}

/**
 * The simulated AWS side of a vending run: Organizations, StackSets, EventBridge, a seeding Lambda and the
 * registry. `mocks()` gives the simulator mocks; `events` and `registry` show what the workflow did.
 */
export class VendingWorld {
  public readonly registry: FakeRegistry;
  public readonly events: Array<{ DetailType: string; Detail: any; Source: string }> = [];
  public readonly createAccountCalls: unknown[] = [];
  private readonly checkTimes: number[];

  public constructor(public readonly options: VendingWorldOptions = {}) {
    this.registry = options.registry ?? new FakeRegistry();
    this.checkTimes = checkTimes(options.schedule ?? PollSchedule.geometricCheckTimes());
  }

  /** The lifecycle event types published, in order. */
  public get eventTypes(): string[] {
    return this.events.map((event) => event.DetailType);
  }

  public mocks(): SimulatorMocks {
    const creationSeconds = this.options.creationSeconds ?? 300;
    const operationSeconds = this.options.stackSetOperationSeconds ?? 60;
    const pollSeconds = this.options.baselinePollSeconds ?? 60;
    let throttled = 0;
    return {
      integrations: {
        'dynamodb:getItem': (call: MockCall) => this.registry.getItem(call.input),
        'dynamodb:updateItem': (call: MockCall) => {
          if (this.options.freshPerRun && call.stateName === 'Register Tenant' && call.attempt === 0) {
            this.registry.reset();
            this.events.length = 0;
          }
          if (call.stateName === 'Acquire Creation Slot' && call.attempt === 0 && this.options.slotHolders) {
            this.registry.items.set('#creation-slots', { tenantId: { S: '#creation-slots' }, holders: { SS: [...this.options.slotHolders] } });
          }
          if (call.stateName === 'Acquire Creation Slot' && call.attempt === this.options.slotFreedAtAttempt) {
            const holders = this.registry.items.get('#creation-slots')!.holders.SS as string[];
            holders.shift();
          }
          return this.registry.updateItem(call.input, call.stateName);
        },
        'events:putEvents': (call: MockCall) => {
          const entries = (call.input as any).Entries as any[];
          for (const entry of entries) {
            this.events.push({ DetailType: entry.DetailType, Source: entry.Source, Detail: typeof entry.Detail === 'string' ? JSON.parse(entry.Detail) : entry.Detail });
          }
          return { FailedEntryCount: 0, Entries: entries.map((_e, i) => ({ EventId: `event-${this.events.length}-${i}` })) };
        },
        'organizations:createAccount': (call: MockCall) => {
          if (throttled < (this.options.throttledCreates ?? 0)) {
            throttled++;
            throw new TaskFailure('Organizations.TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress');
          }
          this.createAccountCalls.push(call.input);
          return { CreateAccountStatus: { Id: `car-${call.executionName}`, State: 'IN_PROGRESS', AccountName: (call.input as any).AccountName } };
        },
        'organizations:describeCreateAccountStatus': (call: MockCall) => {
          const id = (call.input as any).CreateAccountRequestId;
          const now = this.checkTimes[Math.min(call.attempt, this.checkTimes.length - 1)];
          if (now < creationSeconds) {
            return { CreateAccountStatus: { Id: id, State: 'IN_PROGRESS' } };
          }
          if (this.options.failureReason) {
            return { CreateAccountStatus: { Id: id, State: 'FAILED', FailureReason: this.options.failureReason } };
          }
          return { CreateAccountStatus: { Id: id, State: 'SUCCEEDED', AccountId: '222233334444' } };
        },
        'organizations:listAccountsForParent': (call: MockCall) => {
          const accounts = this.options.rootAccounts ?? [];
          if (!this.options.paginateRoot) return { Accounts: accounts };
          const page = Number((call.input as any).NextToken ?? 0);
          return { Accounts: accounts.slice(page, page + 1), ...(page + 1 < accounts.length ? { NextToken: String(page + 1) } : {}) };
        },
        'organizations:moveAccount': () => ({}),
        'cloudformation:createStackInstances': (call: MockCall) => ({ OperationId: `op-${(call.input as any).StackSetName}` }),
        'cloudformation:describeStackSetOperation': (call: MockCall) => {
          const name = (call.input as any).StackSetName;
          const done = (call.attempt + 1) * pollSeconds >= operationSeconds;
          const status = !done ? 'RUNNING' : name === this.options.failingStackSet ? 'FAILED' : 'SUCCEEDED';
          return { StackSetOperation: { OperationId: (call.input as any).OperationId, StackSetId: `${name}:1`, Status: status } };
        },
        'cloudformation:listStackSetOperationResults': (call: MockCall) => ({
          Summaries: [
            { Account: '222233334444', Region: 'us-east-1', Status: 'SUCCEEDED' },
            { Account: '222233334444', Region: 'eu-west-1', Status: 'FAILED', StatusReason: `${(call.input as any).StackSetName}: Resource handler returned message: "VPC limit exceeded"` },
          ],
        }),
        'lambda:invoke': (call: MockCall) => {
          if (this.options.seedingFails) {
            throw new TaskFailure('TenantDataError', 'the tenant template bucket does not exist');
          }
          return { StatusCode: 200, Payload: { seeded: true, tenantId: (call.input as any).tenantId } };
        },
      },
    };
  }
}

/**
 * The vending scenarios a fault sweep injects its faults into (each run starts from an empty registry): the happy
 * path, an adopted account, each StackSet failing, a failed creation, failed seeding, and a resumed tenant.
 */
export function vendingSweepScenarios() {
  const scenario = (name: string, options: VendingWorldOptions) => ({
    name, input: vendingInput(), mocks: new VendingWorld({ ...options, freshPerRun: true }).mocks(),
  });
  return [
    scenario('happy', {}),
    scenario('adopt', { failureReason: 'EMAIL_ALREADY_EXISTS', paginateRoot: true, rootAccounts: [{ Id: '1', Email: 'x@y.z' }, { Id: '555566667777', Email: 'aws+tenant-acme@acme.example' }] }),
    ...STACK_SETS.map((name) => scenario(`stack-set-failure-${name}`, { failingStackSet: name })),
    scenario('creation-failure', { failureReason: 'INTERNAL_FAILURE' }),
    scenario('seeding-failure', { seedingFails: true }),
    scenario('resume', { registry: new FakeRegistry([registryItem('tenant-acme', { stage: 'BASELINED', status: 'FAILED', accountId: '222233334444' })]) }),
  ];
}

/** A registry item for a tenant at a given stage (for re-run scenarios). */
export function registryItem(tenantId: string, fields: Record<string, string>): any {
  return Object.fromEntries([['tenantId', { S: tenantId }], ...Object.entries(fields).map(([k, v]) => [k, { S: v }])]);
}


export const SUSPENDED_OU = 'ou-ab12-suspended';
export const DENY_ALL_POLICY = 'p-denyall01';

/** The retirement the demo and the tests use: the factory's registry and StackSets, a deny-all SCP. */
export function buildRetirementStack(): { stack: Stack; retirement: AccountRetirement; factory: AccountFactory } {
  const { stack, factory } = buildVendingStack();
  const retirement = new AccountRetirement(stack, 'Retirement', {
    registry: factory.registry,
    suspendedOuId: SUSPENDED_OU,
    denyAllPolicyId: DENY_ALL_POLICY,
    baselineStackSets: STACK_SETS.map((name) => BaselineStackSet.existing(name)),
    baselineRegions: ['us-east-1', 'eu-west-1'],
    closureQuota: 10,
  });
  return { stack, factory, retirement };
}

export interface RetirementWorldOptions {
  /** The tenants in the registry. @default tenant-acme, READY, account 222233334444 in the tenants OU */
  readonly registry?: FakeRegistry;
  /** The account's current parent. @default the tenants OU */
  readonly currentParent?: string;
  /** Seconds from CloseAccount until the account leaves PENDING_CLOSURE. @default 600 */
  readonly closureSeconds?: number;
  /**
   * The `Account.State` DescribeAccount reports at each check (by attempt, the last repeated) instead of
   * PENDING_CLOSURE then SUSPENDED. @default - PENDING_CLOSURE until closureSeconds, then SUSPENDED
   */
  readonly accountStates?: string[];
  /** Closures of the rolling window already used by other executions. @default none */
  readonly quotaHolders?: string[];
  /** Closures in progress held by other executions. @default none */
  readonly closureSlotHolders?: string[];
  /** Another closure finishes before this try for a slot. @default never */
  readonly closureSlotFreedAtAttempt?: number;
  /** Reset the registry at the start of every run, for fault sweeps. @default false */
  readonly freshPerRun?: boolean;
}

/** The simulated AWS side of a retirement run. */
export class RetirementWorld {
  public readonly registry: FakeRegistry;
  public readonly events: Array<{ DetailType: string; Detail: any }> = [];
  public readonly quotaReleasesStarted: unknown[] = [];
  private readonly checkTimes: number[];

  public constructor(public readonly options: RetirementWorldOptions = {}) {
    this.registry = options.registry ?? new FakeRegistry([
      registryItem('tenant-acme', { stage: 'READY', status: 'READY', accountId: '222233334444', organizationalUnitId: TARGET_OU, email: 'aws+tenant-acme@acme.example' }),
    ]);
    this.checkTimes = checkTimes(PollSchedule.geometricCheckTimes({
      firstCheck: Duration.minutes(1), growth: 1.5, maxInterval: Duration.minutes(15), timeout: Duration.hours(24),
    }));
  }

  public get eventTypes(): string[] {
    return this.events.map((event) => event.DetailType);
  }

  public mocks(): SimulatorMocks {
    const closureSeconds = this.options.closureSeconds ?? 600;
    const seed = (key: string, holders?: string[]) => {
      if (holders) this.registry.items.set(key, { tenantId: { S: key }, holders: { SS: [...holders] } });
    };
    return {
      integrations: {
        'dynamodb:getItem': (call: MockCall) => {
          if (this.options.freshPerRun && call.attempt === 0) this.registry.reset();
          return this.registry.getItem(call.input);
        },
        'dynamodb:updateItem': (call: MockCall) => {
          if (call.stateName === 'Reserve Closure Quota' && call.attempt === 0) seed('#closure-quota', this.options.quotaHolders);
          if (call.stateName === 'Acquire Closure Slot' && call.attempt === 0) seed('#closures-in-progress', this.options.closureSlotHolders);
          if (call.stateName === 'Acquire Closure Slot' && call.attempt === this.options.closureSlotFreedAtAttempt) {
            (this.registry.items.get('#closures-in-progress')!.holders.SS as string[]).shift();
          }
          return this.registry.updateItem(call.input, call.stateName);
        },
        'events:putEvents': (call: MockCall) => {
          for (const entry of (call.input as any).Entries) this.events.push({ DetailType: entry.DetailType, Detail: entry.Detail });
          return { FailedEntryCount: 0, Entries: [{ EventId: 'e' }] };
        },
        'cloudformation:deleteStackInstances': (call: MockCall) => ({ OperationId: `delete-${(call.input as any).StackSetName}` }),
        'organizations:listParents': () => ({ Parents: [{ Id: this.options.currentParent ?? TARGET_OU, Type: 'ORGANIZATIONAL_UNIT' }] }),
        'organizations:moveAccount': () => ({}),
        'organizations:attachPolicy': () => ({}),
        'organizations:closeAccount': () => ({}),
        'organizations:describeAccount': (call: MockCall) => {
          const now = this.checkTimes[Math.min(call.attempt, this.checkTimes.length - 1)];
          const states = this.options.accountStates;
          const state = states ? states[Math.min(call.attempt, states.length - 1)] : now < closureSeconds ? 'PENDING_CLOSURE' : 'SUSPENDED';
          // Since 2026-09-09 DescribeAccount returns `State` only: `Status` is retired (Organizations API reference, Account).
          return { Account: { Id: (call.input as any).AccountId, State: state } };
        },
        'states:startExecution': (call: MockCall) => {
          this.quotaReleasesStarted.push(call.input);
          return { ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:QuotaRelease:release-1', StartDate: '2026-11-24T07:00:00Z' };
        },
      },
    };
  }
}

/** Bulk onboarding over a factory holding creation slots, reading tenant lists from a bucket. */
export function buildBulkStack(): { stack: Stack; bulk: BulkOnboarding; factory: AccountFactory } {
  const { stack, factory } = buildVendingStack({ creationSlots: CreationSlots.of() });
  const bucket = new s3.Bucket(stack, 'TenantLists', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    serverAccessLogsPrefix: 'access-logs/',
  });
  const bulk = new BulkOnboarding(stack, 'Bulk', { factory, tenantListBucket: bucket, maxConcurrentVendings: 20, toleratedFailurePercentage: 10 });
  return { stack, bulk, factory };
}

/** A tenant list of `count` tenants. */
export function tenantList(count: number): Array<Record<string, unknown>> {
  return Array.from({ length: count }, (_v, i) => vendingInput(`tenant-${String(i + 1).padStart(4, '0')}`));
}

/**
 * Mocks for a bulk run: each nested vending execution succeeds with the tenant's account, except the
 * tenants listed in `failing`, which fail with the given named error (as the child would).
 */
export function bulkMocks(failing: Record<string, string> = {}, events: unknown[] = []): SimulatorMocks {
  return {
    integrations: {
      'states:startExecution': (call: MockCall) => {
        const input = (call.input as any).Input;
        const error = failing[input.tenantId];
        if (error) {
          throw new TaskFailure('States.TaskFailed', JSON.stringify({ Error: error, Cause: `tenant ${input.tenantId} failed` }));
        }
        return describedExecution({ output: { tenantId: input.tenantId, accountId: `9${input.tenantId.slice(-4)}00000000`, stage: 'READY', status: 'READY' } });
      },
      'events:putEvents': (call: MockCall) => {
        events.push(...(call.input as any).Entries);
        return { FailedEntryCount: 0, Entries: [{ EventId: 'e' }] };
      },
    },
  };
}

/**
 * The demo's scenarios, one happy path and one failure per workflow: build the stack, pick the state
 * machine, run `input` with `mocks()` (fresh mocks each call), expect `expectedError` (or success).
 * For BulkOnboarding pass `itemReaderItems` to the simulator.
 */
export const DEMO_SCENARIOS = {
  accountFactory: {
    build: () => buildVendingStack({ seedWithLambda: true }).factory.stateMachine,
    happy: { name: 'vend tenant-acme (5-minute creation, 3 StackSets)', input: vendingInput('tenant-acme'), mocks: () => new VendingWorld({ creationSeconds: 300 }).mocks() },
    failure: {
      name: 'a stack instance fails in eu-west-1',
      input: vendingInput('tenant-globex'),
      mocks: () => new VendingWorld({ creationSeconds: 300, failingStackSet: 'tenant-network' }).mocks(),
      expectedError: 'Statecraft.StackSetDeploymentFailed',
    },
  },
  accountRetirement: {
    build: () => buildRetirementStack().retirement.stateMachine,
    happy: { name: 'retire tenant-acme (10-minute closure)', input: { tenantId: 'tenant-acme' }, mocks: () => new RetirementWorld({ closureSeconds: 600 }).mocks() },
    failure: {
      name: 'the rolling closure quota is used up',
      input: { tenantId: 'tenant-acme' },
      mocks: () => new RetirementWorld({ quotaHolders: Array.from({ length: 10 }, (_v, i) => `retire-other-${i}`) }).mocks(),
      expectedError: 'Statecraft.ClosureQuotaExceeded',
    },
  },
  bulkOnboarding: {
    build: () => buildBulkStack().bulk.stateMachine,
    itemReaderItems: { 'Vend Each Tenant': tenantList(12) },
    happy: { name: 'onboard 12 tenants', input: { key: 'lists/tenants.json' }, mocks: () => bulkMocks() },
    failure: {
      name: 'StartExecution refused for every tenant',
      input: { key: 'lists/tenants.json' },
      mocks: (): SimulatorMocks => ({ integrations: { ...bulkMocks().integrations, 'states:startExecution': { throw: { error: 'StepFunctions.ExecutionLimitExceeded', cause: 'too many executions' } } } }),
      expectedError: 'Statecraft.BulkOnboardingFailed',
    },
  },
};

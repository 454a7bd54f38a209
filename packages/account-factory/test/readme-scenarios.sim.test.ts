/**
 * Scenarios written from packages/account-factory/README.md alone, as a new user would: the README's example
 * factory in a fresh stack, synthesized and run locally with @statecraft/testing, checked against what the README
 * promises (output, named errors and causes, events, defaults, limits, IAM).
 */
// eslint-disable-next-line import/no-extraneous-dependencies -- imported by its published name, as a README reader does
import {
  AccountFactory, AccountRetirement, BaselineStackSet, BulkOnboarding, CreationSlots, TenantListFormat, TenantSeeding,
} from '@statecraft/account-factory';
import {
  describedExecution, ExecutionResult, executionStatusChangeEvent, InMemoryS3ObjectSource, installMatchers, MockCall,
  SimulatorMocks, SimulatorOptions, TaskFailure, WorkflowDefinition, WorkflowSimulator,
} from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';

installMatchers();

/**
 * A simulator for these README checks. Each workflow's coverage is proven by its own test files, so these runs write
 * no coverage report (scripts/workflow-coverage.js gates the reports).
 */
function readmeCheck(definition: WorkflowDefinition, options: SimulatorOptions = {}): WorkflowSimulator {
  return new WorkflowSimulator(definition, { ...options, writeCoverageReport: false });
}

/** The README's "Example" factory; `creationSlots` off shows the plain defaults of "What it builds". */
function buildFactory(withCreationSlots: boolean) {
  const app = new App();
  const stack = new Stack(app, 'TenantAccounts', { env: { account: '111111111111', region: 'us-east-1' } });
  const factory = new AccountFactory(stack, 'Factory', {
    organizationRootId: 'r-ab12',
    baselineStackSets: [
      BaselineStackSet.existing('tenant-network'),
      BaselineStackSet.existing('tenant-iam-roles'),
      BaselineStackSet.existing('tenant-logging'),
    ],
    baselineRegions: ['us-east-1', 'eu-west-1'],
    seeding: TenantSeeding.lambdaFunction(lambda.Function.fromFunctionName(stack, 'Seeder', 'seed-tenant')),
    tenantIdPattern: 'tenant-*',
    creationSlots: withCreationSlots ? CreationSlots.of() : undefined,
  });
  return { stack, factory };
}

const example = buildFactory(true);
const plain = buildFactory(false);
const definition = WorkflowDefinition.fromStateMachine(example.factory.stateMachine, { name: 'readme-scenarios-factory' });
const plainDefinition = WorkflowDefinition.fromStateMachine(plain.factory.stateMachine, { name: 'readme-scenarios-factory-plain' });

/** The input of the README's "Start a vending" command. */
const acme = {
  tenantId: 'tenant-acme',
  accountName: 'Acme',
  email: 'aws+acme@example.com',
  organizationalUnitId: 'ou-ab12-tenants1',
  tags: [{ Key: 'tenant', Value: 'acme' }],
  parameters: { plan: 'enterprise' },
};
const ACCOUNT_ID = '222222222222';

interface Published { source: string; detailType: string; detail: Record<string, unknown> }

/** Healthy AWS answers; `overrides` replace single states. Events put on the bus are collected in `published`. */
function mocks(published: Published[] = [], overrides: SimulatorMocks['states'] = {}): SimulatorMocks {
  return {
    states: {
      // Record Ready asks for ReturnValues ALL_NEW; DynamoDB then returns the item's attributes.
      'Record Ready': (call: MockCall) => ({
        Attributes: {
          tenantId: (call.input as any).Key.tenantId, accountId: { S: ACCOUNT_ID }, stage: { S: 'READY' }, status: { S: 'READY' },
        },
      }),
      ...overrides,
    },
    integrations: {
      'dynamodb:updateItem': { return: {} },
      'dynamodb:getItem': { return: {} },
      'events:putEvents': (call: MockCall) => {
        for (const e of (call.input as any).Entries) {
          published.push({ source: e.Source, detailType: e.DetailType, detail: e.Detail });
        }
        return { FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] };
      },
      'organizations:createAccount': { return: { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } } },
      'organizations:describeCreateAccountStatus': {
        return: { CreateAccountStatus: { Id: 'car-1', State: 'SUCCEEDED', AccountId: ACCOUNT_ID } },
      },
      'organizations:moveAccount': { return: {} },
      'cloudformation:createStackInstances': { return: { OperationId: 'op-1' } },
      'cloudformation:describeStackSetOperation': { return: { StackSetOperation: { Status: 'SUCCEEDED' } } },
      'lambda:invoke': { return: { StatusCode: 200, Payload: { seeded: true } } },
    },
  };
}

const creationFailsWith = (reason: string) => ({
  'Check Account Creation': { return: { CreateAccountStatus: { Id: 'car-1', State: 'FAILED', FailureReason: reason } } },
});

describe('README "What it builds" (the vending workflow) with the "Example" input', () => {
  test('step 6: the output is { tenantId, accountId, stage: "READY", status: "READY" }', async () => {
    const result = await readmeCheck(definition, { mocks: mocks() }).run(acme, { executionName: 'vend-tenant-acme' });
    expect(result).toSucceed();
    expect(result.output).toEqual({ tenantId: 'tenant-acme', accountId: ACCOUNT_ID, stage: 'READY', status: 'READY' });
    expect(result.taskInvocations['organizations:createAccount']).toBe(1);
    // Step 5: every StackSet gets a stack instance for the account at once.
    expect(result.taskInvocations['cloudformation:createStackInstances']).toBe(3);
  });

  test('"Lifecycle events": Requested, Created, Baselined, Ready, from source statecraft.account-factory, with the documented details', async () => {
    const published: Published[] = [];
    const result = await readmeCheck(definition, { mocks: mocks(published) }).run(acme);
    expect(result).toSucceed();
    expect(published.map((e) => e.detailType)).toEqual([
      'Account Vending Requested', 'Account Created', 'Account Baselined', 'Account Ready',
    ]);
    expect(new Set(published.map((e) => e.source))).toEqual(new Set(['statecraft.account-factory']));
    const [requested, created, baselined, ready] = published.map((e) => e.detail);
    expect(requested).toMatchObject({ tenantId: 'tenant-acme', stage: 'REQUESTED', accountName: 'Acme', organizationalUnitId: 'ou-ab12-tenants1' });
    expect(created).toMatchObject({ tenantId: 'tenant-acme', stage: 'ACCOUNT_CREATED', accountId: ACCOUNT_ID });
    expect(baselined).toMatchObject({ tenantId: 'tenant-acme', stage: 'BASELINED', accountId: ACCOUNT_ID });
    expect(ready).toMatchObject({ tenantId: 'tenant-acme', stage: 'READY', accountId: ACCOUNT_ID });
    for (const detail of [requested, created, baselined, ready]) expect(detail.executionArn).toEqual(expect.stringContaining(':execution:'));
  });

  test('step 3: "first check at 144 s" (without CreationSlots); baseline checked every minute', async () => {
    const result = await readmeCheck(plainDefinition, { mocks: mocks() }).run(acme);
    expect(result).toSucceed();
    // An account active at the first check: 144 s of creation wait plus one 60 s baseline wait.
    expect(result.elapsedSeconds).toBe(144 + 60);
  });

  test('step 3 and "Defaults": with CreationSlots (the Example), the first check is at 4 minutes', async () => {
    const result = await readmeCheck(definition, { mocks: mocks() }).run(acme);
    expect(result).toSucceed();
    expect(result.elapsedSeconds).toBe(240 + 60);
  });

  test('step 3: still IN_PROGRESS after 2 hours ends in Statecraft.AccountCreationTimedOut', async () => {
    const result = await readmeCheck(plainDefinition, {
      mocks: mocks([], { 'Check Account Creation': { return: { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } } } }),
    }).run(acme);
    expect(result).toFailWith('Statecraft.AccountCreationTimedOut');
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(7200);
    expect(result.elapsedSeconds).toBeLessThan(7200 + 300);
  });
});

describe('README "Named errors"', () => {
  test('Statecraft.InvalidInput: a tenantId off tenantIdPattern is refused before any side effect, the cause names it', async () => {
    const result = await readmeCheck(definition, { mocks: mocks() }).run({ ...acme, tenantId: 'acme' });
    expect(result).toFailWith('Statecraft.InvalidInput', "Input field 'tenantId' is invalid");
    expect(result.taskInvocations).toEqual({});
  });

  test('Statecraft.InvalidInput: "CreateAccount\'s input limits ... checked in the input, before the tenant is registered"', async () => {
    const result = await readmeCheck(definition, { mocks: mocks() })
      .run({ ...acme, accountName: 'A'.repeat(51), tags: Array.from({ length: 51 }, (_, i) => ({ Key: `k${i}`, Value: 'v' })) });
    expect(result).toFailWith('Statecraft.InvalidInput');
    // Every invalid field at once, joined by '; '.
    expect(result.cause).toContain("Input field 'tags' is invalid");
    expect(result.cause).toContain("; Input field 'accountName' is invalid");
    expect(result.taskInvocations).toEqual({});
  });

  test.each([
    ['ACCOUNT_LIMIT_EXCEEDED', 'Statecraft.AccountLimitExceeded'],
    ['INVALID_EMAIL', 'Statecraft.InvalidAccountDetails'],
    ['CONCURRENT_ACCOUNT_MODIFICATION', 'Statecraft.ConcurrentAccountModification'],
    ['INTERNAL_FAILURE', 'Statecraft.AccountCreationInternalFailure'],
    ['PENDING_BUSINESS_VALIDATION', 'Statecraft.BusinessValidationFailed'],
    ['INVALID_PAYMENT_INSTRUMENT', 'Statecraft.PaymentInstrumentRequired'],
    ['GOVCLOUD_ACCOUNT_ALREADY_EXISTS', 'Statecraft.GovCloudAccountAlreadyExists'],
  ])('FailureReason %s ends in %s', async (reason, error) => {
    const result = await readmeCheck(definition, { mocks: mocks([], creationFailsWith(reason)) }).run(acme);
    expect(result).toFailWith(error);
    expect(result.taskInvocations['organizations:moveAccount']).toBeUndefined();
  });

  test('Statecraft.AccountCreationFailed: any other FailureReason, "the cause names it"', async () => {
    const result = await readmeCheck(definition, { mocks: mocks([], creationFailsWith('UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED')) }).run(acme);
    expect(result).toFailWith('Statecraft.AccountCreationFailed', 'UPDATE_EXISTING_RESOURCE_POLICY_WITH_TAGS_NOT_SUPPORTED');
  });

  test('Statecraft.EmailAlreadyExists: EMAIL_ALREADY_EXISTS and the account is not in the organization\'s root', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks([], {
        ...creationFailsWith('EMAIL_ALREADY_EXISTS'),
        'Find Account In Root': { return: { Accounts: [{ Id: '333333333333', Email: 'someone@example.com' }] } },
      }),
    }).run(acme);
    expect(result).toFailWith('Statecraft.EmailAlreadyExists');
  });

  test('Statecraft.StackSetDeploymentFailed: a FAILED operation, "the cause lists the failed stack instances"', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks([], {
        'Check tenant-iam-roles': { return: { StackSetOperation: { Status: 'FAILED' } } },
        'List Failures Of tenant-iam-roles': {
          return: { Summaries: [{ Account: ACCOUNT_ID, Region: 'eu-west-1', Status: 'FAILED', StatusReason: 'Role already exists' }] },
        },
      }),
    }).run(acme);
    expect(result).toFailWith('Statecraft.StackSetDeploymentFailed');
    expect(result.cause).toContain('tenant-iam-roles');
    expect(result.cause).toContain('eu-west-1');
    expect(result.cause).toContain('Role already exists');
  });

  test('Statecraft.TenantSeedingFailed: "the cause carries its error"', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks([], { 'Seed Tenant Data': () => { throw new TaskFailure('SeedError', 'plan enterprise unknown'); } }),
    }).run(acme);
    expect(result).toFailWith('Statecraft.TenantSeedingFailed', 'SeedError');
    expect(result.cause).toContain('plan enterprise unknown');
  });

  test('Statecraft.TenantRetired: "a retired tenant is never vended again"', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks([], {
        'Register Tenant': { throw: { error: 'DynamoDb.ConditionalCheckFailedException', cause: 'The conditional request failed' } },
        'Load Tenant': { return: { Item: { tenantId: { S: 'tenant-acme' }, stage: { S: 'RETIRED' }, status: { S: 'RETIRED' }, accountId: { S: ACCOUNT_ID } } } },
      }),
    }).run(acme);
    expect(result).toFailWith('Statecraft.TenantRetired');
    expect(result.taskInvocations['organizations:createAccount']).toBeUndefined();
  });
});

describe('README "Tenant registry": a re-run "never creates a second account"', () => {
  test('a tenant the registry holds as READY is reported as is, without CreateAccount', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks([], {
        'Register Tenant': { throw: { error: 'DynamoDb.ConditionalCheckFailedException', cause: 'The conditional request failed' } },
        'Load Tenant': { return: { Item: { tenantId: { S: 'tenant-acme' }, stage: { S: 'READY' }, status: { S: 'READY' }, accountId: { S: ACCOUNT_ID } } } },
      }),
    }).run(acme, { executionName: 'vend-tenant-acme-2' });
    expect(result).toSucceed();
    expect(result.output).toMatchObject({ tenantId: 'tenant-acme', accountId: ACCOUNT_ID, stage: 'READY', status: 'READY' });
    expect(result.taskInvocations['organizations:createAccount']).toBeUndefined();
  });

  test('a recorded CreateAccount request is waited for again, never created twice', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks([], {
        'Register Tenant': { throw: { error: 'DynamoDb.ConditionalCheckFailedException', cause: 'The conditional request failed' } },
        'Load Tenant': { return: { Item: { tenantId: { S: 'tenant-acme' }, stage: { S: 'CREATING' }, status: { S: 'IN_PROGRESS' }, createAccountRequestId: { S: 'car-1' } } } },
      }),
    }).run(acme);
    expect(result).toSucceed();
    expect(result.taskInvocations['organizations:createAccount']).toBeUndefined();
    expect(result.taskInvocations['organizations:describeCreateAccountStatus']).toBeGreaterThanOrEqual(1);
  });
});

describe('README "Limits it respects"', () => {
  test('CreateAccount retries TooManyRequestsException 10 times', async () => {
    const throttledTimes = (n: number) => mocks([], {
      'Create Account': (call: MockCall) => {
        if (call.attempt < n) throw new TaskFailure('Organizations.TooManyRequestsException', 'AWS Organizations can\'t complete your request because another request is already in progress');
        return { CreateAccountStatus: { Id: 'car-1', State: 'IN_PROGRESS' } };
      },
    });
    const recovered = await readmeCheck(definition, { mocks: throttledTimes(10) }).run(acme);
    expect(recovered).toSucceed();
    expect(recovered.taskInvocations['organizations:createAccount']).toBe(11);
    const exhausted = await readmeCheck(definition, { mocks: throttledTimes(11) }).run(acme);
    // "A vending failure that is not one of these is the AWS error itself (after its retries), unchanged".
    expect(exhausted).toFailWith('Organizations.TooManyRequestsException');
  });
});

describe('README "Defaults" and "IAM statements that must use *"', () => {
  const template = Template.fromStack(example.stack);

  test('the registry is a DynamoDB table, pay per request, point-in-time recovery, retained on delete', () => {
    const tables = template.findResources('AWS::DynamoDB::Table');
    expect(Object.keys(tables)).toHaveLength(1);
    const [table] = Object.values(tables) as any[];
    expect(table.Properties).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      KeySchema: [{ AttributeName: 'tenantId', KeyType: 'HASH' }],
    });
    expect(table.DeletionPolicy).toBe('Retain');
  });

  test('organizations:CreateAccount and DescribeCreateAccountStatus are the Organizations actions on *', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const onStar = statements.filter((s: any) => s.Resource === '*')
      .flatMap((s: any) => [s.Action].flat())
      .filter((a: string) => a.startsWith('organizations:'))
      .map((a: string) => a.toLowerCase()); // IAM action names are case-insensitive
    expect(new Set(onStar)).toEqual(new Set(['organizations:createaccount', 'organizations:describecreateaccountstatus']));
  });
});

describe('README "What it builds" (AccountRetirement) with the Example\'s retirement', () => {
  const stack = new Stack(new App(), 'Retirements', { env: { account: '111111111111', region: 'us-east-1' } });
  const factory = new AccountFactory(stack, 'Factory', { organizationRootId: 'r-ab12', baselineStackSets: [BaselineStackSet.existing('tenant-network')] });
  const retirement = new AccountRetirement(stack, 'Retirement', {
    registry: factory.registry,
    suspendedOuId: 'ou-ab12-suspended',
    denyAllPolicyId: 'p-denyall01',
    baselineStackSets: [BaselineStackSet.existing('tenant-network')],
    closureQuota: 10,
  });
  const retire = WorkflowDefinition.fromStateMachine(retirement.stateMachine, { name: 'readme-scenarios-retirement' });
  const tenantItem = {
    Item: {
      tenantId: { S: 'tenant-acme' },
      accountId: { S: ACCOUNT_ID },
      stage: { S: 'READY' },
      status: { S: 'READY' },
      organizationalUnitId: { S: 'ou-ab12-tenants1' },
    },
  };

  function retirementMocks(published: Published[] = [], overrides: SimulatorMocks['states'] = {}, calls: string[] = []): SimulatorMocks {
    const base = mocks(published);
    return {
      states: {
        'Load Tenant': { return: tenantItem },
        'Mark Retired': () => ({ Attributes: { ...tenantItem.Item, stage: { S: 'RETIRED' }, status: { S: 'RETIRED' } } }),
        'Check Account Status': { return: { Account: { Id: ACCOUNT_ID, State: 'SUSPENDED' } } },
        ...overrides,
      },
      integrations: {
        ...base.integrations,
        'cloudformation:deleteStackInstances': { return: { OperationId: 'op-del' } },
        'organizations:listParents': { return: { Parents: [{ Id: 'ou-ab12-tenants1', Type: 'ORGANIZATIONAL_UNIT' }] } },
        'organizations:attachPolicy': { return: {} },
        'organizations:closeAccount': () => { calls.push('closeAccount'); return {}; },
        'states:startExecution': { return: { ExecutionArn: 'arn:aws:states:us-east-1:111111111111:execution:release:r', StartDate: 0 } },
      },
    };
  }

  test('quarantines, closes and retires: events Account Quarantined then Account Retired', async () => {
    const published: Published[] = [];
    const calls: string[] = [];
    const result = await readmeCheck(retire, { mocks: retirementMocks(published, {}, calls) }).run({ tenantId: 'tenant-acme' });
    expect(result).toSucceed();
    expect(calls).toEqual(['closeAccount']);
    expect(published.map((e) => e.detailType)).toEqual(['Account Quarantined', 'Account Retired']);
    expect(published[1].detail).toMatchObject({ tenantId: 'tenant-acme', stage: 'RETIRED', accountId: ACCOUNT_ID });
  });

  test('Statecraft.TenantNotFound: a tenant with no account in the registry', async () => {
    const result = await readmeCheck(retire, { mocks: retirementMocks([], { 'Load Tenant': { return: {} } }) }).run({ tenantId: 'tenant-ghost' });
    expect(result).toFailWith('Statecraft.TenantNotFound', 'tenant-ghost');
  });

  test('Statecraft.ClosureQuotaExceeded: the quota is used up; the account stays quarantined (never closed)', async () => {
    const calls: string[] = [];
    const result = await readmeCheck(retire, {
      mocks: retirementMocks([], {
        'Reserve Closure Quota': { throw: { error: 'DynamoDb.ConditionalCheckFailedException', cause: 'The conditional request failed' } },
      }, calls),
    }).run({ tenantId: 'tenant-acme' });
    expect(result).toFailWith('Statecraft.ClosureQuotaExceeded');
    expect(calls).toEqual([]);
  });

  test('Statecraft.AccountRetirementFailed: the closure was not confirmed within 24 hours; Account Retirement Failed is published', async () => {
    const published: Published[] = [];
    const result = await readmeCheck(retire, {
      mocks: retirementMocks(published, { 'Check Account Status': { return: { Account: { Id: ACCOUNT_ID, State: 'PENDING_CLOSURE' } } } }),
    }).run({ tenantId: 'tenant-acme' });
    expect(result).toFailWith('Statecraft.AccountRetirementFailed');
    expect(result.elapsedSeconds).toBeGreaterThanOrEqual(24 * 3600);
    const failed = published.find((e) => e.detailType === 'Account Retirement Failed')!;
    expect(failed.detail).toMatchObject({ tenantId: 'tenant-acme', error: 'Statecraft.AccountRetirementFailed' });
  });

  test('"Defaults": 3 days overall (timeout)', () => {
    expect((retire.asl as any).TimeoutSeconds).toBe(3 * 24 * 3600);
  });
});

describe('README "What it builds" (BulkOnboarding) and "Input"', () => {
  const build = (format?: TenantListFormat) => {
    const stack = new Stack(new App(), 'Bulk', { env: { account: '111111111111', region: 'us-east-1' } });
    const factory = new AccountFactory(stack, 'Factory', {
      organizationRootId: 'r-ab12', baselineStackSets: [BaselineStackSet.existing('tenant-network')], creationSlots: CreationSlots.of(),
    });
    const lists = s3.Bucket.fromBucketName(stack, 'TenantLists', 'acme-tenant-lists');
    const bulk = new BulkOnboarding(stack, 'Bulk', { factory, tenantListBucket: lists, format });
    return WorkflowDefinition.fromStateMachine(bulk.stateMachine, { name: `readme-scenarios-bulk-${format ?? 'json'}` });
  };
  const jsonBulk = build();
  const tenants = ['a', 'b', 'c'].map((t) => ({ ...acme, tenantId: `tenant-${t}`, email: `aws+${t}@example.com` }));

  const vendedChild = (failing: string[] = []) => (call: MockCall) => {
    const tenant = (call.input as any).Input;
    if (failing.includes(tenant.tenantId)) {
      throw new TaskFailure('States.TaskFailed', JSON.stringify({ ...describedExecution({ status: 'FAILED' }), Error: 'Statecraft.EmailAlreadyExists', Cause: 'taken' }));
    }
    return describedExecution({ output: { tenantId: tenant.tenantId, accountId: ACCOUNT_ID, stage: 'READY', status: 'READY' } });
  };
  const run = async (bulkDefinition: WorkflowDefinition, list: string, key: string, failing: string[] = []) => {
    const published: Published[] = [];
    const s3Objects = new InMemoryS3ObjectSource({ 'acme-tenant-lists': { [key]: list } });
    const result = await readmeCheck(bulkDefinition, {
      mocks: { states: { 'Vend Tenant Account': vendedChild(failing) }, integrations: { 'events:putEvents': mocks(published).integrations!['events:putEvents'] } },
      s3: s3Objects,
    }).run({ key });
    return { result, published, s3Objects };
  };

  test('{ "key": "lists/tenants.json" } vends every tenant and publishes Bulk Onboarding Completed with the report', async () => {
    const { result, published } = await run(jsonBulk, JSON.stringify(tenants), 'lists/tenants.json');
    expect(result).toSucceed();
    expect(result.taskInvocations['states:startExecution']).toBe(3);
    expect(published.map((e) => e.detailType)).toEqual(['Bulk Onboarding Completed']);
    expect(published[0].detail).toMatchObject({ tenantListKey: 'lists/tenants.json', reportBucket: 'acme-tenant-lists' });
    expect(published[0].detail.mapRun).toBeDefined();
  });

  test('a CSV list with the header tenantId,accountName,email,organizationalUnitId (format: TenantListFormat.CSV)', async () => {
    const csv = ['tenantId,accountName,email,organizationalUnitId', ...tenants.map((t) => `${t.tenantId},${t.accountName},${t.email},${t.organizationalUnitId}`)].join('\n');
    const { result } = await run(build(TenantListFormat.CSV), csv, 'lists/tenants.csv');
    expect(result).toSucceed();
    expect(result.taskInvocations['states:startExecution']).toBe(3);
  });

  test('Statecraft.BulkOnboardingFailed: more than 10% of the tenants failed; Bulk Onboarding Failed is published', async () => {
    const { result, published } = await run(jsonBulk, JSON.stringify(tenants), 'lists/tenants.json', ['tenant-b']);
    expect(result).toFailWith('Statecraft.BulkOnboardingFailed');
    expect(published.map((e) => e.detailType)).toEqual(['Bulk Onboarding Failed']);
    expect(published[0].detail).toMatchObject({ tenantListKey: 'lists/tenants.json' });
  });

  test('"Defaults": up to 10% failed tenants are tolerated (1 of 20)', async () => {
    const twenty = Array.from({ length: 20 }, (_, i) => ({ ...acme, tenantId: `tenant-${i}`, email: `aws+${i}@example.com` }));
    const { result } = await run(jsonBulk, JSON.stringify(twenty), 'lists/tenants.json', ['tenant-7']);
    expect(result).toSucceed();
  });

  test('Statecraft.InvalidInput without a key, before any side effect', async () => {
    const result = await readmeCheck(jsonBulk, {
      mocks: { states: { 'Vend Tenant Account': vendedChild() } },
      s3: new InMemoryS3ObjectSource({ 'acme-tenant-lists': {} }),
    }).run({});
    expect(result).toFailWith('Statecraft.InvalidInput', "Input field 'key'");
    expect(result.taskInvocations).toEqual({});
  });
});

describe('README "What it builds": the failure bookkeeping after a failed vending', () => {
  const bookkeeping = WorkflowDefinition.fromStateMachine(example.factory.failureBookkeeping.stateMachine, { name: 'readme-scenarios-bookkeeping' });

  async function failedVending(): Promise<ExecutionResult> {
    return readmeCheck(definition, { mocks: mocks([], creationFailsWith('ACCOUNT_LIMIT_EXCEEDED')) }).run(acme, { executionName: 'vend-tenant-acme' });
  }

  test('gives back the creation slot, records status FAILED with the error, publishes Account Vending Failed', async () => {
    const failed = await failedVending();
    const published: Published[] = [];
    const updates: any[] = [];
    const base = mocks(published);
    const result = await readmeCheck(bookkeeping, {
      mocks: {
        integrations: {
          ...base.integrations,
          'dynamodb:updateItem': (call: MockCall) => { updates.push(call.input); return {}; },
        },
      },
    }).run(executionStatusChangeEvent(failed));
    expect(result).toSucceed();
    const tenantUpdate = updates.find((u) => u.Key.tenantId.S === 'tenant-acme');
    expect(JSON.stringify(tenantUpdate)).toContain('"FAILED"');
    expect(JSON.stringify(tenantUpdate)).toContain('Statecraft.AccountLimitExceeded');
    expect(updates.some((u) => u.Key.tenantId.S === '#creation-slots')).toBe(true);
    const event = published.find((e) => e.detailType === 'Account Vending Failed')!;
    expect(event.detail).toMatchObject({ tenantId: 'tenant-acme', error: 'Statecraft.AccountLimitExceeded', redriveCount: 0 });
    expect(event.detail.executionArn).toContain('vend-tenant-acme');
    expect(event.detail.cause).toContain('ACCOUNT_LIMIT_EXCEEDED');
  });

  test('Statecraft.VendingFailureNotRecorded when the event left the failed execution\'s input out', async () => {
    const failed = await failedVending();
    // EventBridge leaves `input` out of a status-change event over 256 KiB ("Step Functions Execution Status Change"
    // events, AWS Step Functions Developer Guide, "Automating Step Functions event delivery with EventBridge").
    const event = executionStatusChangeEvent(failed, { input: null, inputDetails: { included: false } } as any);
    const result = await readmeCheck(bookkeeping, { mocks: { integrations: mocks().integrations } }).run(event);
    expect(result).toFailWith('Statecraft.VendingFailureNotRecorded');
  });
});

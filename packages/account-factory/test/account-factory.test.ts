import { PollSchedule, ProcessMonitoring } from '@statecraft/process-orchestration';
import { describedExecution, installMatchers, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactory, AccountRetirement, BaselineStackSet, StackSetCallAs, StackSetPermissionModel, TenantRegistry, TenantSeeding } from '../src';
import { ROOT_ID, VendingWorld, accountFactoryProps, buildBulkStack, buildVendingStack, vendingInput } from './scenarios';

installMatchers();

/** Every statement of the state machine's role policy, with its resources resolved to strings. */
function statements(stack: Stack, role = 'FactoryOrchestratorStateMachineRoleDefaultPolicy'): Array<{ Action: string | string[]; Resource: any }> {
  const template = Template.fromStack(stack);
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.entries(policies)
    .filter(([id]) => id.includes(role))
    .flatMap(([, policy]: [string, any]) => policy.Properties.PolicyDocument.Statement);
}
const actionsOf = (statement: { Action: string | string[] }) => [statement.Action].flat();

describe('IAM: least privilege', () => {
  const { stack } = buildVendingStack({ seedWithLambda: true });
  const all = statements(stack);
  const find = (action: string) => all.filter((statement) => actionsOf(statement).includes(action));

  test('the only statements on "*" are the Organizations calls without resource-level permissions, X-Ray and log delivery', () => {
    const star = all.filter((statement) => statement.Resource === '*').flatMap(actionsOf).sort();
    expect(star).toEqual([
      'logs:CreateLogDelivery', 'logs:DeleteLogDelivery', 'logs:DescribeLogGroups', 'logs:DescribeResourcePolicies', 'logs:GetLogDelivery',
      'logs:ListLogDeliveries', 'logs:PutResourcePolicy', 'logs:UpdateLogDelivery',
      'organizations:createAccount', 'organizations:describeCreateAccountStatus',
      'xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ].sort());
  });

  test('DynamoDB access is to the registry table only, and only GetItem and UpdateItem', () => {
    const dynamo = all.filter((statement) => actionsOf(statement).some((action) => action.startsWith('dynamodb:')));
    expect(dynamo.flatMap(actionsOf).sort()).toEqual(expect.arrayContaining(['dynamodb:getItem', 'dynamodb:updateItem']));
    expect(new Set(dynamo.flatMap(actionsOf))).toEqual(new Set(['dynamodb:getItem', 'dynamodb:updateItem']));
    for (const statement of dynamo) {
      expect(JSON.stringify(statement.Resource)).toContain('FactoryRegistryTable');
    }
  });

  test('MoveAccount is scoped to this management account\'s accounts, the organization root and OUs', () => {
    const [move] = find('organizations:moveAccount');
    const resources = JSON.stringify(move.Resource);
    expect(resources).toContain(':organizations::111111111111:account/o-*/*');
    expect(resources).toContain(`:organizations::111111111111:root/o-*/${ROOT_ID}`);
    expect(resources).toContain(':organizations::111111111111:ou/o-*/ou-*');
  });

  test('StackSet calls name each baseline StackSet', () => {
    // One statement per StackSet, each naming it.
    const resources = JSON.stringify(find('cloudformation:createStackInstances').map((statement) => statement.Resource));
    for (const name of ['tenant-network', 'tenant-iam-roles', 'tenant-logging']) {
      expect(resources).toContain(`stackset/${name}:*`);
    }
    expect(resources).not.toContain('stackset/*');
  });

  test('events go to the default bus only; the seeding Lambda is the named function', () => {
    const [put] = find('events:PutEvents');
    expect(JSON.stringify(put.Resource)).toContain(':event-bus/default');
    const [invoke] = find('lambda:InvokeFunction');
    expect(JSON.stringify(invoke.Resource)).toContain('function:seed-tenant');
  });
});

describe('failure bookkeeping', () => {
  const { stack } = buildVendingStack({ creationSlots: undefined });
  const template = Template.fromStack(stack);

  test('runs when a vending execution ends FAILED, TIMED_OUT or ABORTED, with a dead-letter queue for undelivered events', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.states'],
        'detail-type': ['Step Functions Execution Status Change'],
        'detail': { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: Match.stringLikeRegexp('^FactoryOrchestratorStateMachine') }] },
      },
      Targets: [Match.objectLike({
        Arn: { Ref: Match.stringLikeRegexp('^FactoryFailureBookkeepingOrchestratorStateMachine') },
        DeadLetterConfig: Match.objectLike({ Arn: Match.anyValue() }),
      })],
    });
  });

  test('may only update the registry item and publish to the bus: no Organizations, StackSets or seeding access', () => {
    const bookkeeping = statements(stack, 'FactoryFailureBookkeepingOrchestratorStateMachineRoleDefaultPolicy');
    const actions = bookkeeping.flatMap(actionsOf).filter((action) => !action.startsWith('logs:') && !action.startsWith('xray:'));
    expect(new Set(actions)).toEqual(new Set(['dynamodb:updateItem', 'events:PutEvents']));
    const update = bookkeeping.find((statement) => actionsOf(statement).includes('dynamodb:updateItem'))!;
    expect(JSON.stringify(update.Resource)).toContain('FactoryRegistryTable');
  });

  test("a failure of the bookkeeping itself notifies the factory's topic", () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'], stateMachineArn: [{ Ref: Match.stringLikeRegexp('^FactoryFailureBookkeeping') }] } }),
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('^FactoryOrchestratorNotificationsTopic') } })],
    });
  });
});

describe('template', () => {
  test('the registry is a pay-per-request table keyed by tenantId, with point-in-time recovery, kept on delete', () => {
    const { stack } = buildVendingStack();
    const template = Template.fromStack(stack);
    template.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'tenantId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('the state machine logs everything, traces, and times out after the creation schedule plus 2 hours', () => {
    const { stack, factory } = buildVendingStack();
    Template.fromStack(stack).hasResourceProperties('AWS::StepFunctions::StateMachine', {
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: true },
    });
    const asl = WorkflowDefinition.fromStateMachine(factory.stateMachine).asl;
    expect(asl.TimeoutSeconds).toBe(2 * 3600 + 2 * 3600);
  });

  test('no Lambda function on the provisioning path: every Task is a direct service integration', () => {
    const { factory } = buildVendingStack();
    const definition = WorkflowDefinition.fromStateMachine(factory.stateMachine);
    const resources = definition.states.filter((s) => s.state.Type === 'Task').map((s) => String(s.state.Resource));
    expect(resources.filter((resource) => resource.includes(':lambda:'))).toEqual([]);
    expect(resources.every((resource) => resource.startsWith('arn:aws:states:::'))).toBe(true);
  });

  test('the definition stays far below the 1 MB limit (each task lists only its own service\'s retryable errors)', () => {
    const { factory } = buildVendingStack({ seedWithLambda: true });
    expect(WorkflowDefinition.fromStateMachine(factory.stateMachine).toJson().length).toBeLessThan(150_000);
  });

  test('CreateAccount retries Organizations contention first, with backoff, a cap and full jitter', () => {
    const { factory } = buildVendingStack();
    const create = WorkflowDefinition.fromStateMachine(factory.stateMachine).state('Create Account').state as any;
    expect(create.Retry[0]).toEqual(expect.objectContaining({
      ErrorEquals: ['Organizations.TooManyRequestsException', 'Organizations.ConcurrentModificationException'],
      BackoffRate: 2,
      MaxDelaySeconds: 120,
      JitterStrategy: 'FULL',
      MaxAttempts: 10,
    }));
  });

  test('a template baseline becomes a service-managed StackSet with managed execution and no automatic deployment', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    new AccountFactory(stack, 'Factory', accountFactoryProps({
      baselineStackSets: [BaselineStackSet.fromTemplateBody('tenant-tags', '{"Resources":{}}'), BaselineStackSet.existing('shared', {
        permissionModel: StackSetPermissionModel.SELF_MANAGED, callAs: StackSetCallAs.SELF,
      })],
    }));
    Template.fromStack(stack).hasResourceProperties('AWS::CloudFormation::StackSet', {
      StackSetName: 'tenant-tags', PermissionModel: 'SERVICE_MANAGED', AutoDeployment: { Enabled: false }, ManagedExecution: { Active: true },
    });
  });

  test('lifecycle events can also go to an SNS topic through a rule on the bus', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    const topic = new sns.Topic(stack, 'Lifecycle', { enforceSSL: true });
    new AccountFactory(stack, 'Factory', accountFactoryProps({ lifecycleTopic: topic }));
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['statecraft.account-factory'] },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Lifecycle') } })],
    });
  });

  test('an existing registry table is used as is', () => {
    const app = new App();
    const stack = new Stack(app, 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    const registry = new TenantRegistry(stack, 'Shared');
    const factory = new AccountFactory(stack, 'Factory', accountFactoryProps({ registry }));
    expect(factory.registry).toBe(registry);
    Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::Table', 1);
  });
});

describe('ProcessOptions reach every workflow and data store the factory creates', () => {
  const newStack = () => new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  /** Logical ids of the resources of a type, sorted, with the hash cut off. */
  const idsOf = (template: Template, type: string) => Object.keys(template.findResources(type)).map((id) => id.slice(0, -8)).sort();

  test('logRetention: the vending and the bookkeeping log groups', () => {
    const stack = newStack();
    new AccountFactory(stack, 'Factory', accountFactoryProps({ logRetention: logs.RetentionDays.ONE_WEEK }));
    const template = Template.fromStack(stack);
    expect(idsOf(template, 'AWS::Logs::LogGroup')).toEqual(['FactoryFailureBookkeepingOrchestratorLogs', 'FactoryOrchestratorLogs']);
    template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('removalPolicy: both log groups, the topic key, the bookkeeping\'s dead-letter queue and the created registry', () => {
    const stack = newStack();
    new AccountFactory(stack, 'Factory', accountFactoryProps({ removalPolicy: RemovalPolicy.DESTROY }));
    const template = Template.fromStack(stack);
    expect(idsOf(template, 'AWS::KMS::Key')).toEqual(['FactoryOrchestratorTopicKey']);
    expect(idsOf(template, 'AWS::SQS::Queue')).toEqual(['FactoryFailureBookkeepingDeadLetterQueue']);
    expect(idsOf(template, 'AWS::DynamoDB::Table')).toEqual(['FactoryRegistryTable']);
    for (const type of ['AWS::Logs::LogGroup', 'AWS::KMS::Key', 'AWS::SQS::Queue', 'AWS::DynamoDB::Table']) {
      for (const resource of Object.values(template.findResources(type))) {
        expect(resource.DeletionPolicy).toBe('Delete');
      }
    }
  });

  test('encryptionKey: a created registry is encrypted with it, and both workflows may use it on the table', () => {
    const stack = newStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new AccountFactory(stack, 'Factory', accountFactoryProps({ encryptionKey: key }));
    const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: keyArn },
    });
    for (const role of ['FactoryOrchestratorStateMachineRoleDefaultPolicy', 'FactoryFailureBookkeepingOrchestratorStateMachineRoleDefaultPolicy']) {
      // kms:ReEncrypt* comes only from the registry grant (the state machine's own key use is Decrypt and GenerateDataKey).
      const tableKeyUse = statements(stack, role).filter((statement) => actionsOf(statement).includes('kms:ReEncrypt*'));
      expect(tableKeyUse).toEqual([expect.objectContaining({ Resource: keyArn })]);
      expect(actionsOf(tableKeyUse[0])).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']));
    }
  });

  test('without a customer-managed key the registry stays on its AWS-managed key and no role gets KMS access', () => {
    const { stack } = buildVendingStack();
    Template.fromStack(stack).hasResourceProperties('AWS::DynamoDB::Table', { SSESpecification: { SSEEnabled: true, SSEType: Match.absent() } });
    const kmsActions = statements(stack, 'RoleDefaultPolicy').flatMap(actionsOf).filter((action) => action.startsWith('kms:'));
    expect(kmsActions).toEqual([]);
  });
});

describe('synth-time validation names the construct, the prop and what is valid', () => {
  const make = (overrides: object) => () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    new AccountFactory(stack, 'Factory', accountFactoryProps(overrides));
  };

  test('every problem at once', () => {
    expect(make({
      organizationRootId: 'root-1',
      baselineStackSets: [BaselineStackSet.existing('1bad name')],
      baselineRegions: [],
      baselinePollInterval: Duration.seconds(1),
      stackSetOperationPreferences: { maxConcurrentCount: 0 },
    })).toThrow(/Invalid props for S\/Factory \(5 problems\)[\s\S]*organizationRootId: 'root-1' is not a root id[\s\S]*baselineStackSets: '1bad name'[\s\S]*baselineRegions[\s\S]*baselinePollInterval: must be 10 seconds[\s\S]*maxConcurrentCount: must be an integer of at least 1/);
  });

  test('a timeout shorter than the creation schedule', () => {
    expect(make({ timeout: Duration.hours(1), creationPollSchedule: PollSchedule.geometricCheckTimes({ timeout: Duration.hours(2) }) }))
      .toThrow(/timeout: 1 hour does not cover the creation poll schedule/);
    expect(make({ timeout: Duration.hours(2) })).toThrow(/timeout: 2 hours does not cover the creation poll schedule \(7200 seconds\)/);
  });

  test('outside us-east-1 the stack gets a warning (Organizations\' endpoint is there)', () => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'eu-west-1' } });
    new AccountFactory(stack, 'Factory', accountFactoryProps());
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('us-east-1'));
  });
});

describe('nesting: a parent starts a vending (.sync:2) and catches its named errors by name', () => {
  const app = new App();
  const stack = new Stack(app, 'Parent', { env: { account: '111111111111', region: 'us-east-1' } });
  const factory = new AccountFactory(stack, 'Factory', accountFactoryProps());
  const vend = factory.nestedExecution(stack, 'Vend Account', {
    executionName: sfn.JsonPath.format('vend-{}', sfn.JsonPath.stringAt('$.tenantId')),
  });
  const emailTaken = new sfn.Pass(stack, 'Ask Tenant For Another Email');
  vend.parallel.addCatch(emailTaken, { errors: ['Statecraft.EmailAlreadyExists'], resultPath: '$.error' });
  const parent = new sfn.StateMachine(stack, 'Onboarding', { definitionBody: sfn.DefinitionBody.fromChainable(vend.next(new sfn.Pass(stack, 'Onboarded'))) });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(parent));

  test('the parent may start and wait for the child (states:StartExecution on it, DescribeExecution)', () => {
    const policy = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
      .find((p: any) => JSON.stringify(p).includes('OnboardingRole')) as any;
    const actions = policy.Properties.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution']));
  });

  test('the child failing with Statecraft.EmailAlreadyExists is caught by name in the parent', async () => {
    const result = await sim.with({
      mocks: { integrations: { 'states:startExecution': { throw: { error: 'States.TaskFailed', cause: JSON.stringify({ Error: 'Statecraft.EmailAlreadyExists', Cause: 'in use' }) } } } },
    }).run(vendingInput());
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Vend Account', 'Ask Tenant For Another Email']);
  });

  test('a successful child: the parent continues with its output at $.vended.output', async () => {
    const result = await sim.with({
      mocks: { integrations: { 'states:startExecution': { return: describedExecution({ output: { tenantId: 'tenant-acme', accountId: '222233334444', status: 'READY' } }) } } },
    }).run(vendingInput());
    expect(result).toSucceed();
    expect((result.output as any).vended.output.accountId).toBe('222233334444');
  });
});

describe('seeding kinds', () => {
  const build = (seeding: TenantSeeding) => {
    const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
    return new AccountFactory(stack, 'Factory', accountFactoryProps({ seeding }));
  };

  test('a nested state machine is run with .sync:2 and the tenant, account and input', async () => {
    const stack = new Stack(new App(), 'T', { env: { account: '111111111111', region: 'us-east-1' } });
    const seeder = sfn.StateMachine.fromStateMachineName(stack, 'Seeder', 'seed-tenant-data');
    const factory = build(TenantSeeding.stateMachine(seeder));
    const seed = WorkflowDefinition.fromStateMachine(factory.stateMachine).state('Seed Tenant Data').state as any;
    expect(seed.Resource).toBe('arn:aws:states:::states:startExecution.sync:2');
    const started: any[] = [];
    const world = new VendingWorld();
    const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(factory.stateMachine), { writeCoverageReport: false });
    const result = await sim.with({
      mocks: { integrations: { ...world.mocks().integrations, 'states:startExecution': (call) => { started.push(call.input); return describedExecution({ output: { seeded: true } }); } } },
    }).run(vendingInput(), { executionName: 'vend-tenant-acme' });
    expect(result).toSucceed();
    expect(started).toEqual([expect.objectContaining({ Input: expect.objectContaining({ tenantId: 'tenant-acme', accountId: '222233334444', input: vendingInput() }) })]);
  });

  test('your own states run inside a Parallel (their output is kept in the variable $seed)', async () => {
    const stack = new Stack(new App(), 'T2', { env: { account: '111111111111', region: 'us-east-1' } });
    const factory = new AccountFactory(stack, 'Factory', accountFactoryProps({
      seeding: TenantSeeding.chain(new sfn.Pass(stack, 'Create Tenant Schema', { parameters: { 'schemaFor.$': '$.tenantId' } })),
    }));
    const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(factory.stateMachine), { writeCoverageReport: false });
    const result = await sim.with({ mocks: new VendingWorld().mocks() }).run(vendingInput(), { executionName: 'vend-tenant-acme' });
    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Record Baselined', 'Seed Tenant Data', 'Create Tenant Schema', 'Record Ready']);
  });

  test('no seeding goes straight from the baseline to READY', () => {
    const factory = build(TenantSeeding.none());
    const names = WorkflowDefinition.fromStateMachine(factory.stateMachine).states.map((s) => s.name);
    expect(names).not.toContain('Seed Tenant Data');
  });
});

describe('startExecutionTask: the plain nested task, as on every Statecraft L3', () => {
  test('is a startExecution.sync:2 task on the factory, its output at $.vended.output', () => {
    const app = new App();
    const stack = new Stack(app, 'PlainParent', { env: { account: '111111111111', region: 'us-east-1' } });
    const factory = new AccountFactory(stack, 'Factory', accountFactoryProps());
    const task = factory.startExecutionTask(stack, 'Vend');
    const state = stack.resolve(task.toStateJson());
    expect(JSON.stringify(state.Resource)).toContain(':states:::states:startExecution.sync:2');
    expect(state).toMatchObject({ ResultSelector: { 'output.$': '$.Output' }, ResultPath: '$.vended' });
  });
});

describe('every construct is a Statecraft process (IProcess) with its orchestrator\'s handles', () => {
  test('ProcessMonitoring puts the factory, the retirement and bulk onboarding on one dashboard, by their process names', () => {
    const { stack, bulk, factory } = buildBulkStack();
    const retirement = new AccountRetirement(stack, 'Retirement', { registry: factory.registry, suspendedOuId: 'ou-ab12-suspended1' });
    const monitoring = new ProcessMonitoring(stack, 'Monitoring');
    for (const process of [factory, retirement, bulk]) {
      expect(process.stateMachine).toBe(process.orchestrator.stateMachine);
      expect(process.logGroup).toBe(process.orchestrator.logGroup);
      monitoring.addProcess(process);
    }
    const body = JSON.stringify(Template.fromStack(stack).findResources('AWS::CloudWatch::Dashboard'));
    for (const name of ['account-factory', 'account-retirement', 'bulk-onboarding']) {
      expect(body).toContain(name);
    }
  });
});

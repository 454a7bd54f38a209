/**
 * Scenarios written from the root README.md alone, as a new user would: the "Using a construct in your CDK app" and
 * "Testing your workflows locally" snippets, and the "Composing workflows" example (TenantOnboarding in the
 * TenantPlatformStack beside it), synthesized and run with @statecraft/testing against what the README states.
 */
import { ProcessOrchestrator } from '@statecraft/process-orchestration';
import {
  describedExecution, installMatchers, MockCall, SimulatorMocks, SimulatorOptions, TaskFailure, WorkflowDefinition,
  WorkflowSimulator,
} from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { TenantPlatformStack } from '../src/composition/tenant-platform-stack';

installMatchers();

/**
 * A simulator for these README checks. Each workflow's coverage is proven by its own test files, so these runs write
 * no coverage report (scripts/workflow-coverage.js gates the reports).
 */
function readmeCheck(definition: WorkflowDefinition, options: SimulatorOptions = {}): WorkflowSimulator {
  return new WorkflowSimulator(definition, { ...options, writeCoverageReport: false });
}

describe('README "Using a construct in your CDK app" and "Testing your workflows locally"', () => {
  const stack = new Stack();
  const orchestrator = new ProcessOrchestrator(stack, 'NightlyBilling', {
    processName: 'nightly-billing',
    definition: new sfn.Pass(stack, 'Bill customers'),
    timeout: Duration.hours(2),
  });

  test('nightly billing succeeds', async () => {
    const sim = readmeCheck(WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'readme-scenarios-nightly-billing' }));
    const result = await sim.run({ day: '2026-11-24' });
    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toContain('Bill customers');
  });

  test('timeout: Duration.hours(2) is the execution timeout', () => {
    const definition = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'readme-scenarios-nightly-billing-asl' });
    expect((definition.asl as any).TimeoutSeconds).toBe(7200);
  });
});

describe('README "Composing workflows": TenantOnboarding', () => {
  const platform = new TenantPlatformStack(new App(), 'TenantPlatform');
  const definition = WorkflowDefinition.fromStateMachine(platform.onboarding.orchestrator.stateMachine, { name: 'readme-scenarios-tenant-onboarding' });
  const tenant = {
    tenantId: 'tenant-acme',
    accountName: 'Acme',
    email: 'aws+acme@example.com',
    organizationalUnitId: 'ou-ab12-tenants1',
    parameters: { rawDataUri: 's3://acme-raw/churn/' },
  };

  /**
   * A `.sync:2` child that did not succeed fails the Task with States.TaskFailed and the child's DescribeExecution
   * output as the cause (AWS Step Functions Developer Guide, "Start a new AWS Step Functions state machine from a
   * running execution" and "Service integration patterns", Run a Job (.sync)).
   */
  const childFailed = (error: string, cause: string) => () => {
    throw new TaskFailure('States.TaskFailed', JSON.stringify({ ...describedExecution({ status: 'FAILED' }), Error: error, Cause: cause }));
  };
  const childSucceeded = (output: unknown) => ({ return: describedExecution({ output }) });

  function mocks(overrides: SimulatorMocks['states'] = {}, started: string[] = []): SimulatorMocks {
    const track = (name: string, result: unknown) => (call: MockCall) => { started.push(name); return typeof result === 'function' ? (result as any)(call) : (result as any).return; };
    return {
      states: {
        'Vend Tenant Account': track('vend', childSucceeded({ tenantId: 'tenant-acme', accountId: '222233334444', stage: 'READY', status: 'READY' })),
        'Train First Model': track('train', childSucceeded({ runId: 'r', executionName: 'e', params: {}, stages: {} })),
        'Retire Tenant Account': track('retire', childSucceeded({ tenantId: 'tenant-acme', status: 'RETIRED' })),
        ...overrides,
      },
      integrations: { 'events:putEvents': { return: { FailedEntryCount: 0, Entries: [{ EventId: 'event-1' }] } } },
    };
  }

  test('happy path: the account is vended, then the tenant jobs run, and nothing is retired', async () => {
    const started: string[] = [];
    const result = await readmeCheck(definition, { mocks: mocks({}, started) }).run(tenant);
    expect(result).toSucceed();
    expect(started).toEqual(['vend', 'train']);
    expect(result).toHaveVisitedInOrder(['Validate Input', 'Vend Tenant Account', 'Train First Model', 'Announce Tenant Ready']);
  });

  test('invalid input ends in Validate Input and Invalid Input with Statecraft.InvalidInput listing every invalid field, before anything is vended', async () => {
    const result = await readmeCheck(definition, { mocks: mocks() })
      .run({ ...tenant, tenantId: 'acme', email: 'not-an-email' });
    expect(result).toFailWith('Statecraft.InvalidInput');
    expect(result.visited.map((v) => v.name)).toEqual(['Validate Input', 'Invalid Input']);
    expect(result.cause).toContain("Input field 'tenantId' is invalid");
    expect(result.cause).toContain("; Input field 'email' is invalid");
    expect(result.taskInvocations).toEqual({});
  });

  test('a failed quality gate of the first model is caught by name and is not fatal', async () => {
    const started: string[] = [];
    const result = await readmeCheck(definition, {
      mocks: mocks({ 'Train First Model': childFailed('Statecraft.QualityGateFailed', 'validation:auc 0.71 is below 0.8') }, started),
    }).run(tenant);
    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toContain('Use Baseline Model');
    expect(started).not.toContain('retire');
  });

  test('a failure after the account exists retires it and ends with TenantOnboarding.Failed, cause "saga step <step> failed with <the child\'s error>"', async () => {
    const started: string[] = [];
    const result = await readmeCheck(definition, {
      mocks: mocks({ 'Train First Model': childFailed('Statecraft.DatabricksRunFailed', 'run 42 FAILED') }, started),
    }).run(tenant);
    expect(result).toFailWith('TenantOnboarding.Failed');
    expect(result.cause).toContain('saga step Run Tenant Jobs failed with Statecraft.DatabricksRunFailed');
    expect(result.visited.map((v) => v.name)).toContain('Train First Model');
    expect(started).toEqual(['vend', 'retire']);
  });

  test('a failed vending ends with TenantOnboarding.Failed naming the child\'s error, and nothing is retired (no account exists)', async () => {
    const started: string[] = [];
    const result = await readmeCheck(definition, {
      mocks: mocks({ 'Vend Tenant Account': childFailed('Statecraft.EmailAlreadyExists', 'aws+acme@example.com belongs to another account') }, started),
    }).run(tenant);
    expect(result).toFailWith('TenantOnboarding.Failed');
    expect(result.cause).toContain('saga step Vend Account failed with Statecraft.EmailAlreadyExists');
    expect(started).toEqual([]);
  });

  test('a child that timed out becomes Statecraft.NestedExecutionFailed in the parent', async () => {
    const result = await readmeCheck(definition, {
      mocks: mocks({
        'Vend Tenant Account': () => { throw new TaskFailure('States.TaskFailed', JSON.stringify(describedExecution({ status: 'TIMED_OUT' }))); },
      }),
    }).run(tenant);
    expect(result).toFailWith('TenantOnboarding.Failed', 'Statecraft.NestedExecutionFailed');
  });

  test('each nested execution is three states: <id> (nested), <id>, <id> Re-raise Child Error', () => {
    const names = new Set<string>();
    const walk = (states: Record<string, any>) => {
      for (const [name, state] of Object.entries(states)) {
        names.add(name);
        for (const branch of state.Branches ?? []) walk(branch.States);
      }
    };
    walk((definition.asl as any).States);
    const vending = [...names].filter((n) => n.startsWith('Vend Tenant Account'));
    expect(vending.sort()).toEqual(['Vend Tenant Account', 'Vend Tenant Account (nested)', 'Vend Tenant Account Re-raise Child Error']);
  });
});

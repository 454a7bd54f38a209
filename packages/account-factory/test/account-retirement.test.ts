import { WorkflowDefinition } from '@statecraft/testing';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AccountRetirement, TenantRegistry } from '../src';
import { buildRetirementStack } from './scenarios';

test('the retirement role closes and moves accounts only in this management account, and names the SCP', () => {
  const { stack } = buildRetirementStack();
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  const [policy] = Object.entries(policies).filter(([id]) => id.startsWith('RetirementOrchestratorStateMachineRoleDefaultPolicy')).map(([, p]: [string, any]) => p);
  const statements = policy.Properties.PolicyDocument.Statement as any[];
  const byAction = (action: string) => statements.find((s) => [s.Action].flat().includes(action));
  expect(JSON.stringify(byAction('organizations:closeAccount').Resource)).toContain(':organizations::111111111111:account/o-*/*');
  expect(JSON.stringify(byAction('organizations:attachPolicy').Resource)).toContain('service_control_policy/p-denyall01');
  expect(statements.filter((s) => s.Resource === '*').flatMap((s) => [s.Action].flat()).filter((a: string) => a.startsWith('organizations:'))).toEqual([]);
});

test('the quota release waits out the 30-day window, within a timeout above it', () => {
  const { retirement } = buildRetirementStack();
  const definition = WorkflowDefinition.fromStateMachine(retirement.quotaRelease.stateMachine);
  expect((definition.state('Wait Out The Quota Window').state as any).Seconds).toBe(30 * 24 * 3600);
  expect(definition.asl.TimeoutSeconds).toBe(31 * 24 * 3600);
});

test('bad props are refused at synth time naming each prop and what is valid', () => {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const registry = new TenantRegistry(stack, 'Registry');
  expect(() => new AccountRetirement(stack, 'Retirement', {
    registry, suspendedOuId: 'suspended', denyAllPolicyId: 'deny', maxClosuresInProgress: 4, closureQuota: 0, closureQuotaWindow: Duration.days(400),
  })).toThrow(/Invalid props for S\/Retirement \(5 problems\)[\s\S]*suspendedOuId: 'suspended' is not an OU id[\s\S]*denyAllPolicyId[\s\S]*maxClosuresInProgress: must be 1 to 3[\s\S]*closureQuota[\s\S]*closureQuotaWindow/);
});

test('logRetention and removalPolicy reach the log groups of the retirement and its quota release', () => {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const registry = new TenantRegistry(stack, 'Registry');
  new AccountRetirement(stack, 'Retirement', {
    registry, suspendedOuId: 'ou-ab12-suspended1', logRetention: logs.RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY,
  });
  const template = Template.fromStack(stack);
  const groups = template.findResources('AWS::Logs::LogGroup');
  expect(Object.keys(groups).map((id) => id.slice(0, -8)).sort()).toEqual(['RetirementOrchestratorLogs', 'RetirementQuotaReleaseLogs']);
  for (const group of Object.values(groups)) {
    expect(group.Properties.RetentionInDays).toBe(30);
    expect(group.DeletionPolicy).toBe('Delete');
  }
  // The topic keys of both workflows follow it too; the registry, not created here, keeps its own policy.
  for (const key of Object.values(template.findResources('AWS::KMS::Key'))) {
    expect(key.DeletionPolicy).toBe('Delete');
  }
  template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
});

test('a registry under a customer-managed key: the retirement and its quota release may use the key on the table', () => {
  const stack = new Stack(new App(), 'S', { env: { account: '111111111111', region: 'us-east-1' } });
  const key = new kms.Key(stack, 'RegistryKey', { enableKeyRotation: true });
  const registry = new TenantRegistry(stack, 'Registry', { encryptionKey: key });
  new AccountRetirement(stack, 'Retirement', { registry, suspendedOuId: 'ou-ab12-suspended1' });
  const keyArn = { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] };
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy');
  for (const role of ['RetirementOrchestratorStateMachineRoleDefaultPolicy', 'RetirementQuotaReleaseStateMachineRoleDefaultPolicy']) {
    const [policy] = Object.entries(policies).filter(([id]) => id.startsWith(role)).map(([, p]: [string, any]) => p);
    const keyUse = (policy.Properties.PolicyDocument.Statement as any[]).filter((s) => [s.Action].flat().includes('kms:Decrypt'));
    expect(keyUse).toEqual([expect.objectContaining({ Resource: keyArn })]);
    expect([keyUse[0].Action].flat()).toEqual(expect.arrayContaining(['kms:Encrypt', 'kms:GenerateDataKey*']));
  }
});

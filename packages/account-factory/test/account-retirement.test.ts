import { WorkflowDefinition } from '@statecraft/testing';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
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

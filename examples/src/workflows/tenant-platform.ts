import { App } from 'aws-cdk-lib';
import { ONBOARDING_FAILED } from '../composition/tenant-onboarding';
import { TENANT_INPUT, childFailed, onboardingMocks } from '../composition/tenant-onboarding-scenarios';
import { TenantPlatformStack } from '../composition/tenant-platform-stack';
import { DemoWorkflow, ReadmeDiagram } from '../demo-workflow';

/** The composed tenant onboarding (AccountFactory, then a job graph with MlPipeline, in a saga with AccountRetirement). */
export function tenantPlatformExample(app: App): { stack: TenantPlatformStack; workflows: DemoWorkflow[]; diagrams: ReadmeDiagram[] } {
  const stack = new TenantPlatformStack(app, 'StatecraftTenantPlatform');
  const onboarding: DemoWorkflow = {
    name: 'tenant-onboarding',
    packageName: 'examples (composed)',
    stack,
    stateMachine: stack.onboarding.orchestrator.stateMachine,
    readme: 'README.md',
    scenarios: [
      {
        name: 'happy-path',
        description: 'vend the account, train the first model beside the dashboards, announce',
        input: TENANT_INPUT,
        mocks: onboardingMocks(),
        expected: { status: 'SUCCEEDED' },
      },
      {
        name: 'quality-gate-fallback',
        description: 'the first model misses its quality gate; caught by name, the tenant starts on the baseline model',
        input: TENANT_INPUT,
        mocks: onboardingMocks({ firstModel: childFailed('Statecraft.QualityGateFailed', 'validation:auc 0.71 is below 0.8', 150) }),
        expected: { status: 'SUCCEEDED' },
      },
      {
        name: 'compensated',
        description: 'the first model\'s Databricks run fails after the account exists; the saga retires the account',
        input: TENANT_INPUT,
        mocks: onboardingMocks({ firstModel: childFailed('Statecraft.DatabricksRunFailed', 'run 4242 ended INTERNAL_ERROR', 30) }),
        expected: { status: 'FAILED', error: ONBOARDING_FAILED },
      },
    ],
  };
  return { stack, workflows: [onboarding], diagrams: [] };
}

import { AccountFactory, BaselineStackSet, BulkOnboarding, CreationSlots } from '@statecraft/account-factory';
import { App, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { TenantPlatformStack, PLATFORM } from '../composition/tenant-platform-stack';
import { DemoScenario, DemoWorkflow, ReadmeDiagram } from '../demo-workflow';
import { EXAMPLE_ENV } from './example-env';
// The package's own realistic worlds: an Organizations that takes 5 minutes to create an account, StackSet operations
// of a minute, a registry that keeps its items between states.
import { DEMO_SCENARIOS } from '../../../packages/account-factory/test/scenarios';

type PackageScenario = { name: string; input: unknown; mocks: () => DemoScenario['mocks']; expectedError?: string };

/** Account vending and retirement of the tenant platform, and bulk onboarding in a stack of its own. */
export function accountFactoryExample(app: App, platform: TenantPlatformStack): { workflows: DemoWorkflow[]; diagrams: ReadmeDiagram[] } {
  const bulkStack = new Stack(app, 'StatecraftBulkOnboarding', { env: EXAMPLE_ENV });
  // Bulk onboarding holds one of the 5 creation slots per account only while it is being created.
  const factory = new AccountFactory(bulkStack, 'AccountFactory', {
    organizationRootId: PLATFORM.organizationRootId,
    baselineStackSets: PLATFORM.stackSets.map((name) => BaselineStackSet.existing(name)),
    baselineRegions: PLATFORM.baselineRegions,
    tenantIdPattern: 'tenant-*',
    creationSlots: CreationSlots.of(),
  });
  const tenantLists = new s3.Bucket(bulkStack, 'TenantLists', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    serverAccessLogsPrefix: 'access-logs/',
  });
  const bulk = new BulkOnboarding(bulkStack, 'BulkOnboarding', { factory, tenantListBucket: tenantLists, maxConcurrentVendings: 20, toleratedFailurePercentage: 10 });

  const workflows: DemoWorkflow[] = [
    {
      name: 'account-factory',
      packageName: '@statecraft/account-factory',
      stack: platform,
      stateMachine: platform.factory.stateMachine,
      scenarios: scenariosOf(DEMO_SCENARIOS.accountFactory),
      readme: 'packages/account-factory/README.md',
    },
    {
      name: 'account-retirement',
      packageName: '@statecraft/account-factory',
      stack: platform,
      stateMachine: platform.retirement.stateMachine,
      scenarios: scenariosOf(DEMO_SCENARIOS.accountRetirement),
      readme: 'packages/account-factory/README.md',
    },
    {
      name: 'bulk-onboarding',
      packageName: '@statecraft/account-factory',
      stack: bulkStack,
      stateMachine: bulk.stateMachine,
      scenarios: scenariosOf(DEMO_SCENARIOS.bulkOnboarding, DEMO_SCENARIOS.bulkOnboarding.itemReaderItems),
      readme: 'packages/account-factory/README.md',
    },
  ];
  const diagrams: ReadmeDiagram[] = [{
    name: 'account-retirement-quota-release',
    stack: platform,
    stateMachine: platform.retirement.quotaRelease.stateMachine,
    readme: 'packages/account-factory/README.md',
  }];
  return { workflows, diagrams };
}

function scenariosOf(entry: { happy: PackageScenario; failure: PackageScenario }, itemReaderItems?: Record<string, unknown[]>): DemoScenario[] {
  return [entry.happy, entry.failure].map((scenario) => ({
    name: scenario.name,
    description: scenario.name,
    input: scenario.input,
    mocks: scenario.mocks(),
    itemReaderItems,
    expected: scenario.expectedError ? { status: 'FAILED', error: scenario.expectedError } : { status: 'SUCCEEDED' },
  }));
}

// The README's "## Example" code block, verbatim (only the import path points at ../src): keeps the README honest.
// The block's own imports stay as written, so the test's imports come after it.
/* eslint-disable import/no-duplicates, import/order */
import { App, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  AccountFactory, AccountRetirement, BaselineStackSet, BulkOnboarding, CreationSlots, TenantSeeding,
} from '../src';

const app = new App();
// The organization's management account, in us-east-1 (Organizations' endpoint).
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
  creationSlots: CreationSlots.of(), // for bulk onboarding
});

new AccountRetirement(stack, 'Retirement', {
  registry: factory.registry,
  suspendedOuId: 'ou-ab12-suspended',
  denyAllPolicyId: 'p-denyall01',
  baselineStackSets: [BaselineStackSet.existing('tenant-network')],
  closureQuota: 10,
});

// The bucket your tenant lists already live in (with its own access logging, versioning and lifecycle).
const lists = s3.Bucket.fromBucketName(stack, 'TenantLists', 'acme-tenant-lists');
new BulkOnboarding(stack, 'Bulk', { factory, tenantListBucket: lists });

// ---- end of the README block ----
import { Aspects } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { awsSolutionsFindings } from '@statecraft/testing';
import { AwsSolutionsChecks } from 'cdk-nag';

test('the README example synthesizes the workflows it describes with 0 unsuppressed cdk-nag AwsSolutions findings', () => {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const template = Template.fromStack(stack);
  // "What it builds": vending and its failure bookkeeping, retirement and its quota release, bulk onboarding.
  const machines = Object.keys(template.findResources('AWS::StepFunctions::StateMachine'));
  expect(machines.length).toBe(5);
  template.resourceCountIs('AWS::DynamoDB::Table', 1); // one tenant registry, shared by the retirement
  expect(factory.registry).toBeDefined();

  // "IAM statements that must use `*`": every other finding is suppressed with a reason, none is left.
  const findings = awsSolutionsFindings(stack);
  expect(findings).toEqual([]);
  expect(app.node.children).toContain(stack);
});

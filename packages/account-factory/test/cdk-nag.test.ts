import { awsSolutionsFindings } from '@statecraft/testing';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as recommendedFlags from 'aws-cdk-lib/recommended-feature-flags.json';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AccountFactory, AccountRetirement, BulkOnboarding, CreationSlots } from '../src';
import { SUSPENDED_OU, accountFactoryProps, buildBulkStack, buildRetirementStack, buildVendingStack } from './scenarios';

/** The unsuppressed AwsSolutions findings of `stack` (see @statecraft/testing's awsSolutionsFindings). */
function findings(stack: Stack): string[] {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  return awsSolutionsFindings(stack);
}

describe('cdk-nag AwsSolutions: no unsuppressed finding', () => {
  test('AccountFactory with a Lambda seeding step', () => {
    expect(findings(buildVendingStack({ seedWithLambda: true }).stack)).toEqual([]);
  });

  test('AccountFactory and AccountRetirement sharing a registry', () => {
    expect(findings(buildRetirementStack().stack)).toEqual([]);
  });

  test('AccountFactory (its registry too) and AccountRetirement under a customer-managed key', () => {
    const stack = new Stack(new App(), 'Encrypted', { env: { account: '111111111111', region: 'us-east-1' } });
    const encryptionKey = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const factory = new AccountFactory(stack, 'Factory', accountFactoryProps({ encryptionKey }));
    new AccountRetirement(stack, 'Retirement', { registry: factory.registry, suspendedOuId: SUSPENDED_OU, encryptionKey });
    expect(findings(stack)).toEqual([]);
  });

  test('BulkOnboarding over a factory with creation slots', () => {
    expect(findings(buildBulkStack().stack)).toEqual([]);
  });

  test('BulkOnboarding reading an existing tenant-list bucket by name (the README example), with the recommended feature flags', () => {
    // `cdk init` writes recommended-feature-flags.json to cdk.json; enablePartitionLiterals renders `arn:aws:...`.
    const app = new App({ context: { ...(recommendedFlags as Record<string, unknown>) } });
    const stack = new Stack(app, 'TenantAccounts', { env: { account: '111111111111', region: 'us-east-1' } });
    const factory = new AccountFactory(stack, 'Factory', accountFactoryProps({ creationSlots: CreationSlots.of() }));
    new BulkOnboarding(stack, 'Bulk', { factory, tenantListBucket: s3.Bucket.fromBucketName(stack, 'TenantLists', 'acme-tenant-lists') });
    expect(findings(stack)).toEqual([]);
  });
});

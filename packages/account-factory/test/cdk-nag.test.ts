import { Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildBulkStack, buildRetirementStack, buildVendingStack } from './scenarios';

/** Unsuppressed AwsSolutions findings (errors and warnings) of a stack, as `path: rule`. */
function findings(stack: Stack): string[] {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((finding) => `${finding.id}: ${String(finding.entry.data).split(': The')[0]}`);
}

describe('cdk-nag AwsSolutions: no unsuppressed finding', () => {
  test('AccountFactory with a Lambda seeding step', () => {
    expect(findings(buildVendingStack({ seedWithLambda: true }).stack)).toEqual([]);
  });

  test('AccountFactory and AccountRetirement sharing a registry', () => {
    expect(findings(buildRetirementStack().stack)).toEqual([]);
  });

  test('BulkOnboarding over a factory with creation slots', () => {
    expect(findings(buildBulkStack().stack)).toEqual([]);
  });
});

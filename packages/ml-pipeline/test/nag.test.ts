import { Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { fiveStageStack, twoWorkspaceStack } from './scenarios';

/** The AwsSolutions findings of `stack` that no suppression covers. */
function unsuppressedFindings(stack: Stack): string[] {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`);
}

test('cdk-nag AwsSolutions: the five-stage pipeline (with its Databricks run canceller) has no unsuppressed finding', () => {
  const { stack, pipeline } = fiveStageStack();
  expect(pipeline.databricksRunCanceller).toBeDefined();
  expect(unsuppressedFindings(stack)).toEqual([]);
});

test('cdk-nag AwsSolutions: two Databricks workspaces under a customer-managed key, pipeline and canceller, have no unsuppressed finding', () => {
  // The key in the pipeline's stack: its policy and the canceller's kms:Decrypt are checked too.
  const { stack, pipeline } = twoWorkspaceStack((scope) => ({ encryptionKey: new kms.Key(scope, 'PipelineKey', { enableKeyRotation: true }) }));
  expect(pipeline.databricksRunCanceller).toBeDefined();
  expect(unsuppressedFindings(stack)).toEqual([]);
});

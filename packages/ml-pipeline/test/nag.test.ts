import { awsSolutionsFindings } from '@statecraft/testing';
import { Aspects, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { fiveStageStack, twoWorkspaceStack } from './scenarios';

/** The unsuppressed AwsSolutions findings of `stack` (see @statecraft/testing's awsSolutionsFindings). */
function unsuppressedFindings(stack: Stack): string[] {
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  return awsSolutionsFindings(stack);
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

import { awsSolutionsFindings } from '@statecraft/testing';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildLabelingWorkflow, buildTapePreparation } from './scenarios';

/** The unsuppressed cdk-nag AwsSolutions findings of a stack holding what `build` builds with its defaults. */
function nagFindings(build: (stack: Stack) => void): string[] {
  const stack = new Stack(new App(), 'NagStack', { env: { account: '111111111111', region: 'eu-west-1' } });
  build(stack);
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  return awsSolutionsFindings(stack);
}

describe('cdk-nag AwsSolutions', () => {
  test.each(['ground-truth', 'sqs-callback', 'eventbridge-callback'] as const)('LabelingJobWorkflow (%s) has no unsuppressed finding', (kind) => {
    expect(nagFindings((stack) => buildLabelingWorkflow(stack, kind))).toEqual([]);
  });

  test.each([
    ['inline Map, Lambda predictor', { predictor: 'lambda', distributed: false }],
    ['Distributed Map, SageMaker endpoint', { predictor: 'sagemaker', distributed: true }],
  ] as const)('TapeLabelingPreparation (%s) with a labeling workflow has no unsuppressed finding', (_label, options) => {
    expect(nagFindings((stack) => buildTapePreparation(stack, options))).toEqual([]);
  });
});

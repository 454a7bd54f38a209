import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildLabelingWorkflow, buildTapePreparation } from './scenarios';

/** Every stack the package's constructs build by default, checked with cdk-nag AwsSolutions. */
function nagFindings(build: (stack: Stack) => void): string[] {
  const app = new App();
  const stack = new Stack(app, 'NagStack', { env: { account: '111111111111', region: 'eu-west-1' } });
  build(stack);
  Aspects.of(stack).add(new AwsSolutionsChecks({ verbose: true }));
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((a) => `${a.id}: ${String(a.entry.data).split('\n')[0]}`);
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

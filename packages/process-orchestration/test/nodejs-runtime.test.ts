import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { NodejsRuntime } from '../src';

describe('NodejsRuntime.newest', () => {
  test('is the highest Runtime.NODEJS_<n>_X the installed aws-cdk-lib defines', () => {
    const majors = Object.getOwnPropertyNames(lambda.Runtime)
      .map((name) => /^NODEJS_(\d+)_X$/.exec(name)?.[1])
      .filter((major): major is string => major !== undefined)
      .map(Number);
    expect(NodejsRuntime.newest().name).toBe(`nodejs${Math.max(...majors)}.x`);
    expect(NodejsRuntime.newest().family).toBe(lambda.RuntimeFamily.NODEJS);
  });

  test('a function on it raises no AwsSolutions-L1 (the latest-runtime rule), one on Node.js 20 does', () => {
    const stack = new Stack(new App(), 'Stack');
    const code = lambda.Code.fromInline('exports.handler = async () => 1;');
    new lambda.Function(stack, 'Newest', { runtime: NodejsRuntime.newest(), handler: 'index.handler', code });
    new lambda.Function(stack, 'Older', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code });
    Aspects.of(stack).add(new AwsSolutionsChecks());
    const l1 = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-L1')).map((f) => f.id);
    expect(l1).toEqual(['/Stack/Older/Resource']);
  });
});

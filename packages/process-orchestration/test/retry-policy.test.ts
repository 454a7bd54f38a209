import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { RetryPolicy } from '../src';
import { lambdaJob, testStack } from './example-workflows';

describe('RetryPolicy', () => {
  test('transientAwsErrors retries throttling, 5xx and Lambda service errors with backoff, full jitter and a max delay', () => {
    const stack = testStack();
    const task = new sfn.Pass(stack, 'unused') && lambdaJob(stack, 'Job', 'job');
    const [retry] = stack.resolve(task.toStateJson()).Retry;
    expect(retry).toMatchObject({ IntervalSeconds: 2, MaxAttempts: 6, BackoffRate: 2, MaxDelaySeconds: 60, JitterStrategy: 'FULL' });
    expect(retry.ErrorEquals).toEqual(expect.arrayContaining([
      'ThrottlingException', 'Lambda.TooManyRequestsException', 'Lambda.ServiceException', 'Lambda.SdkClientException',
      'Organizations.TooManyRequestsException', 'SageMaker.ThrottlingException', 'DynamoDB.ProvisionedThroughputExceededException',
      'S3.SlowDown', 'States.Http.StatusCode.429', 'States.Http.StatusCode.503',
    ]));
    // business errors and timeouts are not transient
    expect(retry.ErrorEquals).not.toContain('States.ALL');
    expect(retry.ErrorEquals).not.toContain('States.Timeout');
    expect(retry.ErrorEquals).not.toContain('States.TaskFailed');
    expect(new Set(retry.ErrorEquals).size).toBe(retry.ErrorEquals.length);
  });

  test('options change the backoff and add errors, including task timeouts', () => {
    const policy = RetryPolicy.transientAwsErrors({
      interval: Duration.seconds(5),
      maxAttempts: 3,
      backoffRate: 1.5,
      maxDelay: Duration.seconds(20),
      jitterStrategy: sfn.JitterType.NONE,
      additionalErrors: ['Acme.Busy'],
      retryTaskTimeouts: true,
    });
    expect(policy.name).toBe('transientAwsErrors');
    expect(policy.retries[0]).toMatchObject({ maxAttempts: 3, backoffRate: 1.5, jitterStrategy: sfn.JitterType.NONE });
    expect(policy.retries[0].errors).toEqual(expect.arrayContaining(['Acme.Busy', 'States.Timeout']));
  });

  test('none adds no retrier; custom adds its retriers in order to tasks, Parallel and Map states', () => {
    const stack = testStack();
    const task = new sfn.Pass(stack, 'x') && lambdaJob(stack, 'Plain', 'plain');
    const before = stack.resolve(task.toStateJson()).Retry.length;
    RetryPolicy.none().applyTo(task);
    expect(stack.resolve(task.toStateJson()).Retry).toHaveLength(before);

    const policy = RetryPolicy.custom([{ errors: ['Acme.Locked'], maxAttempts: 10 }, { errors: [sfn.Errors.ALL], maxAttempts: 1 }]);
    const parallel = new sfn.Parallel(stack, 'P');
    const map = new sfn.Map(stack, 'M');
    policy.applyTo(task).applyToParallel(parallel).applyToMap(map);
    for (const state of [parallel, map]) {
      expect(stack.resolve(state.toStateJson()).Retry.map((r: any) => r.ErrorEquals)).toEqual([['Acme.Locked'], ['States.ALL']]);
    }
    expect(() => RetryPolicy.custom([])).toThrow('RetryPolicy.custom: give at least one retrier (use RetryPolicy.none() for no retries)');
  });
});

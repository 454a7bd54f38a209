import { Duration, Stack } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
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
      'States.Http.StatusCode.429', 'States.Http.StatusCode.503',
    ]));
    // a Lambda task's errors are Lambda's: other services' names are left out to keep the definition small
    expect(retry.ErrorEquals).not.toContain('Organizations.TooManyRequestsException');
    // business errors and timeouts are not transient
    expect(retry.ErrorEquals).not.toContain('States.ALL');
    expect(retry.ErrorEquals).not.toContain('States.Timeout');
    expect(retry.ErrorEquals).not.toContain('States.TaskFailed');
    expect(new Set(retry.ErrorEquals).size).toBe(retry.ErrorEquals.length);
  });

  test('transientAwsErrors lists only the called service\'s prefixed errors, and every service\'s on a task it cannot read', () => {
    const stack = testStack();
    const createAccount = new tasks.CallAwsService(stack, 'Create Account', {
      service: 'organizations', action: 'createAccount', iamResources: ['*'], parameters: { AccountName: 'a', Email: 'a@b.c' },
    });
    const putItem = new tasks.DynamoPutItem(stack, 'Put Item', {
      table: dynamodb.Table.fromTableName(stack, 'Table', 'registry'), item: { pk: tasks.DynamoAttributeValue.fromString('x') },
    });
    RetryPolicy.transientAwsErrors({ additionalErrors: ['S3.SdkClientException'] }).applyTo(createAccount, putItem);
    const organizations = stack.resolve(createAccount.toStateJson()).Retry[0].ErrorEquals;
    expect(organizations).toEqual(expect.arrayContaining([
      'ThrottlingException', 'Organizations.TooManyRequestsException', 'Organizations.ServiceException', 'S3.SdkClientException',
    ]));
    expect(organizations).not.toContain('SageMaker.ThrottlingException');
    expect(organizations).not.toContain('Lambda.TooManyRequestsException');
    expect(organizations.length).toBeLessThan(60);
    const dynamo = stack.resolve(putItem.toStateJson()).Retry[0].ErrorEquals;
    expect(dynamo).toEqual(expect.arrayContaining(['DynamoDB.ProvisionedThroughputExceededException', 'DynamoDb.ThrottlingException']));
    // A server error under the model's shape name (DynamoDB API Reference, common errors: InternalServerError) and under
    // the Exception-suffixed name AWS SDK integrations report (Step Functions Developer Guide, "Learning to use AWS
    // service SDK integrations", the note on the Exception suffix).
    expect(dynamo).toEqual(expect.arrayContaining(['DynamoDB.InternalServerError', 'DynamoDb.InternalServerErrorException']));
    expect(dynamo).not.toContain('Organizations.TooManyRequestsException');
    // the whole list, for states whose errors can come from any service
    const parallel = new sfn.Parallel(stack, 'Any');
    RetryPolicy.transientAwsErrors().applyToParallel(parallel);
    expect(stack.resolve(parallel.toStateJson()).Retry[0].ErrorEquals).toEqual(RetryPolicy.TRANSIENT_AWS_ERRORS);
    // EventBridge PutEvents' server error is the model's InternalException (EventBridge API Reference, PutEvents, Errors).
    expect(RetryPolicy.TRANSIENT_AWS_ERRORS).toContain('EventBridge.InternalException');
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

describe('RetryPolicy presets for one service, throttling, reads and quotas', () => {
  const retriesOf = (stack: Stack, state: sfn.State) => stack.resolve(state.toStateJson()).Retry;
  const sdkTask = (stack: Stack, id: string) =>
    new tasks.CallAwsService(stack, id, { service: 'organizations', action: 'listRoots', iamResources: ['*'] });

  test('transientServiceErrors lists throttling and server faults under one prefix only, then the extra errors and States.Timeout', () => {
    const stack = testStack();
    const task = sdkTask(stack, 'Describe');
    RetryPolicy.transientServiceErrors({ errorPrefix: 'Organizations', additionalErrors: ['Organizations.ConcurrentModificationException'], retryTaskTimeouts: true })
      .applyTo(task);
    expect(retriesOf(stack, task)).toEqual([{
      ErrorEquals: [
        'Organizations.ThrottlingException', 'Organizations.TooManyRequestsException', 'Organizations.RequestLimitExceeded',
        'Organizations.ProvisionedThroughputExceededException', 'Organizations.ServiceUnavailable',
        'Organizations.ServiceUnavailableException', 'Organizations.InternalServerError', 'Organizations.InternalServerException',
        'Organizations.InternalServerErrorException', 'Organizations.InternalFailure', 'Organizations.InternalException',
        'Organizations.ServiceException', 'Organizations.ConcurrentModificationException', 'States.Timeout',
      ],
      IntervalSeconds: 2,
      MaxAttempts: 6,
      BackoffRate: 2,
      MaxDelaySeconds: 60,
      JitterStrategy: 'FULL',
    }]);
    // Every code it lists is one the transient preset knows.
    for (const name of retriesOf(stack, task)[0].ErrorEquals.slice(0, 12)) {
      expect(RetryPolicy.TRANSIENT_AWS_ERRORS).toContain(name.replace('Organizations.', ''));
    }
  });

  test('throttling retries only throttling (SageMaker reports it as AmazonSageMakerException); resourceLimits waits quotas out; combine keeps the order', () => {
    const stack = testStack();
    const task = sdkTask(stack, 'Train');
    // Step Functions Developer Guide, "Create and manage Amazon SageMaker AI jobs with Step Functions": the optimized
    // integrations report service errors as SageMaker.AmazonSageMakerException and quotas as ResourceLimitExceededException.
    RetryPolicy.combine(
      RetryPolicy.throttling({ serviceErrors: ['SageMaker.AmazonSageMakerException'] }),
      RetryPolicy.resourceLimits({ errors: ['SageMaker.ResourceLimitExceededException'] }),
    ).applyTo(task);
    expect(retriesOf(stack, task)).toEqual([
      {
        ErrorEquals: ['ThrottlingException', 'SageMaker.AmazonSageMakerException', 'States.Http.StatusCode.429'],
        IntervalSeconds: 2,
        MaxAttempts: 6,
        BackoffRate: 2,
        MaxDelaySeconds: 60,
        JitterStrategy: 'FULL',
      },
      { ErrorEquals: ['SageMaker.ResourceLimitExceededException'], IntervalSeconds: 60, MaxAttempts: 5, BackoffRate: 2, MaxDelaySeconds: 600 },
    ]);
  });

  test('serverErrorsOnRead retries the HTTP Task 5xx codes and the service\'s server errors under their SDK names, on custom states too', () => {
    const stack = testStack();
    const get = new sfn.CustomState(stack, 'Get Run', { stateJson: { Type: 'Task', Resource: 'arn:aws:states:::http:invoke', End: true } });
    const policy = RetryPolicy.serverErrorsOnRead({ errorPrefix: 'SageMaker' });
    expect(policy.name).toBe('serverErrorsOnRead');
    policy.applyToCustom(get);
    // "Call HTTPS APIs in Step Functions workflows": HTTP Task errors are States.Http.StatusCode.<code>.
    expect(retriesOf(stack, get)).toEqual([{
      ErrorEquals: [
        'States.Http.StatusCode.500', 'States.Http.StatusCode.502', 'States.Http.StatusCode.503', 'States.Http.StatusCode.504',
        'SageMaker.InternalFailureException', 'SageMaker.ServiceUnavailableException', 'SageMaker.InternalServerException',
      ],
      IntervalSeconds: 5,
      MaxAttempts: 4,
      BackoffRate: 2,
      JitterStrategy: 'FULL',
    }]);
  });
});

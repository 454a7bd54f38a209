import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/** Services whose SDK-integration errors are prefixed with these names (`Lambda.TooManyRequestsException`). */
const SERVICE_PREFIXES = [
  'Lambda', 'DynamoDB', 'DynamoDb', 'SNS', 'Sns', 'SQS', 'Sqs', 'S3', 'StepFunctions', 'Sfn', 'EventBridge',
  'Organizations', 'CloudFormation', 'SageMaker', 'Glue', 'ECS', 'Ecs', 'Batch', 'Athena', 'SecretsManager', 'Kms',
  'Sts', 'Iam', 'Ssm', 'Rekognition', 'KinesisVideo', 'ServiceCatalog', 'CodeBuild', 'Bedrock',
];
/**
 * Throttling and server-side error codes shared by most AWS APIs, in both spellings: the API model's shape name
 * (DynamoDB's `InternalServerError`, EventBridge's `InternalException`) and the `Exception`-suffixed name AWS SDK
 * integrations always report (Developer Guide, "Learning to use AWS service SDK integrations").
 */
const TRANSIENT_CODES = [
  'ThrottlingException', 'ThrottledException', 'TooManyRequestsException', 'RequestLimitExceeded',
  'ProvisionedThroughputExceededException', 'ClientLimitExceededException', 'SlowDown',
  'ServiceUnavailable', 'ServiceUnavailableException', 'InternalServerException', 'InternalServerError',
  'InternalServerErrorException', 'InternalErrorException', 'InternalError', 'InternalException', 'InternalFailure',
  'ServiceException',
];
/** HTTP Task errors that a later attempt may not get: rate limiting and server errors. */
const HTTP_TRANSIENT = ['429', '500', '502', '503', '504'].map((code) => `States.Http.StatusCode.${code}`);
/** Errors of the optimized Lambda integration that mean "the Lambda service hiccupped", not "your code failed". */
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException', 'Lambda.TooManyRequestsException',
];

/** Options for {@link RetryPolicy.transientAwsErrors}. */
export interface TransientAwsErrorsOptions {
  /**
   * Delay before the first retry.
   * @default Duration.seconds(2)
   */
  readonly interval?: Duration;
  /**
   * Retries after the first attempt.
   * @default 6
   */
  readonly maxAttempts?: number;
  /**
   * Multiplier applied to the delay after each retry.
   * @default 2
   */
  readonly backoffRate?: number;
  /**
   * Upper bound of any single delay (ASL allows up to 31,622,400 seconds).
   * @default Duration.minutes(1)
   */
  readonly maxDelay?: Duration;
  /**
   * Jitter applied to each delay, so many executions throttled together do not retry together.
   * @default sfn.JitterType.FULL
   */
  readonly jitterStrategy?: sfn.JitterType;
  /**
   * More error names to treat as transient (for example a service's own throttling error).
   * @default - none
   */
  readonly additionalErrors?: string[];
  /**
   * Also retry `States.Timeout` (a task that exceeded its own timeout).
   * @default false
   */
  readonly retryTaskTimeouts?: boolean;
}

/**
 * A named retry preset, applied to any number of states in one call.
 *
 * @example
 * RetryPolicy.transientAwsErrors().applyTo(createAccount, describeAccount);
 */
export class RetryPolicy {
  /**
   * The error names the transient preset retries: the generic throttling and 5xx codes, the same codes
   * prefixed by the common services' SDK-integration names, and the Lambda service errors.
   */
  public static readonly TRANSIENT_AWS_ERRORS: string[] = [
    ...TRANSIENT_CODES,
    ...SERVICE_PREFIXES.flatMap((service) => TRANSIENT_CODES.map((code) => `${service}.${code}`)),
    ...LAMBDA_SERVICE_ERRORS,
    ...HTTP_TRANSIENT,
  ].filter((name, index, all) => all.indexOf(name) === index);

  /**
   * Retry throttling, 5xx and Lambda service errors with exponential backoff, full jitter and a max delay.
   * Business errors (validation, conflicts, access denied) are not retried: they would fail again.
   */
  public static transientAwsErrors(options: TransientAwsErrorsOptions = {}): RetryPolicy {
    const errors = [
      ...RetryPolicy.TRANSIENT_AWS_ERRORS,
      ...(options.additionalErrors ?? []),
      ...(options.retryTaskTimeouts ? [sfn.Errors.TIMEOUT] : []),
    ];
    return new RetryPolicy('transientAwsErrors', [{
      errors,
      interval: options.interval ?? Duration.seconds(2),
      maxAttempts: options.maxAttempts ?? 6,
      backoffRate: options.backoffRate ?? 2,
      maxDelay: options.maxDelay ?? Duration.minutes(1),
      jitterStrategy: options.jitterStrategy ?? sfn.JitterType.FULL,
    }], true);
  }

  /** No retries: every error goes straight to the state's Catch (or fails the execution). */
  public static none(): RetryPolicy {
    return new RetryPolicy('none', []);
  }

  /** Your own retriers, applied in order (the first whose errors match is used). */
  public static custom(retries: sfn.RetryProps[]): RetryPolicy {
    if (retries.length === 0) {
      throw new Error('RetryPolicy.custom: give at least one retrier (use RetryPolicy.none() for no retries)');
    }
    return new RetryPolicy('custom', retries);
  }

  private constructor(
    /** The preset's name (`transientAwsErrors`, `none` or `custom`). */
    public readonly name: string,
    /** The retriers this policy adds, in order. */
    public readonly retries: sfn.RetryProps[],
    private readonly narrowToTaskService = false,
  ) {}

  /**
   * Adds this policy's retriers to each task. The `transientAwsErrors` preset keeps, of its service-prefixed error
   * names, only those of the service the task calls (a task's errors carry its own service's prefix), so each Retry
   * lists a few dozen names instead of several hundred; a definition is limited to 1 MiB.
   */
  public applyTo(...tasks: sfn.TaskStateBase[]): RetryPolicy {
    for (const task of tasks) {
      const prefixes = this.narrowToTaskService ? errorPrefixesOf(task) : undefined;
      this.retries.forEach((retry) => task.addRetry(prefixes ? narrowRetry(retry, prefixes) : retry));
    }
    return this;
  }

  /** Adds this policy's retriers to each Parallel state. */
  public applyToParallel(...states: sfn.Parallel[]): RetryPolicy {
    for (const state of states) {
      this.retries.forEach((retry) => state.addRetry(retry));
    }
    return this;
  }

  /** Adds this policy's retriers to each Map state (inline or distributed). */
  public applyToMap(...states: sfn.Map[]): RetryPolicy {
    for (const state of states) {
      this.retries.forEach((retry) => state.addRetry(retry));
    }
    return this;
  }
}

/** Error prefixes of the integrations whose ARN service id differs from the prefix Step Functions reports. */
const PREFIXES_BY_SERVICE_ID: Record<string, string[]> = {
  states: ['StepFunctions', 'Sfn'],
  sfn: ['Sfn', 'StepFunctions'],
  events: ['EventBridge'],
  http: [],
};

/**
 * The error prefixes of the service a task calls, read from its Resource (`arn:aws:states:::aws-sdk:organizations:...`,
 * `arn:aws:states:::sagemaker:createTrainingJob.sync`, a Lambda ARN); undefined when the service is not recognised.
 */
function errorPrefixesOf(task: sfn.TaskStateBase): string[] | undefined {
  let resource: unknown;
  try {
    resource = (task.toStateJson() as { Resource?: unknown }).Resource;
  } catch {
    // A task that cannot render yet keeps the full list.
    return undefined;
  }
  if (typeof resource !== 'string') {
    return undefined;
  }
  const integration = /:states:::(?:aws-sdk:)?([a-z0-9-]+):/.exec(resource);
  const serviceId = integration?.[1] ?? (/:lambda:/.test(resource) ? 'lambda' : undefined);
  if (serviceId === undefined) {
    return undefined;
  }
  return PREFIXES_BY_SERVICE_ID[serviceId]
    ?? SERVICE_PREFIXES.filter((prefix) => prefix.toLowerCase() === serviceId.replace(/-/g, ''));
}

/** The retrier without the service-prefixed transient names of other services (extra errors are kept). */
function narrowRetry(retry: sfn.RetryProps, prefixes: string[]): sfn.RetryProps {
  const otherServices = new Set(SERVICE_PREFIXES.filter((prefix) => !prefixes.includes(prefix)));
  const isOtherServicesTransient = (name: string) => {
    const dot = name.indexOf('.');
    const transient = TRANSIENT_CODES.includes(name.slice(dot + 1)) || LAMBDA_SERVICE_ERRORS.includes(name);
    return dot > 0 && otherServices.has(name.slice(0, dot)) && transient;
  };
  return { ...retry, errors: retry.errors?.filter((name) => !isOtherServicesTransient(name)) };
}

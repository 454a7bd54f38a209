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
/** The HTTP Task's rate-limiting error ("Call HTTPS APIs in Step Functions workflows"). */
const HTTP_TOO_MANY_REQUESTS = 'States.Http.StatusCode.429';
/** The HTTP Task's server errors that a later attempt may not get. */
const HTTP_SERVER_ERRORS = ['500', '502', '503', '504'].map((code) => `States.Http.StatusCode.${code}`);
/** HTTP Task errors that a later attempt may not get: rate limiting and server errors. */
const HTTP_TRANSIENT = [HTTP_TOO_MANY_REQUESTS, ...HTTP_SERVER_ERRORS];
/**
 * The codes of TRANSIENT_CODES that one service's errors are listed with (the others are rare spellings of single
 * services), in the order the per-service retries of account-factory rendered them.
 */
const SERVICE_TRANSIENT_CODES = [
  'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException',
  'ServiceUnavailable', 'ServiceUnavailableException', 'InternalServerError', 'InternalServerException',
  'InternalServerErrorException', 'InternalFailure', 'InternalException', 'ServiceException',
];
/** AWS's common server errors as AWS SDK integrations name them (always with the `Exception` suffix). */
const SDK_SERVER_ERRORS = ['InternalFailureException', 'ServiceUnavailableException', 'InternalServerException'];
/** Errors of the optimized Lambda integration that mean "the Lambda service hiccupped", not "your code failed". */
const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException',
  'Lambda.ClientExecutionTimeoutException', 'Lambda.TooManyRequestsException',
];

/** The backoff of a retrier: every preset takes these, with its own defaults. */
export interface RetryBackoffOptions {
  /**
   * Delay before the first retry.
   * @default - the preset's (2 seconds for transient and throttling errors)
   */
  readonly interval?: Duration;
  /**
   * Retries after the first attempt.
   * @default - the preset's (6 for transient and throttling errors)
   */
  readonly maxAttempts?: number;
  /**
   * Multiplier applied to the delay after each retry.
   * @default 2
   */
  readonly backoffRate?: number;
  /**
   * Upper bound of any single delay (ASL allows up to 31,622,400 seconds).
   * @default - the preset's (1 minute for transient and throttling errors)
   */
  readonly maxDelay?: Duration;
  /**
   * Jitter applied to each delay, so many executions throttled together do not retry together.
   * @default - the preset's (sfn.JitterType.FULL except for resource limits)
   */
  readonly jitterStrategy?: sfn.JitterType;
}

/** Options for {@link RetryPolicy.transientAwsErrors}. */
export interface TransientAwsErrorsOptions extends RetryBackoffOptions {
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

/** Options for {@link RetryPolicy.transientServiceErrors}. */
export interface TransientServiceErrorsOptions extends TransientAwsErrorsOptions {
  /**
   * The prefix Step Functions gives the called service's errors: `Organizations`, `DynamoDb` (AWS SDK integration),
   * `DynamoDB` (optimized integration), `EventBridge`, `StepFunctions`, `CloudFormation`.
   */
  readonly errorPrefix: string;
}

/** Options for {@link RetryPolicy.throttling}. */
export interface ThrottlingOptions extends RetryBackoffOptions {
  /**
   * The called service's own throttling errors (for example `SageMaker.AmazonSageMakerException`, the name under
   * which SageMaker's optimized integrations report throttling).
   * @default - none
   */
  readonly serviceErrors?: string[];
}

/** Options for {@link RetryPolicy.serverErrorsOnRead}. */
export interface ServerErrorsOnReadOptions extends RetryBackoffOptions {
  /**
   * The prefix of the called service's AWS SDK integration errors (`SageMaker`); its `InternalFailureException`,
   * `ServiceUnavailableException` and `InternalServerException` are retried with the HTTP Task's 5xx codes.
   * @default - only the HTTP Task's 5xx codes
   */
  readonly errorPrefix?: string;
}

/** Options for {@link RetryPolicy.resourceLimits}. */
export interface ResourceLimitsOptions extends RetryBackoffOptions {
  /** The quota errors to wait out (for example `SageMaker.ResourceLimitExceededException`). */
  readonly errors: string[];
}

/** One retrier of a policy, and whether its service-prefixed names are narrowed to the task's service. */
interface PolicyRetrier {
  readonly retry: sfn.RetryProps;
  readonly narrowToTaskService: boolean;
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
    return new RetryPolicy('transientAwsErrors', [{ retry: transientBackoff(errors, options), narrowToTaskService: true }]);
  }

  /**
   * The transient preset for tasks of one service, listing only that service's error names (about 0.5 KB per task
   * instead of several KB; a definition is limited to 1 MiB): throttling and server faults under the service's prefix,
   * then `additionalErrors`, then `States.Timeout` if asked. Same backoff as {@link transientAwsErrors}.
   */
  public static transientServiceErrors(options: TransientServiceErrorsOptions): RetryPolicy {
    const errors = [
      ...SERVICE_TRANSIENT_CODES.map((code) => `${options.errorPrefix}.${code}`),
      ...(options.additionalErrors ?? []),
      ...(options.retryTaskTimeouts ? [sfn.Errors.TIMEOUT] : []),
    ];
    return new RetryPolicy('transientServiceErrors', [{ retry: transientBackoff(errors, options), narrowToTaskService: false }]);
  }

  /**
   * Retry throttling only (`ThrottlingException`, the service's own throttling errors, the HTTP Task's 429):
   * for calls where any other error, a server fault included, must fail at once. Same backoff as
   * {@link transientAwsErrors}.
   */
  public static throttling(options: ThrottlingOptions = {}): RetryPolicy {
    const errors = ['ThrottlingException', ...(options.serviceErrors ?? []), HTTP_TOO_MANY_REQUESTS];
    return new RetryPolicy('throttling', [{ retry: transientBackoff(errors, options), narrowToTaskService: false }]);
  }

  /**
   * Retry server errors (5xx) of calls that are safe to repeat (reads such as Describe* or GET, idempotent
   * cancels): 4 retries from 5 seconds, x2, full jitter, so a poll does not fail an hours-long job.
   */
  public static serverErrorsOnRead(options: ServerErrorsOnReadOptions = {}): RetryPolicy {
    const errors = [
      ...HTTP_SERVER_ERRORS,
      // AWS SDK integration names always end in `Exception`: AWS's common errors InternalFailure (500) and
      // ServiceUnavailable (503) arrive so.
      ...(options.errorPrefix ? SDK_SERVER_ERRORS.map((code) => `${options.errorPrefix}.${code}`) : []),
    ];
    return new RetryPolicy('serverErrorsOnRead', [{
      retry: {
        errors,
        interval: options.interval ?? Duration.seconds(5),
        backoffRate: options.backoffRate ?? 2,
        maxAttempts: options.maxAttempts ?? 4,
        maxDelay: options.maxDelay,
        jitterStrategy: options.jitterStrategy ?? sfn.JitterType.FULL,
      },
      narrowToTaskService: false,
    }]);
  }

  /**
   * Wait out account quotas (concurrent jobs, instances) that clear when other work finishes: 5 retries from
   * 1 minute, x2, at most 10 minutes apart.
   */
  public static resourceLimits(options: ResourceLimitsOptions): RetryPolicy {
    return new RetryPolicy('resourceLimits', [{
      retry: {
        errors: options.errors,
        interval: options.interval ?? Duration.minutes(1),
        backoffRate: options.backoffRate ?? 2,
        maxAttempts: options.maxAttempts ?? 5,
        maxDelay: options.maxDelay ?? Duration.minutes(10),
        jitterStrategy: options.jitterStrategy,
      },
      narrowToTaskService: false,
    }]);
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
    return new RetryPolicy('custom', retries.map((retry) => ({ retry, narrowToTaskService: false })));
  }

  /**
   * The retriers of several policies, in order: a state uses the first retrier whose errors match, so list the
   * narrower policies first.
   *
   * @example
   * RetryPolicy.combine(RetryPolicy.throttling(), RetryPolicy.resourceLimits({ errors: ['SageMaker.ResourceLimitExceededException'] }))
   */
  public static combine(...policies: RetryPolicy[]): RetryPolicy {
    return new RetryPolicy(policies.map((policy) => policy.name).join('+'), policies.flatMap((policy) => policy.retriers));
  }

  /** The preset's name (`transientAwsErrors`, `throttling`, `none`, `custom`; combined names joined with `+`). */
  public readonly name: string;
  private readonly retriers: PolicyRetrier[];

  private constructor(name: string, retriers: PolicyRetrier[]) {
    this.name = name;
    this.retriers = retriers;
  }

  /** The retriers this policy adds, in order. */
  public get retries(): sfn.RetryProps[] {
    return this.retriers.map((retrier) => retrier.retry);
  }

  /**
   * Adds this policy's retriers to each task. The `transientAwsErrors` preset keeps, of its service-prefixed error
   * names, only those of the service the task calls (a task's errors carry its own service's prefix), so each Retry
   * lists a few dozen names instead of several hundred; a definition is limited to 1 MiB.
   */
  public applyTo(...tasks: sfn.TaskStateBase[]): RetryPolicy {
    for (const task of tasks) {
      const prefixes = errorPrefixesOf(task);
      this.retriers.forEach(({ retry, narrowToTaskService }) =>
        task.addRetry(narrowToTaskService && prefixes ? narrowRetry(retry, prefixes) : retry));
    }
    return this;
  }

  /** Adds this policy's retriers to each custom state (a Task written as ASL, for example an HTTP Task). */
  public applyToCustom(...states: sfn.CustomState[]): RetryPolicy {
    states.forEach((state) => this.retries.forEach((retry) => state.addRetry(retry)));
    return this;
  }

  /** Adds this policy's retriers to each Parallel state. */
  public applyToParallel(...states: sfn.Parallel[]): RetryPolicy {
    states.forEach((state) => this.retries.forEach((retry) => state.addRetry(retry)));
    return this;
  }

  /** Adds this policy's retriers to each Map state (inline or distributed). */
  public applyToMap(...states: sfn.Map[]): RetryPolicy {
    states.forEach((state) => this.retries.forEach((retry) => state.addRetry(retry)));
    return this;
  }
}

/** The backoff of the transient and throttling presets: 6 retries from 2 s, x2, capped at 1 minute, full jitter. */
function transientBackoff(errors: string[], options: RetryBackoffOptions): sfn.RetryProps {
  return {
    errors,
    interval: options.interval ?? Duration.seconds(2),
    maxAttempts: options.maxAttempts ?? 6,
    backoffRate: options.backoffRate ?? 2,
    maxDelay: options.maxDelay ?? Duration.minutes(1),
    jitterStrategy: options.jitterStrategy ?? sfn.JitterType.FULL,
  };
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

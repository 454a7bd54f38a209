import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * Throttling errors as the SageMaker optimized integrations and the HTTP Task report them. The optimized SageMaker
 * integrations report service errors, throttling included, as `SageMaker.AmazonSageMakerException` (Step Functions
 * Developer Guide, "Create and manage Amazon SageMaker AI jobs with Step Functions", training job example); the
 * HTTP Task reports `States.Http.StatusCode.<code>` ("Call HTTPS APIs in Step Functions workflows"). The attempts
 * are bounded, so a request SageMaker rejects still fails the stage after them.
 */
export const THROTTLING_ERRORS = [
  'ThrottlingException',
  'SageMaker.AmazonSageMakerException',
  'States.Http.StatusCode.429',
];

/**
 * SageMaker's account quotas (concurrent jobs, instances): they clear when other jobs finish, so wait longer. The
 * optimized integrations name it `SageMaker.ResourceLimitExceededException` (same guide page), and so does the AWS
 * SDK integration: its errors always carry the `Exception` suffix, even where the API model's shape
 * (`ResourceLimitExceeded`) has none (Developer Guide, "Learning to use AWS service SDK integrations", the
 * `S3.BucketAlreadyExistsException` example).
 */
export const RESOURCE_LIMIT_ERRORS = [
  'SageMaker.ResourceLimitExceededException',
];

/** Every error the stages retry; anything else fails the stage at once (retrying a bad request only wastes time). */
export const RETRIED_ERRORS = [...THROTTLING_ERRORS, ...RESOURCE_LIMIT_ERRORS];

const THROTTLING_ATTEMPTS = 6;
const RESOURCE_LIMIT_ATTEMPTS = 5;

/** Retries only throttling and resource-limit errors, with exponential backoff and jitter. */
export function retryThrottlingAndLimits(state: sfn.TaskStateBase | sfn.CustomState): void {
  state.addRetry({
    errors: THROTTLING_ERRORS,
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: THROTTLING_ATTEMPTS,
    maxDelay: Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  });
  state.addRetry({
    errors: RESOURCE_LIMIT_ERRORS,
    interval: Duration.minutes(1),
    backoffRate: 2,
    maxAttempts: RESOURCE_LIMIT_ATTEMPTS,
    maxDelay: Duration.minutes(10),
  });
}

/**
 * Throttling as the HTTP Task reports it: `States.Http.StatusCode.429` (Step Functions Developer Guide, "Call HTTPS
 * APIs in Step Functions workflows"). The Databricks calls are HTTP Tasks, so no SageMaker error can reach them.
 */
export function retryHttpThrottling(state: sfn.TaskStateBase): void {
  state.addRetry({
    errors: ['States.Http.StatusCode.429'],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: THROTTLING_ATTEMPTS,
    maxDelay: Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/** Server errors of the HTTP Task's calls (Databricks). */
export const HTTP_SERVER_ERRORS = [
  'States.Http.StatusCode.500',
  'States.Http.StatusCode.502',
  'States.Http.StatusCode.503',
  'States.Http.StatusCode.504',
];

/**
 * Server errors of SageMaker's AWS SDK integration: names always end in `Exception` (see RESOURCE_LIMIT_ERRORS), so
 * AWS's common errors InternalFailure (500) and ServiceUnavailable (503) arrive so.
 */
export const SAGEMAKER_SERVER_ERRORS = [
  'SageMaker.InternalFailureException',
  'SageMaker.ServiceUnavailableException',
  'SageMaker.InternalServerException',
];

/**
 * For reads (Describe*, GET) and calls that are safe to repeat (`runs/cancel` from the run canceller): also retries
 * server errors (`errors`), since repeating them has no further effect, and a poll must not fail an hours-long job.
 */
export function retryServerErrorsOnRead(state: sfn.TaskStateBase, errors: string[]): void {
  state.addRetry({ errors, interval: Duration.seconds(5), backoffRate: 2, maxAttempts: 4, jitterStrategy: sfn.JitterType.FULL });
}

import { RetryPolicy } from '@statecraft/process-orchestration';

/**
 * The pipeline's retry choices, built from process-orchestration's RetryPolicy presets. Only throttling and resource
 * limits are retried on calls that start work; anything else fails the stage at once (retrying a bad request only
 * wastes time), and the attempts are bounded, so a request SageMaker rejects still fails the stage after them.
 */

/**
 * SageMaker's optimized integrations report service errors, throttling included, as
 * `SageMaker.AmazonSageMakerException` (Step Functions Developer Guide, "Create and manage Amazon SageMaker AI jobs
 * with Step Functions", training job example). Account quotas (concurrent jobs, instances) clear when other jobs
 * finish, so `SageMaker.ResourceLimitExceededException` is waited out for longer: the optimized integrations name it
 * so, and so does the AWS SDK integration, whose errors always carry the `Exception` suffix even where the API model's
 * shape (`ResourceLimitExceeded`) has none (Developer Guide, "Learning to use AWS service SDK integrations", the
 * `S3.BucketAlreadyExistsException` example).
 */
export const SAGEMAKER_CALLS = RetryPolicy.combine(
  RetryPolicy.throttling({ serviceErrors: ['SageMaker.AmazonSageMakerException'] }),
  RetryPolicy.resourceLimits({ errors: ['SageMaker.ResourceLimitExceededException'] }),
);

/** SageMaker reads (DescribeEndpoint): also its server errors, since repeating a read has no further effect. */
export const SAGEMAKER_READS = RetryPolicy.combine(SAGEMAKER_CALLS, RetryPolicy.serverErrorsOnRead({ errorPrefix: 'SageMaker' }));

/**
 * Databricks calls are HTTP Tasks, which report throttling as `States.Http.StatusCode.429` (Developer Guide, "Call
 * HTTPS APIs in Step Functions workflows"); `run-now` carries an idempotency token, so a retry starts no second run.
 */
export const DATABRICKS_CALLS = RetryPolicy.throttling();

/**
 * Databricks reads (`runs/get`) and cancels: also HTTP 5xx, since repeating them has no further effect, and one bad
 * answer must not cancel a run of hours.
 */
export const DATABRICKS_READS = RetryPolicy.combine(DATABRICKS_CALLS, RetryPolicy.serverErrorsOnRead());

/** Lambda stages: throttling only (`Lambda.TooManyRequestsException` besides the generic names). */
export const LAMBDA_CALLS = RetryPolicy.throttling({ serviceErrors: ['Lambda.TooManyRequestsException'] });

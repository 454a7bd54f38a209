import { Integration } from './integration';

/** The faults a sweep injects at each Task state. */
export type FaultKind = 'throttling' | 'serviceError' | 'timeout' | 'transient';

export const ALL_FAULTS: readonly FaultKind[] = ['throttling', 'serviceError', 'timeout', 'transient'];

/**
 * Error-name prefix per service id in the Resource ARN. Step Functions names service errors `<Prefix>.<Exception>`.
 * AWS SDK integrations use the SDK's service name, which differs from the optimized integration in a few places
 * (DynamoDB's optimized integration raises `DynamoDB.*`, its aws-sdk integration `DynamoDb.*`).
 */
const PREFIX: Record<string, string> = {
  organizations: 'Organizations',
  sagemaker: 'SageMaker',
  lambda: 'Lambda',
  dynamodb: 'DynamoDB',
  sns: 'SNS',
  sqs: 'SQS',
  states: 'StepFunctions',
  sfn: 'Sfn',
  s3: 'S3',
  cloudformation: 'CloudFormation',
  ecs: 'ECS',
  batch: 'Batch',
  glue: 'Glue',
  events: 'EventBridge',
  eventbridge: 'EventBridge',
  rekognition: 'Rekognition',
  kinesisvideo: 'KinesisVideo',
  servicecatalog: 'ServiceCatalog',
  ssm: 'Ssm',
  iam: 'Iam',
  sts: 'Sts',
  codebuild: 'CodeBuild',
  athena: 'Athena',
  bedrock: 'Bedrock',
};
const SDK_PREFIX_OVERRIDES: Record<string, string> = { dynamodb: 'DynamoDb', sns: 'Sns', sqs: 'Sqs' };

/** Throttling error per service: the name each API returns when its rate limit is hit. */
const THROTTLING: Record<string, string> = {
  organizations: 'TooManyRequestsException', // Organizations API rate limits
  sagemaker: 'ThrottlingException', // SageMaker control plane
  lambda: 'TooManyRequestsException', // Lambda concurrency or Invoke rate exceeded
  dynamodb: 'ProvisionedThroughputExceededException', // table or index throughput exceeded
  sns: 'ThrottledException', // SNS Publish rate
  sqs: 'ThrottlingException', // SQS API rate
  states: 'ThrottlingException', // StartExecution token bucket
  sfn: 'ThrottlingException',
  s3: 'SlowDown', // S3 503 SlowDown
  cloudformation: 'ThrottlingException', // StackSets and stack API rates
  rekognition: 'ThrottlingException',
  kinesisvideo: 'ClientLimitExceededException', // KVS control plane calls per second
  events: 'ThrottlingException', // PutEvents quota
  servicecatalog: 'ThrottlingException',
};

/** Transient 5xx-style error per service: clears on retry. */
const TRANSIENT: Record<string, string> = {
  lambda: 'ServiceException', // Lambda 500
  sagemaker: 'InternalFailure', // SageMaker 500
  organizations: 'ServiceException', // Organizations 500
  dynamodb: 'InternalServerErrorException',
  sns: 'InternalErrorException',
  s3: 'InternalError',
  states: 'InternalServerErrorException',
};

/** Non-retryable error per service: the request itself is wrong or not allowed. */
const NON_RETRYABLE: Record<string, string> = {
  organizations: 'AccessDeniedException', // missing permission: retrying cannot help
  lambda: 'InvalidRequestContentException', // malformed payload
  dynamodb: 'ConditionalCheckFailedException', // condition on the item not met
  s3: 'NoSuchKey',
  sns: 'InvalidParameterException',
  states: 'InvalidArnException',
};

function prefixFor(integration: Integration): string | undefined {
  const service = integration.service.toLowerCase();
  return (integration.sdk ? SDK_PREFIX_OVERRIDES[service] : undefined) ?? PREFIX[service];
}

/** The error name a sweep injects for this fault at a task calling this integration. */
export function faultErrorName(fault: FaultKind, integration: Integration): string {
  const service = integration.service.toLowerCase();
  if (fault === 'timeout') {
    return 'States.Timeout'; // task exceeded TimeoutSeconds or HeartbeatSeconds
  }
  if (service === 'http') {
    // HTTP Task errors carry the status code.
    return { throttling: 'States.Http.StatusCode.429', transient: 'States.Http.StatusCode.503', serviceError: 'States.Http.StatusCode.400' }[fault];
  }
  if (service === 'sagemaker' && !integration.sdk) {
    // The optimized SageMaker integrations report throttling and service errors under the SDK's exception class
    // (Step Functions Developer Guide, "Create and manage Amazon SageMaker AI jobs", training job example).
    return 'SageMaker.AmazonSageMakerException';
  }
  const prefix = prefixFor(integration);
  if (fault === 'throttling') {
    const name = THROTTLING[service];
    return prefix && name ? `${prefix}.${name}` : prefix ? `${prefix}.ThrottlingException` : 'ThrottlingException';
  }
  if (fault === 'transient') {
    const name = TRANSIENT[service];
    return prefix && name ? `${prefix}.${name}` : prefix ? `${prefix}.InternalServerException` : 'ServiceUnavailable';
  }
  const name = NON_RETRYABLE[service];
  return prefix && name ? `${prefix}.${name}` : prefix ? `${prefix}.ValidationException` : 'ValidationException';
}

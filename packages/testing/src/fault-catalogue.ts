import { AwsSdkClientModel } from './api-models/aws-sdk-client-model';
import { Integration } from './integration';

/** The faults a sweep injects at each Task state. */
export type FaultKind = 'throttling' | 'serviceError' | 'timeout' | 'transient';

export const ALL_FAULTS: readonly FaultKind[] = ['throttling', 'serviceError', 'timeout', 'transient'];

/** The error names one kind of integration fails with, and where AWS documents them. */
export interface FaultCatalogueEntry {
  readonly throttling: string;
  readonly transient: string;
  readonly serviceError: string;
  readonly source: string;
}

/** Step Functions' own errors: a Task past TimeoutSeconds, a callback past HeartbeatSeconds. */
export const TIMEOUT_FAULT = {
  error: 'States.Timeout',
  source: 'Step Functions Developer Guide, "Handling errors in Step Functions workflows", Error names: States.Timeout (a Task ran '
    + 'longer than TimeoutSeconds or did not send a heartbeat within HeartbeatSeconds; a .waitForTaskToken callback that never comes)',
};

/** The integrations whose error names the Step Functions Developer Guide gives explicitly. */
export const DOCUMENTED_FAULTS: Record<string, FaultCatalogueEntry> = {
  http: {
    throttling: 'States.Http.StatusCode.429',
    transient: 'States.Http.StatusCode.503',
    serviceError: 'States.Http.StatusCode.400',
    source: 'Step Functions Developer Guide, "Call HTTPS APIs in Step Functions workflows": a failed HTTP Task reports States.Http.StatusCode.<code>',
  },
  lambda: {
    throttling: 'Lambda.TooManyRequestsException',
    transient: 'Lambda.ServiceException',
    serviceError: 'Lambda.InvalidRequestContentException',
    source: 'Step Functions Developer Guide, "Handle transient Lambda service exceptions" (Lambda.ServiceException, Lambda.AWSLambdaException, '
      + 'Lambda.SdkClientException); Lambda API Reference, Invoke, Errors (TooManyRequestsException 429, InvalidRequestContentException 400)',
  },
  sagemaker: {
    throttling: 'SageMaker.AmazonSageMakerException',
    transient: 'SageMaker.AmazonSageMakerException',
    serviceError: 'SageMaker.AmazonSageMakerException',
    source: 'Step Functions Developer Guide, "Create and manage Amazon SageMaker AI jobs with Step Functions", training job example: the '
      + 'optimized integrations report service errors, throttling included, as SageMaker.AmazonSageMakerException (quota: '
      + 'SageMaker.ResourceLimitExceededException)',
  },
};

/**
 * Every other integration fails with `<Service>.<ErrorShape>`, the shape being one of the error shapes of the
 * operation's API model (Step Functions Developer Guide, "Use AWS SDK service integrations"; the shapes are those of
 * `@aws-sdk/client-<service>`). The first name of each list that the model defines is injected.
 */
const MODEL_ERROR_PREFERENCE: Record<'throttling' | 'transient' | 'serviceError', readonly string[]> = {
  throttling: ['TooManyRequestsException', 'ProvisionedThroughputExceededException', 'ThrottlingException', 'ThrottledException', 'RequestThrottledException'],
  transient: ['ServiceException', 'InternalServerErrorException', 'InternalServerError', 'InternalServerException', 'InternalErrorException', 'InternalException', 'ServerException', 'InternalFailure', 'ServiceUnavailableException'],
  serviceError: ['AccessDeniedException', 'ConditionalCheckFailedException', 'InvalidParameterException', 'InvalidArnException', 'ValidationException', 'InvalidRequestException', 'NoSuchKey', 'ClientException'],
};

/**
 * AWS's common errors, for a service whose model defines none of the names above: every AWS API Reference lists them
 * on its "Common Errors" page (ThrottlingException 400, ServiceUnavailable 503, ValidationError 400).
 */
const COMMON_ERRORS = { throttling: 'ThrottlingException', transient: 'ServiceUnavailable', serviceError: 'ValidationException' };

/**
 * Error-name prefix per service id in the Resource ARN. AWS SDK integrations use the SDK's service name, which differs
 * from the optimized integration's in a few places (DynamoDB's optimized integration raises `DynamoDB.*`, its aws-sdk
 * integration `DynamoDb.*`: Developer Guide, "Call DynamoDB APIs with Step Functions").
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
  sagemakerruntime: 'SageMakerRuntime',
};
const SDK_PREFIX_OVERRIDES: Record<string, string> = { dynamodb: 'DynamoDb', sns: 'Sns', sqs: 'Sqs' };
/** The model service of an optimized integration's service id. */
const MODEL_SERVICE: Record<string, string> = { states: 'sfn', events: 'eventbridge' };

/** The error name a sweep injects for this fault at a task calling this integration. */
export function faultErrorName(fault: FaultKind, integration: Integration): string {
  if (fault === 'timeout') return TIMEOUT_FAULT.error;
  const service = integration.service.toLowerCase();
  const documented = integration.sdk ? undefined : DOCUMENTED_FAULTS[service];
  if (documented) return documented[fault];
  const prefix = (integration.sdk ? SDK_PREFIX_OVERRIDES[service] : undefined) ?? PREFIX[service];
  const shape = modelErrorShape(MODEL_SERVICE[service] ?? service, fault) ?? COMMON_ERRORS[fault];
  const name = integration.sdk ? withExceptionSuffix(shape) : shape;
  return prefix ? `${prefix}.${name}` : name;
}

/**
 * AWS SDK integrations always name an error with the `Exception` suffix, even where the service's API reference (and
 * model) has none: S3's `BucketAlreadyExists` is caught as `S3.BucketAlreadyExistsException` (Step Functions
 * Developer Guide, "Learning to use AWS service SDK integrations in Step Functions", Using AWS SDK service
 * integrations, the note on the Exception suffix).
 */
function withExceptionSuffix(shape: string): string {
  return shape.endsWith('Exception') ? shape : `${shape}Exception`;
}

/** The first preferred error shape the service's API model defines, when its client package is installed. */
function modelErrorShape(service: string, fault: 'throttling' | 'transient' | 'serviceError'): string | undefined {
  let model: AwsSdkClientModel;
  try {
    model = AwsSdkClientModel.load(service);
  } catch {
    return undefined;
  }
  return MODEL_ERROR_PREFERENCE[fault].find((name) => model.definesError(name));
}

import { Integration } from '../integration';

/**
 * The AWS API operation behind a Task's integration, as the Step Functions Developer Guide describes it: an AWS SDK
 * integration (`aws-sdk:<service>:<action>`) calls the action of the service's API ("Use AWS SDK service
 * integrations"); an optimized integration calls the API operation its service page names, and `.sync` returns the
 * matching Describe* output ("Discover service integration patterns", Run a Job (.sync)). Members that Step Functions
 * lets a state pass as JSON where the API has a string (a Lambda payload, an execution's input) are listed, and
 * accept any JSON.
 */
export interface IntegrationOperation {
  /** The service id of its model (`@aws-sdk/client-<service>`). */
  readonly service: string;
  /** The operation the request is checked against. */
  readonly requestOperation: string;
  /** The operation whose output the result is checked against, or a structure by name (`shape:JobDetail`). */
  readonly result?: string;
  /** Dotted member paths (`Entries[].Detail`) that accept any JSON in the request. */
  readonly jsonRequestMembers?: readonly string[];
  /** The same in the result. */
  readonly jsonResultMembers?: readonly string[];
}

interface Optimized {
  readonly service: string;
  readonly operation: string;
  readonly jsonRequestMembers?: readonly string[];
  readonly jsonResultMembers?: readonly string[];
  /** What `.sync` (`.sync:2` for Step Functions) returns. */
  readonly sync?: string;
  readonly syncJsonResultMembers?: readonly string[];
}

/** The optimized integrations the Statecraft libraries use, from each service's page of the Developer Guide. */
const OPTIMIZED: Record<string, Optimized> = {
  // "Invoke an AWS Lambda function with Step Functions": Payload is the function's JSON input and output.
  'lambda:invoke': { service: 'lambda', operation: 'Invoke', jsonRequestMembers: ['Payload'], jsonResultMembers: ['Payload'] },
  // "Call DynamoDB APIs with Step Functions".
  'dynamodb:getItem': { service: 'dynamodb', operation: 'GetItem' },
  'dynamodb:putItem': { service: 'dynamodb', operation: 'PutItem' },
  'dynamodb:updateItem': { service: 'dynamodb', operation: 'UpdateItem' },
  'dynamodb:deleteItem': { service: 'dynamodb', operation: 'DeleteItem' },
  // "Publish messages to an Amazon SNS topic with Step Functions": Message may be JSON.
  'sns:publish': { service: 'sns', operation: 'Publish', jsonRequestMembers: ['Message'] },
  // "Send messages to an Amazon SQS queue with Step Functions": MessageBody may be JSON.
  'sqs:sendMessage': { service: 'sqs', operation: 'SendMessage', jsonRequestMembers: ['MessageBody'] },
  // "Add EventBridge events with Step Functions": Detail may be JSON.
  'events:putEvents': { service: 'eventbridge', operation: 'PutEvents', jsonRequestMembers: ['Entries[].Detail'] },
  // "Start a new AWS Step Functions state machine execution": Input may be JSON; .sync returns DescribeExecution,
  // .sync:2 the same with Input and Output as JSON.
  'states:startExecution': {
    service: 'sfn', operation: 'StartExecution', jsonRequestMembers: ['Input'], sync: 'DescribeExecution', syncJsonResultMembers: ['Input', 'Output'],
  },
  // "Create and manage Amazon SageMaker AI jobs with Step Functions".
  'sagemaker:createModel': { service: 'sagemaker', operation: 'CreateModel' },
  'sagemaker:createEndpointConfig': { service: 'sagemaker', operation: 'CreateEndpointConfig' },
  'sagemaker:createEndpoint': { service: 'sagemaker', operation: 'CreateEndpoint' },
  'sagemaker:updateEndpoint': { service: 'sagemaker', operation: 'UpdateEndpoint' },
  'sagemaker:createTrainingJob': { service: 'sagemaker', operation: 'CreateTrainingJob', sync: 'DescribeTrainingJob' },
  'sagemaker:createTransformJob': { service: 'sagemaker', operation: 'CreateTransformJob', sync: 'DescribeTransformJob' },
  'sagemaker:createLabelingJob': { service: 'sagemaker', operation: 'CreateLabelingJob', sync: 'DescribeLabelingJob' },
  'sagemaker:createProcessingJob': { service: 'sagemaker', operation: 'CreateProcessingJob', sync: 'DescribeProcessingJob' },
  // "Run AWS Batch workloads with Step Functions": .sync returns the job's description (DescribeJobs' JobDetail).
  'batch:submitJob': { service: 'batch', operation: 'SubmitJob', sync: 'shape:JobDetail' },
};

/** The operation an integration calls, or undefined for what no AWS model describes (HTTP Task, activities, Lambda ARNs). */
export function integrationOperation(integration: Integration): IntegrationOperation | undefined {
  if (!/^arn:[^:]+:states:::/.test(integration.resource)) {
    // A Lambda function or activity ARN: the state's input goes to the function as is and its output comes back as is.
    return undefined;
  }
  if (integration.sdk) {
    const operation = integration.action.charAt(0).toUpperCase() + integration.action.slice(1);
    return { service: integration.service, requestOperation: operation, result: operation };
  }
  const optimized = OPTIMIZED[integration.key];
  if (!optimized) return undefined;
  const common = { service: optimized.service, requestOperation: optimized.operation, jsonRequestMembers: optimized.jsonRequestMembers };
  if (integration.pattern === 'WAIT_FOR_TASK_TOKEN') {
    // The result is whatever the worker sends with SendTaskSuccess: no model describes it.
    return common;
  }
  if (integration.pattern === 'RUN_JOB') {
    const sync2 = integration.resource.endsWith('.sync:2');
    return { ...common, result: optimized.sync, jsonResultMembers: sync2 ? optimized.syncJsonResultMembers : undefined };
  }
  return { ...common, result: optimized.operation, jsonResultMembers: optimized.jsonResultMembers };
}

/** The optimized integrations whose requests and results are checked, for the README and the static check. */
export const CHECKED_OPTIMIZED_INTEGRATIONS: readonly string[] = Object.keys(OPTIMIZED);

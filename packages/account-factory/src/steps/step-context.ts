import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/** What every step builder needs: where to add states, the registry and the event bus. (Internal.) */
export interface StepContext {
  readonly scope: Construct;
  readonly table: dynamodb.ITable;
  readonly eventBus: events.IEventBus;
  readonly eventSource: string;
  /**
   * Where the ARN of the execution the steps act for is read: `$$.Execution.Id` in the workflow itself, the watched
   * execution's ARN in a workflow that runs after it (failure bookkeeping).
   * @default '$$.Execution.Id'
   */
  readonly executionArnPath?: string;
}

/** The execution the steps act for (see `StepContext.executionArnPath`). */
export function executionArnPath(ctx: StepContext): string {
  return ctx.executionArnPath ?? '$$.Execution.Id';
}

/** Throttling and server-side error codes of AWS APIs: retrying can help. */
const TRANSIENT_CODES = [
  'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException',
  'ServiceUnavailable', 'ServiceUnavailableException', 'InternalServerError', 'InternalServerException',
  'InternalServerErrorException', 'InternalFailure', 'InternalException', 'ServiceException',
];

/** The error-name prefix Step Functions uses for each service's AWS SDK integration. */
const SERVICE_PREFIXES: { [service: string]: string } = {
  dynamodb: 'DynamoDb', organizations: 'Organizations', cloudformation: 'CloudFormation', events: 'EventBridge', states: 'StepFunctions',
};

/**
 * Retries an AWS call on throttling, server-side faults and task timeouts: 6 retries from 2 s, x2, capped at
 * 1 minute, with full jitter. Only the calling service's error names are listed (a list of every service's
 * names on every task would take ~9 KB per task, against the 1 MB definition limit).
 */
export function retryTransient(task: sfn.TaskStateBase, service: string, extraErrors: string[] = []): void {
  const prefix = SERVICE_PREFIXES[service] ?? service;
  task.addRetry({
    errors: [...TRANSIENT_CODES.map((code) => `${prefix}.${code}`), ...extraErrors, sfn.Errors.TIMEOUT],
    interval: Duration.seconds(2),
    backoffRate: 2,
    maxAttempts: 6,
    maxDelay: Duration.minutes(1),
    jitterStrategy: sfn.JitterType.FULL,
  });
}

/** Props of one AWS SDK call made through a direct service integration (no Lambda). */
export interface SdkCallProps {
  readonly service: string;
  readonly action: string;
  readonly parameters: { [key: string]: any };
  readonly iamResources: string[];
  readonly iamAction?: string;
  readonly resultPath?: string | null;
  readonly resultSelector?: { [key: string]: any };
  readonly comment?: string;
  readonly retryAlso?: string[];
  /**
   * Organizations contention (`TooManyRequestsException`, `ConcurrentModificationException`): retried first,
   * longer than generic throttling (up to ~15 minutes), with full jitter so many tenants do not retry together.
   */
  readonly contention?: boolean;
}

/** Organizations' own contention errors. */
export const ORGANIZATIONS_CONTENTION = ['Organizations.TooManyRequestsException', 'Organizations.ConcurrentModificationException'];

/** An AWS SDK integration task with the transient-error retries every call gets. */
export function sdkCall(scope: Construct, id: string, props: SdkCallProps): tasks.CallAwsService {
  const task = tasks.CallAwsService.jsonPath(scope, id, {
    service: props.service,
    action: props.action,
    parameters: props.parameters,
    iamResources: props.iamResources,
    iamAction: props.iamAction,
    // '$' is the default; leaving it out also keeps aws-local-stepfunctions from reading it as a key named '$'.
    resultPath: props.resultPath === null ? sfn.JsonPath.DISCARD : props.resultPath === '$' ? undefined : props.resultPath,
    resultSelector: props.resultSelector,
    comment: props.comment,
  });
  if (props.contention) {
    task.addRetry({
      errors: ORGANIZATIONS_CONTENTION,
      interval: Duration.seconds(5),
      backoffRate: 2,
      maxDelay: Duration.minutes(2),
      maxAttempts: 10,
      jitterStrategy: sfn.JitterType.FULL,
    });
  }
  retryTransient(task, props.service, props.retryAlso);
  return task;
}

/**
 * A Fail state with a static error and a cause computed by an intrinsic function: a Pass writes the cause
 * to `$.failure.Cause` first (aws-local-stepfunctions, used by the tests, cannot evaluate an intrinsic in
 * CausePath). Returns the Pass.
 */
export function failWithCause(scope: Construct, id: string, error: string, causeIntrinsic: string): sfn.State {
  const describe = new sfn.Pass(scope, `Describe ${id}`, {
    parameters: { 'Error': error, 'Cause.$': causeIntrinsic },
    resultPath: '$.failure',
  });
  describe.next(new sfn.Fail(scope, id, { error, causePath: '$.failure.Cause' }));
  return describe;
}

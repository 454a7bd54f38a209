import { RetryPolicy } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyErrors, CvSafetyEvents } from './cv-safety-errors';
import { LabelingBackend, LabelingBackendBindOptions, LabelingBackendConfig } from './labeling-backend';

/** How long a callback labeling job may take and how often the tool must show it is alive. */
export interface CallbackTimingProps {
  /** The longest the workflow waits for the tool's answer. @default Duration.days(7) */
  readonly timeout?: Duration;
  /**
   * The tool must call `SendTaskHeartbeat` at least this often, so a tool that died is noticed before `timeout`.
   * @default - no heartbeat required
   */
  readonly heartbeat?: Duration;
}

/** Props for {@link SqsCallbackBackend}. */
export interface SqsCallbackBackendProps extends CallbackTimingProps {
  /** The queue the labeling tool reads requests from. */
  readonly queue: sqs.IQueue;
}

/** Props for {@link EventBridgeCallbackBackend}. */
export interface EventBridgeCallbackBackendProps extends CallbackTimingProps {
  /** The bus the request event is put on (a rule there routes it to the labeling tool). */
  readonly eventBus: events.IEventBus;
}

// A task token stays valid for the execution's lifetime; Step Functions allows a task timeout up to a year.
const MAX_CALLBACK_TIMEOUT = Duration.days(365);

/** The request the labeling tool receives; it answers with `SendTaskSuccess` output `{ "bucket": ..., "key": ... }`. */
function requestBody(options: LabelingBackendBindOptions): { [key: string]: any } {
  return {
    'taskToken': sfn.JsonPath.taskToken,
    'jobName.$': '$.job.name',
    'executionId.$': '$$.Execution.Id',
    'manifest.$': '$.selection.manifest',
    'itemCount.$': '$.selection.itemCount',
    'output': { 'bucket': options.bucket.bucketName, 'prefix.$': `States.Format('${options.outputPrefix}{}/', $.job.name)` },
  };
}

function validateTiming(props: CallbackTimingProps): string[] {
  const problems: string[] = [];
  const timeout = props.timeout ?? Duration.days(7);
  if (timeout.toSeconds() < 1 || timeout.toSeconds() > MAX_CALLBACK_TIMEOUT.toSeconds()) {
    problems.push(`backend.timeout: ${timeout.toHumanString()} must be 1 second to 365 days`);
  }
  if (props.heartbeat && (props.heartbeat.toSeconds() < 1 || props.heartbeat.toSeconds() >= timeout.toSeconds())) {
    problems.push(`backend.heartbeat: ${props.heartbeat.toHumanString()} must be at least 1 second and shorter than timeout (${timeout.toHumanString()})`);
  }
  return problems;
}

/** Converts the wait's failures to the workflow's named errors. */
function addCallbackCatches(scope: Construct, task: sfn.TaskStateBase): void {
  const timedOut = new sfn.Fail(scope, 'Labeling Timed Out', { error: CvSafetyErrors.LABELING_TIMED_OUT, causePath: '$.error.Cause' });
  const failed = new sfn.Fail(scope, 'Labeling Job Failed', { error: CvSafetyErrors.LABELING_JOB_FAILED, causePath: '$.error.Cause' });
  task.addCatch(timedOut, { errors: [sfn.Errors.TIMEOUT, sfn.Errors.HEARTBEAT_TIMEOUT], resultPath: '$.error' });
  task.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
}

/**
 * Retries handing the request over (throttling, 5xx). These names come from the send, never from the tool's
 * answer (which uses its own error names), so a retry cannot start a second job for a running one.
 */
function addHandOverRetry(task: sfn.TaskStateBase, errors: string[]): void {
  RetryPolicy.transientAwsErrors({ additionalErrors: errors }).applyTo(task);
}

/**
 * Any labeling tool, through an SQS queue: the workflow sends the manifest and a task token, then waits
 * (`.waitForTaskToken`) for `SendTaskSuccess` with the labeled manifest `{ bucket, key }`, or `SendTaskFailure`.
 */
export class SqsCallbackBackend extends LabelingBackend {
  constructor(private readonly props: SqsCallbackBackendProps) {
    super();
  }

  public validate(): string[] {
    return validateTiming(this.props);
  }

  public bind(scope: Construct, options: LabelingBackendBindOptions): LabelingBackendConfig {
    const task = new tasks.SqsSendMessage(scope, 'Request Labeling (SQS)', {
      queue: this.props.queue,
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      messageBody: sfn.TaskInput.fromObject(requestBody(options)),
      taskTimeout: sfn.Timeout.duration(this.props.timeout ?? Duration.days(7)),
      heartbeatTimeout: this.props.heartbeat ? sfn.Timeout.duration(this.props.heartbeat) : undefined,
      resultSelector: { 'manifest.$': '$' },
      resultPath: '$.labeled',
    });
    addHandOverRetry(task, ['SQS.SdkClientException', 'SQS.AmazonSQSException', 'Sqs.ThrottlingException', 'ThrottlingException']);
    addCallbackCatches(scope, task);
    return { step: task, policyStatements: [], backendName: 'sqs-callback' };
  }
}

/**
 * Any labeling tool, through an EventBridge bus: the workflow puts a `Labeling Job Requested` event with the
 * manifest and a task token, then waits (`.waitForTaskToken`) for the tool's answer.
 */
export class EventBridgeCallbackBackend extends LabelingBackend {
  constructor(private readonly props: EventBridgeCallbackBackendProps) {
    super();
  }

  public validate(): string[] {
    return validateTiming(this.props);
  }

  public bind(scope: Construct, options: LabelingBackendBindOptions): LabelingBackendConfig {
    const task = new tasks.EventBridgePutEvents(scope, 'Request Labeling (EventBridge)', {
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      entries: [{
        eventBus: this.props.eventBus,
        source: CvSafetyEvents.SOURCE,
        detailType: CvSafetyEvents.LABELING_JOB_REQUESTED,
        detail: sfn.TaskInput.fromObject(requestBody(options)),
      }],
      taskTimeout: sfn.Timeout.duration(this.props.timeout ?? Duration.days(7)),
      heartbeatTimeout: this.props.heartbeat ? sfn.Timeout.duration(this.props.heartbeat) : undefined,
      resultSelector: { 'manifest.$': '$' },
      resultPath: '$.labeled',
    });
    addHandOverRetry(task, ['EventBridge.InternalException', 'EventBridge.ThrottlingException', 'ThrottlingException']);
    addCallbackCatches(scope, task);
    return { step: task, policyStatements: [], backendName: 'eventbridge-callback' };
  }
}

import { RetryPolicy, ValidationErrors } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyEvents } from './events';
import { LabelingBackend, LabelingBackendBindOptions, LabelingBackendConfig } from './labeling-backend';
import { catchLabelingFailures } from './private/labeling-failures';

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
function requestBody(options: LabelingBackendBindOptions): sfn.TaskInput {
  return sfn.TaskInput.fromObject({
    taskToken: '{% $states.context.Task.Token %}',
    jobName: '{% $job.name %}',
    executionId: '{% $states.context.Execution.Id %}',
    manifest: '{% $selection.manifest %}',
    itemCount: '{% $selection.itemCount %}',
    output: { bucket: options.bucket.bucketName, prefix: `{% ${JSON.stringify(options.outputPrefix)} & $job.name & '/' %}` },
  });
}

/** What both callback tasks share: wait for the token, the timing, and the tool's answer as the labeled manifest. */
function callbackWait(props: CallbackTimingProps) {
  return {
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    taskTimeout: sfn.Timeout.duration(props.timeout ?? Duration.days(7)),
    heartbeatTimeout: props.heartbeat ? sfn.Timeout.duration(props.heartbeat) : undefined,
    outputs: { manifest: '{% $states.result %}' },
  };
}

function validateTiming(props: CallbackTimingProps, errors: ValidationErrors, propPrefix: string): void {
  const timeout = props.timeout ?? Duration.days(7);
  errors.addIf(timeout.toSeconds() < 1 || timeout.toSeconds() > MAX_CALLBACK_TIMEOUT.toSeconds(), `${propPrefix}.timeout`,
    `${timeout.toHumanString()} must be 1 second to 365 days`);
  errors.addIf(props.heartbeat !== undefined && (props.heartbeat.toSeconds() < 1 || props.heartbeat.toSeconds() >= timeout.toSeconds()), `${propPrefix}.heartbeat`,
    `${props.heartbeat?.toHumanString()} must be at least 1 second and shorter than timeout (${timeout.toHumanString()})`);
}

/**
 * Retries handing the request over (throttling, 5xx), then converts the wait's failures to named errors. The retried
 * names come from the send, never from the tool's answer (which uses its own error names), so a retry cannot start a
 * second job for a running one.
 */
function handOver(scope: Construct, task: sfn.TaskStateBase, errorPrefix: string, sendErrors: string[], backendName: string): LabelingBackendConfig {
  RetryPolicy.transientServiceErrors({ errorPrefix, additionalErrors: sendErrors }).applyTo(task);
  catchLabelingFailures(scope, task);
  return { step: task, policyStatements: [], backendName };
}

/**
 * Any labeling tool, through an SQS queue: the workflow sends the manifest and a task token, then waits
 * (`.waitForTaskToken`) for `SendTaskSuccess` with the labeled manifest `{ bucket, key }`, or `SendTaskFailure`.
 */
export class SqsCallbackBackend extends LabelingBackend {
  constructor(private readonly props: SqsCallbackBackendProps) {
    super();
  }

  public validate(errors: ValidationErrors, propPrefix: string): void {
    validateTiming(this.props, errors, propPrefix);
  }

  public bind(scope: Construct, options: LabelingBackendBindOptions): LabelingBackendConfig {
    const task = tasks.SqsSendMessage.jsonata(scope, 'Request Labeling (SQS)', {
      queue: this.props.queue, messageBody: requestBody(options), ...callbackWait(this.props),
    });
    return handOver(scope, task, 'SQS', ['SQS.SdkClientException', 'SQS.AmazonSQSException', 'Sqs.ThrottlingException', 'ThrottlingException'], 'sqs-callback');
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

  public validate(errors: ValidationErrors, propPrefix: string): void {
    validateTiming(this.props, errors, propPrefix);
  }

  public bind(scope: Construct, options: LabelingBackendBindOptions): LabelingBackendConfig {
    const task = tasks.EventBridgePutEvents.jsonata(scope, 'Request Labeling (EventBridge)', {
      entries: [{
        eventBus: this.props.eventBus, source: CvSafetyEvents.SOURCE, detailType: CvSafetyEvents.LABELING_JOB_REQUESTED, detail: requestBody(options),
      }],
      ...callbackWait(this.props),
    });
    return handOver(scope, task, 'EventBridge', ['ThrottlingException'], 'eventbridge-callback');
  }
}

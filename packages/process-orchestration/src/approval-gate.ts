import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { RetryPolicy } from './retry-policy';
import { StatecraftErrors } from './statecraft-errors';

/** Step Functions keeps a task token valid for at most a year (the Standard execution limit). */
const MAX_APPROVAL_TIMEOUT = Duration.days(365);

/** Where an {@link ApprovalGate} publishes its request (with the task token). */
export class ApprovalChannel {
  /** Publish the request to an SNS topic (the message is JSON). */
  public static toSnsTopic(topic: sns.ITopic): ApprovalChannel {
    return new ApprovalChannel(topic, undefined);
  }

  /** Put the request on an EventBridge bus (detail-type `Statecraft Approval Requested`). */
  public static toEventBus(eventBus: events.IEventBus, source: string = 'statecraft.approvals'): ApprovalChannel {
    return new ApprovalChannel(undefined, eventBus, source);
  }

  private constructor(
    /** The topic, for an SNS channel. */
    public readonly topic?: sns.ITopic,
    /** The bus, for an EventBridge channel. */
    public readonly eventBus?: events.IEventBus,
    /** The event source, for an EventBridge channel. */
    public readonly source?: string,
  ) {}
}

/** Props for {@link ApprovalGate}. */
export interface ApprovalGateProps {
  /** Where the request goes. */
  readonly channel: ApprovalChannel;
  /**
   * How long to wait for an answer; then the gate fails with `Statecraft.ApprovalTimedOut`. Required: a gate
   * without a timeout could hold an execution for a year.
   */
  readonly timeout: Duration;
  /**
   * What the approver is asked; part of the request.
   * @default 'Approval requested'
   */
  readonly subject?: string;
  /**
   * Extra request fields (JSONPath values allowed, for example `sfn.JsonPath.stringAt('$.tenantId')`).
   * @default - none
   */
  readonly details?: { [key: string]: any };
  /**
   * Where the answer goes in the state.
   * @default '$.approval'
   */
  readonly resultPath?: string;
  /**
   * Retries of publishing the request. A retry publishes a new token and the old one stops working, so an
   * approver can never answer twice.
   * @default RetryPolicy.transientAwsErrors()
   */
  readonly retry?: RetryPolicy;
}

/**
 * A human approval: publishes a request with a task token (`.waitForTaskToken`) to SNS or EventBridge and
 * waits, always with a timeout.
 *
 * The approver answers with `SendTaskSuccess` and output `{"approved": true}` (continue) or
 * `{"approved": false, "reason": "..."}` (fail with `Statecraft.ApprovalRejected`), or with
 * `SendTaskFailure` (that error is raised as is). No answer before the timeout fails with
 * `Statecraft.ApprovalTimedOut`.
 *
 * States: `<id>` (the task), `<id> Answered?`, `<id> Approved`, `<id> Rejected`, `<id> Timed Out`.
 */
export class ApprovalGate extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The task that publishes the request and waits. */
  public readonly requestTask: sfn.TaskStateBase;

  constructor(scope: Construct, id: string, props: ApprovalGateProps) {
    super(scope, id);
    const seconds = props.timeout?.toSeconds() ?? 0;
    if (props.timeout === undefined || seconds < 1 || seconds > MAX_APPROVAL_TIMEOUT.toSeconds()) {
      throw new Error(`Invalid props for ${this.node.path}:\n  - timeout: an approval gate needs a timeout from 1 second to 365 days (got ${props.timeout?.toHumanString() ?? 'none'})`);
    }
    const resultPath = props.resultPath ?? '$.approval';
    const request = {
      subject: props.subject ?? 'Approval requested',
      taskToken: sfn.JsonPath.taskToken,
      executionId: sfn.JsonPath.executionId,
      timeoutSeconds: seconds,
      answer: 'SendTaskSuccess with {"approved": true} or {"approved": false, "reason": "..."}',
      ...(props.details ?? {}),
    };
    const common = {
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      taskTimeout: sfn.Timeout.duration(props.timeout),
      resultPath,
    };
    if (props.channel.topic) {
      this.requestTask = new tasks.SnsPublish(this, id, {
        ...common,
        topic: props.channel.topic,
        subject: (props.subject ?? 'Approval requested').slice(0, 99),
        message: sfn.TaskInput.fromObject(request),
      });
    } else {
      this.requestTask = new tasks.EventBridgePutEvents(this, id, {
        ...common,
        entries: [{
          eventBus: props.channel.eventBus,
          source: props.channel.source!,
          detailType: 'Statecraft Approval Requested',
          detail: sfn.TaskInput.fromObject(request),
        }],
      });
    }
    (props.retry ?? RetryPolicy.transientAwsErrors()).applyTo(this.requestTask);
    const timedOut = new sfn.Fail(this, `${id} Timed Out`, {
      error: StatecraftErrors.APPROVAL_TIMED_OUT,
      cause: `Nobody answered '${id}' within ${props.timeout.toHumanString()}`,
    });
    const rejected = new sfn.Fail(this, `${id} Rejected`, {
      error: StatecraftErrors.APPROVAL_REJECTED,
      cause: `The approver rejected '${id}'`,
    });
    const approved = new sfn.Pass(this, `${id} Approved`);
    this.requestTask.addCatch(timedOut, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.approvalFailure' });
    // Ordered rules: each comparison runs only after the type check before it matched nothing.
    const approvedFlag = `${resultPath}.approved`;
    const answered = new sfn.Choice(this, `${id} Answered?`)
      .when(sfn.Condition.isNotPresent(approvedFlag), rejected)
      .when(sfn.Condition.not(sfn.Condition.isBoolean(approvedFlag)), rejected)
      .when(sfn.Condition.booleanEquals(approvedFlag, true), approved)
      .otherwise(rejected);
    this.requestTask.next(answered);
    this.startState = this.requestTask;
    this.endStates = [approved];
  }
}

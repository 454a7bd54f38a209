import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { REFERENCE_PATH, inputAt, setAt } from './private/jsonata-paths';
import { RetryPolicy } from './retry-policy';
import { StatecraftErrors } from './statecraft-errors';
import { ValidationErrors } from './validation-errors';

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
   * Extra request fields: JSONPath values (`sfn.JsonPath.stringAt('$.tenantId')`), or with `queryLanguage`
   * JSONata, JSONata expressions (`'{% $states.input.tenantId %}'`).
   * @default - none
   */
  readonly details?: { [key: string]: any };
  /**
   * Where the answer goes in the state: `$` or a dotted path such as `$.approval`.
   * @default '$.approval'
   */
  readonly resultPath?: string;
  /**
   * Retries of publishing the request. A retry publishes a new token and the old one stops working, so an
   * approver can never answer twice.
   * @default RetryPolicy.transientAwsErrors()
   */
  readonly retry?: RetryPolicy;
  /**
   * The query language of the request task. JSONata makes every state of the gate JSONata, so it fits a JSONata
   * state machine; `details` then holds JSONata expressions.
   * @default sfn.QueryLanguage.JSON_PATH
   */
  readonly queryLanguage?: sfn.QueryLanguage;
}

/**
 * A human approval: publishes a request with a task token (`.waitForTaskToken`) to SNS or EventBridge and
 * waits, always with a timeout.
 *
 * The approver answers with `SendTaskSuccess` and output `{"approved": true}` (continue) or
 * `{"approved": false, "reason": "..."}` (fail with `Statecraft.ApprovalRejected`, the reason in the cause), or with
 * `SendTaskFailure` (that error is raised as is). No answer before the timeout fails with
 * `Statecraft.ApprovalTimedOut`.
 *
 * States: `<id>` (the task, in `queryLanguage`), `<id> Answered?` (a JSONata Choice that goes on only for
 * `approved: true`), `<id> Rejected` and `<id> Timed Out` (JSONata Fail states).
 */
export class ApprovalGate extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The task that publishes the request and waits. */
  public readonly requestTask: sfn.TaskStateBase;

  constructor(scope: Construct, id: string, props: ApprovalGateProps) {
    super(scope, id);
    const seconds = props.timeout?.toSeconds() ?? 0;
    const resultPath = props.resultPath ?? '$.approval';
    const errors = new ValidationErrors(this);
    errors.addIf(props.timeout === undefined || seconds < 1 || seconds > MAX_APPROVAL_TIMEOUT.toSeconds(), 'timeout',
      `an approval gate needs a timeout from 1 second to 365 days (got ${props.timeout?.toHumanString() ?? 'none'})`);
    errors.addIf(!REFERENCE_PATH.test(resultPath), 'resultPath',
      `must be '$' or a dotted path of names such as '$.approval' (got '${resultPath}')`);
    errors.throwIfAny();
    const jsonata = props.queryLanguage === sfn.QueryLanguage.JSONATA;
    const request = {
      subject: props.subject ?? 'Approval requested',
      taskToken: jsonata ? '{% $states.context.Task.Token %}' : sfn.JsonPath.taskToken,
      executionId: jsonata ? '{% $states.context.Execution.Id %}' : sfn.JsonPath.executionId,
      timeoutSeconds: seconds,
      answer: 'SendTaskSuccess with {"approved": true} or {"approved": false, "reason": "..."}',
      ...(props.details ?? {}),
    };
    const common = {
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      taskTimeout: sfn.Timeout.duration(props.timeout),
      queryLanguage: props.queryLanguage,
      // The answer goes to resultPath in both languages.
      ...(jsonata ? { outputs: `{% ${setAt(resultPath, '$states.result')} %}` } : { resultPath }),
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
    const timedOut = sfn.Fail.jsonata(this, `${id} Timed Out`, {
      error: StatecraftErrors.APPROVAL_TIMED_OUT,
      cause: `Nobody answered '${id}' within ${props.timeout.toHumanString()}`,
    });
    // The answer as the Choice and the Fail state see it: resultPath `$.approval` is `$states.input.approval`.
    const answer = inputAt(resultPath);
    const rejected = sfn.Fail.jsonata(this, `${id} Rejected`, {
      error: StatecraftErrors.APPROVAL_REJECTED,
      cause: `{% ${JSON.stringify(`The approver rejected '${id}'`)} & ($type(${answer}.reason) = 'string' ? ': ' & ${answer}.reason : '') %}`,
    });
    // The Fail state needs no input: the catcher's default (the error output) serves both languages.
    this.requestTask.addCatch(timedOut, { errors: [sfn.Errors.TIMEOUT] });
    // Only a boolean true approves: a missing flag, 'yes' or false is a rejection.
    const answered = sfn.Choice.jsonata(this, `${id} Answered?`)
      .when(sfn.Condition.jsonata(`{% $not(${answer}.approved = true) %}`), rejected);
    this.requestTask.next(answered);
    this.startState = this.requestTask;
    this.endStates = answered.afterwards({ includeOtherwise: true }).endStates;
  }
}

import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { ExecutionStatus } from './failure-notifications';
import { ProcessOptions } from './process-options';
import { ProcessOrchestrator } from './process-orchestrator';
import { StatecraftErrors } from './statecraft-errors';
import { ValidationErrors } from './validation-errors';

/**
 * Props for {@link ExecutionStatusHandler}. The {@link ProcessOptions} apply to the handler's own state machine,
 * logs, notification topic and alarms (about the handler's own failures), and its dead-letter queue.
 */
export interface ExecutionStatusHandlerProps extends ProcessOptions {
  /** The state machine whose executions are watched. */
  readonly stateMachine: sfn.IStateMachine;
  /** The end statuses that run the handler (not SUCCEEDED: use the workflow itself for that). */
  readonly statuses: ExecutionStatus[];
  /**
   * What to do, as any chain of states. It receives `$.execution` (`Arn`, `Name`, `StateMachineArn`,
   * `Status`, `RedriveCount` and `Input`, the watched execution's input parsed, or `{}` when the event did
   * not include it) and `$.failure` (`Error`, `Cause`: the execution's own, or for an execution that ended
   * without one, `States.Timeout`, `Statecraft.ExecutionAborted` or `Statecraft.ProcessFailed` and a
   * sentence naming the status).
   */
  readonly handler: sfn.IChainable;
  /** The handler process's name (alarms, dashboard, log group). Letters, digits, '-' and '_', up to 64. */
  readonly processName: string;
  /**
   * The handler execution's timeout.
   * @default Duration.minutes(15)
   */
  readonly timeout?: Duration;
  /**
   * The handler state machine's top-level query language. With JSONATA the whole handler state machine is JSONata
   * (the `handler` must then be JSONata: it reads `$states.input.execution` and `$states.input.failure`).
   * @default sfn.QueryLanguage.JSON_PATH
   */
  readonly queryLanguage?: sfn.QueryLanguage;
}

/**
 * Runs a handler workflow whenever an execution of a state machine ends with one of the given statuses: an
 * EventBridge rule on the "Step Functions Execution Status Change" events starts a Standard state machine
 * (a {@link ProcessOrchestrator}: logged, traced, encrypted, alarmed), retrying the start for a day and
 * keeping events it could not deliver in an encrypted dead-letter queue.
 *
 * Use it for work that must happen after an execution has ended, where no state of the execution can run:
 * cleaning up after StopExecution (ABORTED) or the execution timeout (TIMED_OUT), or failure bookkeeping that
 * must not catch inside the workflow, so that `RedriveExecution` continues from the state that failed rather
 * than re-running a final Fail state.
 *
 * One state runs before the handler: `Read Event`, a JSONata Pass that turns the event into `$.execution` and
 * `$.failure`.
 */
export class ExecutionStatusHandler extends Construct {
  /** The handler's orchestrator. */
  public readonly orchestrator: ProcessOrchestrator;
  /** The handler's state machine. */
  public readonly stateMachine: sfn.StateMachine;
  /** The rule that starts the handler. */
  public readonly rule: events.Rule;
  /** Events the rule could not deliver (after 185 attempts over a day) are kept here for 14 days. */
  public readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: ExecutionStatusHandlerProps) {
    super(scope, id);
    const errors = new ValidationErrors(this);
    errors.addIf(props.statuses.length === 0, 'statuses', 'must name at least one status');
    errors.addIf(props.statuses.includes(ExecutionStatus.SUCCEEDED), 'statuses',
      'cannot include SUCCEEDED: a handler runs after an execution that did not complete');
    errors.throwIfAny();

    this.orchestrator = new ProcessOrchestrator(this, 'Orchestrator', {
      processName: props.processName,
      definition: this.readEvent(props.handler, [...new Set(props.statuses)]),
      timeout: props.timeout ?? Duration.minutes(15),
      queryLanguage: props.queryLanguage,
      encryptionKey: props.encryptionKey,
      notifications: props.notifications,
      alarms: props.alarms,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      comment: `Runs when an execution of ${props.stateMachine.node.path} ends ${props.statuses.join(', ')}`,
    });
    this.stateMachine = this.orchestrator.stateMachine;

    this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', {
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
      nagReason: "This queue is the rule target's dead-letter queue: it has no dead-letter queue of its own",
    });
    this.rule = new events.Rule(this, 'Rule', {
      description: `Starts ${props.processName} when an execution of ${props.stateMachine.node.path} ends ${props.statuses.join(', ')}`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: props.statuses, stateMachineArn: [props.stateMachine.stateMachineArn] },
      },
    });
    this.rule.addTarget(new targets.SfnStateMachine(this.stateMachine, {
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 185,
      maxEventAge: Duration.hours(24),
    }));
    if (props.encryptionKey) {
      // EventBridge encrypts what it puts in the dead-letter queue with the queue's key.
      props.encryptionKey.grantEncryptDecrypt(new iam.ServicePrincipal('events.amazonaws.com'));
    }
  }

  /**
   * Turns the event into `$.execution` and `$.failure`, then runs `handler`. An execution that ended without
   * an error of its own (its timeout, or StopExecution without one) is given one, so the handler can always
   * read `$.failure.Error` and `$.failure.Cause`.
   */
  private readEvent(handler: sfn.IChainable, statuses: ExecutionStatus[]): sfn.IChainable {
    // A name for an ending without an error, only for the statuses watched; the last one is the fallback.
    const naming = statuses.map((status) => {
      switch (status) {
        case ExecutionStatus.TIMED_OUT:
          return { status, Error: 'States.Timeout', Cause: 'The execution ended TIMED_OUT: it ran past its TimeoutSeconds' };
        case ExecutionStatus.ABORTED:
          return { status, Error: StatecraftErrors.EXECUTION_ABORTED, Cause: 'The execution ended ABORTED: StopExecution was called' };
        default:
          return { status, Error: StatecraftErrors.PROCESS_FAILED, Cause: 'The execution failed without an error or a cause' };
      }
    });
    const named = naming.slice(0, -1).reduceRight(
      (otherwise, { status, Error, Cause }) => `$d.status = ${JSON.stringify(status)} ? ${JSON.stringify({ Error, Cause })} : ${otherwise}`,
      JSON.stringify({ Error: naming[naming.length - 1].Error, Cause: naming[naming.length - 1].Cause }));
    const readEvent = sfn.Pass.jsonata(this, 'Read Event', {
      outputs: [
        '{% ($d := $states.input.detail; {',
        '"execution": {"Arn": $d.executionArn, "Name": $d.name, "StateMachineArn": $d.stateMachineArn, "Status": $d.status,',
        // The event leaves the input out when it is over 256 KiB; the handler then sees `{}`.
        ' "RedriveCount": $d.redriveCount, "Input": $type($d.input) = "string" ? $parse($d.input) : {}},',
        // A Fail state or StopExecution may give an error without a cause, or (Fail) neither.
        ' "failure": $type($d.error) = "string"',
        ' ? {"Error": $d.error, "Cause": $type($d.cause) = "string" ? $d.cause : "The execution ended " & $d.status & " without a cause"}',
        ` : ${named}`,
        '}) %}',
      ].join(''),
    });
    return readEvent.next(handler);
  }
}

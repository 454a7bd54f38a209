import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { deadLetterQueue } from './dead-letter-queue';
import { CdkNagSuppressions } from './nag-suppressions';
import { ProcessSchedule } from './process-schedule';
import { RetryPolicy } from './retry-policy';
import { stateMachineLogGroup } from './state-machine-log-group';
import { StatecraftErrors } from './statecraft-errors';
import { ValidationErrors } from './validation-errors';

/** Execution names are at most 80 characters; the scheduled time takes 18 of them (`2026-11-24T060000Z`). */
const MAX_NAME_PREFIX = 60;

/** Props for {@link ScheduledStart}. */
export interface ScheduledStartProps {
  /** The schedule. */
  readonly schedule: ProcessSchedule;
  /** The state machine the schedule starts. */
  readonly stateMachine: sfn.IStateMachine;
  /** The process name: the prefix of every scheduled execution's name. */
  readonly processName: string;
  /**
   * What happens to the starter's log group and dead-letter queue when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * How long the starter's execution logs are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * A customer-managed key for the starter's log group (the dead-letter queue keeps SQS-managed encryption:
   * Scheduler writes to it with the schedule's role, which would then need the key too).
   * @default - CloudWatch Logs' own encryption
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * Starts a process on an EventBridge Scheduler schedule, exactly once per scheduled time.
 *
 * Scheduler delivers at least once and cannot name the execution it starts (and its scheduled time,
 * `2026-11-24T06:00:00Z`, holds colons, which execution names forbid). So the schedule starts a small
 * Express "starter" workflow that derives the name `<process>-2026-11-24T060000Z` and starts the process
 * with it; a repeated delivery gets `ExecutionAlreadyExists` and ends as `Already Started`. A start that
 * still fails after its retries ends the starter run with `Statecraft.ScheduledStartFailed` (its cause is the
 * AWS error), visible in the starter's log group and its `ExecutionsFailed` metric.
 */
export class ScheduledStart extends Construct {
  /** The EventBridge Scheduler schedule. */
  public readonly schedule: scheduler.Schedule;
  /** The starter workflow. */
  public readonly starter: sfn.StateMachine;
  /** The dead-letter queue for starts Scheduler could not deliver, if enabled. */
  public readonly deadLetterQueue?: sqs.Queue;

  constructor(scope: Construct, id: string, props: ScheduledStartProps) {
    super(scope, id);
    const options = props.schedule.options;
    const expression = props.schedule._expression!;
    const errors = new ValidationErrors(this);
    props.schedule.validate(errors, 'schedule');
    errors.throwIfAny();
    // A JSON string literal is a JSONata string literal too, so any process name is quoted safely.
    const prefix = JSON.stringify(`${props.processName.slice(0, MAX_NAME_PREFIX)}-`);
    const start = tasks.StepFunctionsStartExecution.jsonata(this, 'Start Process', {
      stateMachine: props.stateMachine,
      integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
      // `2026-11-24T06:00:00Z` becomes `<process>-2026-11-24T060000Z`: execution names forbid colons.
      name: `{% ${prefix} & $join($split($states.input.scheduledTime, ':')) %}`,
      input: sfn.TaskInput.fromText('{% $merge([$states.input.input, $states.input.scheduled]) %}'),
      taskTimeout: sfn.Timeout.duration(Duration.seconds(30)),
    });
    // The execution name makes StartExecution idempotent, so even a timed-out call is safe to repeat.
    RetryPolicy.transientAwsErrors({ retryTaskTimeouts: true }).applyTo(start);
    start.addCatch(sfn.Succeed.jsonata(this, 'Already Started'), { errors: ['StepFunctions.ExecutionAlreadyExistsException'] });
    // A JSONata Catch hands its target the error output ({ Error, Cause }) as input.
    start.addCatch(sfn.Fail.jsonata(this, 'Start Failed', {
      error: StatecraftErrors.SCHEDULED_START_FAILED,
      cause: '{% $states.input.Error %}',
    }), { errors: [sfn.Errors.ALL] });

    const logGroup = stateMachineLogGroup(this, 'Logs', {
      retention: props.logRetention,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy,
    });
    this.starter = new sfn.StateMachine(this, 'Starter', {
      definitionBody: sfn.DefinitionBody.fromChainable(start),
      stateMachineType: sfn.StateMachineType.EXPRESS,
      comment: `Starts ${props.processName} once per scheduled time`,
      queryLanguage: sfn.QueryLanguage.JSONATA,
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });

    if (options.deadLetterQueue ?? true) {
      this.deadLetterQueue = deadLetterQueue(this, 'DeadLetterQueue', {
        removalPolicy: props.removalPolicy,
        nagReason: 'This queue is the dead-letter queue of the EventBridge Scheduler target; it needs no DLQ of its own',
      });
    }
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: expression,
      description: options.description ?? `Starts ${props.processName} on ${props.schedule.expressionString}`,
      enabled: options.enabled ?? true,
      timeWindow: options.flexibleWindow ? scheduler.TimeWindow.flexible(options.flexibleWindow) : scheduler.TimeWindow.off(),
      target: new schedulerTargets.StepFunctionsStartExecution(this.starter, {
        input: scheduler.ScheduleTargetInput.fromObject({
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
          scheduled: { scheduledTime: scheduler.ContextAttribute.scheduledTime },
          input: options.input ?? {},
        }),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: options.retryAttempts ?? 3,
        maxEventAge: options.maxEventAge ?? Duration.hours(1),
      }),
    });
    for (const child of [this.starter.role.node.tryFindChild('DefaultPolicy')]) {
      if (child) {
        CdkNagSuppressions.add(child, [{
          id: 'AwsSolutions-IAM5',
          reason: 'X-Ray and CloudWatch Logs vended delivery have no resource-level permissions',
          appliesTo: ['Resource::*'],
        }]);
      }
    }
  }
}

import { Duration, Names, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { FailureHandler } from './failure-handler';
import { InputValidationStep } from './input-validation';
import { JobGraphStages } from './job-graph';
import { NestedProcessExecution } from './nested-process-execution';
import { raiseAlarms, validateAlarms } from './private/alarms';
import { validateExpressIntegrations, validateTimeout } from './private/execution-limits';
import { notifyFailures, validateNotifications } from './private/notifications';
import { createOperatorRole } from './private/operator-access';
import { allStatesOf } from './private/state-graph';
import { suppressStateMachineFindings } from './private/state-machine-nag';
import { publishVersion, validateVersioning } from './private/versioning';
import { ProcessAlarms } from './process-alarms';
import { IProcess, StartProcessExecutionProps } from './process-handle';
import { ProcessOrchestratorProps } from './process-orchestrator-props';
import { ScheduledStart } from './scheduled-start';
import { stateMachineLogGroup } from './state-machine-log-group';
import { ValidationErrors } from './validation-errors';

/**
 * A Step Functions workflow with production defaults: Standard type, an explicit timeout, logging (level ALL)
 * to a log group under `/aws/vendedlogs/states/`, X-Ray tracing, encryption at rest, input validation first,
 * an optional failure handler, and failure notifications to SNS and/or EventBridge.
 */
export class ProcessOrchestrator extends Construct implements IProcess {
  /** The process's name. */
  public readonly processName: string;
  /** The state machine. */
  public readonly stateMachine: sfn.StateMachine;
  /** The state machine's role. */
  public readonly role: iam.IRole;
  /** The execution log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The topic failure notifications are published to, if any. */
  public readonly notificationTopic?: sns.ITopic;
  /** The EventBridge rule that sends failure notifications, if notifications are enabled. */
  public readonly notificationRule?: events.Rule;
  /** The customer-managed key, if one was given. */
  public readonly encryptionKey?: kms.IKey;
  /** The key created for the notification topic when no `encryptionKey` was given. */
  public readonly topicKey?: kms.IKey;
  /** The overall execution timeout. */
  public readonly timeout: Duration;
  /** The alarms, unless turned off. */
  public readonly alarms?: ProcessAlarms;
  /** The schedule and its starter, if scheduled. */
  public readonly scheduledStart?: ScheduledStart;
  /** The EventBridge Scheduler schedule, if scheduled. */
  public readonly schedule?: scheduler.Schedule;
  /** The version published on this deploy, if versioning is on. */
  public readonly version?: sfn.CfnStateMachineVersion;
  /** The alias, if versioning is on. */
  public readonly alias?: sfn.CfnStateMachineAlias;
  /** The operator role, if an operator principal was given. */
  public readonly operatorRole?: iam.Role;

  constructor(scope: Construct, id: string, props: ProcessOrchestratorProps) {
    super(scope, id);
    const errors = new ValidationErrors(this);
    validateProps(errors, props);
    errors.throwIfAny();

    this.processName = props.processName;
    this.timeout = props.timeout ?? Duration.hours(1);
    this.encryptionKey = props.encryptionKey;
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const body = this.buildBody(props);
    const definition = props.inputValidation
      ? sfn.Chain.start(new InputValidationStep(this, 'Input Validation', { validation: props.inputValidation })).next(body)
      : body;
    // Checked on the state graph, before anything is synthesized.
    const states = allStatesOf(definition.startState);
    const expressErrors = new ValidationErrors(this);
    validateExpressIntegrations(expressErrors, props.stateMachineType, states);
    expressErrors.throwIfAny();

    this.logGroup = stateMachineLogGroup(this, 'Logs', { retention: props.logRetention, encryptionKey: props.encryptionKey, removalPolicy });
    this.stateMachine = this.createStateMachine(props, definition);
    this.role = this.stateMachine.role;

    const notifications = notifyFailures(this, props.notifications ?? {}, {
      processName: props.processName, stateMachine: this.stateMachine, encryptionKey: props.encryptionKey, removalPolicy,
    });
    this.topicKey = notifications.topicKey;
    this.notificationTopic = notifications.topic;
    this.notificationRule = notifications.rule;
    this.alarms = raiseAlarms(this, props.alarms, {
      processName: props.processName,
      stateMachine: this.stateMachine,
      timeout: this.timeout,
      topic: this.notificationTopic,
      topicCreated: !props.notifications?.existingTopic,
    });
    if (props.schedule) {
      this.scheduledStart = new ScheduledStart(this, 'Schedule', {
        schedule: props.schedule,
        stateMachine: this.stateMachine,
        processName: props.processName,
        removalPolicy,
        logRetention: props.logRetention,
        encryptionKey: props.encryptionKey,
      });
      this.schedule = this.scheduledStart.schedule;
      this.grantKeyUse(this.scheduledStart.starter);
    }
    if (props.versioning) {
      ({ version: this.version, alias: this.alias } = publishVersion(this, this.stateMachine, props.versioning, this.alarms?.all));
    }
    if (props.operatorPrincipal) {
      this.operatorRole = createOperatorRole(this, this, props.operatorPrincipal);
    }
    suppressStateMachineFindings(this.stateMachine, states);
  }

  /**
   * A nested execution of this workflow for a parent state machine, that passes the child's named error up
   * (`Statecraft.InvalidInput` in the child is `Statecraft.InvalidInput` in the parent). See
   * {@link NestedProcessExecution}.
   */
  public nestedExecution(scope: Construct, id: string, props: StartProcessExecutionProps = {}): NestedProcessExecution {
    const holder = new Construct(scope, id);
    return new NestedProcessExecution(holder, 'Nested', { startTask: this.startExecutionTask(holder, id, props) });
  }

  /** Lets `grantee` start, read and redrive executions and answer task tokens. */
  public grantOperate(grantee: iam.IGrantable): void {
    this.grantStartExecution(grantee);
    this.grantRead(grantee);
    this.grantRedriveExecution(grantee);
    this.grantTaskResponse(grantee);
  }

  /**
   * A task for a parent state machine that starts this workflow as a nested execution and waits for it
   * (`startExecution.sync:2`). CDK grants the parent `states:StartExecution` on this state machine,
   * `states:DescribeExecution`/`StopExecution` on its executions, and the EventBridge rule access `.sync` needs.
   *
   * When the child fails, AWS fails this task with `States.TaskFailed` and the child's error and cause in the
   * cause (as JSON); use {@link NestedProcessExecution} to re-raise the child's named error instead.
   */
  public startExecutionTask(scope: Construct, id: string, props: StartProcessExecutionProps = {}): tasks.StepFunctionsStartExecution {
    const jsonata = props.queryLanguage === sfn.QueryLanguage.JSONATA;
    const input = props.input ?? (jsonata ? sfn.TaskInput.fromText('{% $states.input %}') : sfn.TaskInput.fromJsonPathAt('$'));
    const common = {
      stateMachine: this.stateMachine,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      input,
      name: props.executionName,
      associateWithParent: props.associateWithParent ?? input.type === sfn.InputType.OBJECT,
      taskTimeout: props.taskTimeout,
    };
    return jsonata
      ? tasks.StepFunctionsStartExecution.jsonata(scope, id, { ...common, outputs: props.outputs })
      : new tasks.StepFunctionsStartExecution(scope, id, { ...common, resultPath: props.resultPath, resultSelector: props.resultSelector });
  }

  /** Lets `grantee` start executions (and use the key, if any). */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    this.grantKeyUse(grantee);
    return this.stateMachine.grantStartExecution(grantee);
  }

  /** Lets `grantee` list, describe and read the history of executions (and decrypt their data). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    this.grantKeyUse(grantee);
    // Narrower than StateMachine.grantRead, which adds ListActivities/DescribeActivity on '*'.
    iam.Grant.addToPrincipal({
      grantee,
      actions: ['states:ListExecutions', 'states:DescribeStateMachine'],
      resourceArns: [this.stateMachine.stateMachineArn],
    });
    return this.stateMachine.grantExecution(grantee,
      'states:DescribeExecution', 'states:DescribeStateMachineForExecution', 'states:GetExecutionHistory');
  }

  /** Lets `grantee` answer task tokens (`SendTaskSuccess`/`Failure`/`Heartbeat`), for example an approver. */
  public grantTaskResponse(grantee: iam.IGrantable): iam.Grant {
    this.grantKeyUse(grantee);
    return this.stateMachine.grantTaskResponse(grantee);
  }

  /** Lets `grantee` redrive failed executions from the state that failed. */
  public grantRedriveExecution(grantee: iam.IGrantable): iam.Grant {
    return this.stateMachine.grantRedriveExecution(grantee);
  }

  /** The number of executions started. */
  public metricStarted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricStarted(props);
  }

  /** The number of executions that succeeded. */
  public metricSucceeded(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricSucceeded(props);
  }

  /** The number of executions that failed. */
  public metricFailed(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricFailed(props);
  }

  /** The number of executions that timed out. */
  public metricTimedOut(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricTimedOut(props);
  }

  /** The number of executions that were aborted. */
  public metricAborted(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricAborted(props);
  }

  /** The number of executions that were throttled. */
  public metricThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metricThrottled(props);
  }

  /** Execution duration in milliseconds, as the p99 unless `props.statistic` says otherwise. */
  public metricDuration(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stateMachine.metric('ExecutionTime', { statistic: 'p99', ...props });
  }

  private buildBody(props: ProcessOrchestratorProps): sfn.IChainable {
    const body = props.jobGraph ? new JobGraphStages(this, 'Job Graph', { graph: props.jobGraph }) : props.definition!;
    if (!props.failureHandler) {
      return body;
    }
    // The wrapper in the machine's own language: in a JSONPath machine its Parallels then need no QueryLanguage field.
    return new FailureHandler(this, 'Failure Handling', {
      body, handler: props.failureHandler, queryLanguage: props.queryLanguage ?? sfn.QueryLanguage.JSON_PATH,
    });
  }

  private grantKeyUse(grantee: iam.IGrantable): void {
    if (this.encryptionKey) {
      // Starting or reading executions of a state machine under a customer-managed key needs the key.
      this.encryptionKey.grant(grantee, 'kms:Decrypt', 'kms:GenerateDataKey');
    }
  }

  private createStateMachine(props: ProcessOrchestratorProps, definition: sfn.IChainable): sfn.StateMachine {
    const stateMachineName = props.stateMachineName
      ?? (props.encryptionKey ? Names.uniqueResourceName(this, { maxLength: 80, separator: '-' }) : undefined);
    return new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: props.stateMachineType ?? sfn.StateMachineType.STANDARD,
      timeout: this.timeout,
      comment: props.comment ?? props.processName,
      queryLanguage: props.queryLanguage ?? sfn.QueryLanguage.JSON_PATH,
      tracingEnabled: props.tracingEnabled ?? true,
      logs: {
        destination: this.logGroup,
        level: props.logLevel ?? sfn.LogLevel.ALL,
        includeExecutionData: props.logExecutionData ?? true,
      },
      encryptionConfiguration: props.encryptionKey
        ? new sfn.CustomerManagedEncryptionConfiguration(props.encryptionKey, props.kmsDataKeyReusePeriod)
        : new sfn.AwsOwnedEncryptionConfiguration(),
    });
  }
}

function validateProps(errors: ValidationErrors, props: ProcessOrchestratorProps): void {
  errors.addIf(!/^[A-Za-z0-9_-]{1,64}$/.test(props.processName ?? ''), 'processName',
    `'${props.processName}' must be 1-64 letters, digits, '-' or '_'`);
  const given = [props.definition, props.jobGraph].filter((d) => d !== undefined).length;
  errors.addIf(given !== 1, 'definition', `give exactly one of definition and jobGraph (got ${given === 0 ? 'neither' : 'both'})`);
  props.jobGraph?.validate(errors, 'jobGraph');
  props.inputValidation?.validate(errors, 'inputValidation');
  validateTimeout(errors, props.stateMachineType, props.timeout);
  if (props.kmsDataKeyReusePeriod !== undefined) {
    errors.addIf(!props.encryptionKey, 'kmsDataKeyReusePeriod', 'only applies with encryptionKey');
    const seconds = props.kmsDataKeyReusePeriod.toSeconds();
    errors.addIf(seconds < 60 || seconds > 900, 'kmsDataKeyReusePeriod', `must be 60 to 900 seconds, got ${seconds}`);
  }
  props.schedule?.validate(errors, 'schedule');
  validateAlarms(errors, props.alarms, 'alarms');
  validateVersioning(errors, props.versioning, 'versioning');
  validateNotifications(errors, props.notifications, 'notifications');
}

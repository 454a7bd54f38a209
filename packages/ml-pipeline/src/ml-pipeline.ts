import {
  CdkNagSuppressions,
  ExecutionStatusHandler,
  InputField,
  InputValidation,
  NestedProcessExecution,
  ProcessAlarms,
  ProcessAlarmsProps,
  ProcessOptions,
  ProcessOrchestrator,
  ProcessSchedule,
  StartProcessExecutionProps,
  ValidationErrors,
} from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { PipelineDefinition, PipelineStep } from './pipeline-definition';
import { PipelineParameter, PipelineParameterType } from './pipeline-parameter';
import { compilePipeline } from './private/compile-definition';
import { createDatabricksRunCanceller } from './private/databricks-run-canceller';
import { SAGEMAKER_PREFIX_WILDCARD } from './private/nag-suppressions';
import { THROTTLING_ERRORS } from './private/retry';
import { STAGE_NAME_PATTERN } from './private/stage-name';
import { BatchTransformStage } from './stages/batch-transform-stage';
import { CustomStage } from './stages/custom-stage';
import { DatabricksJobStage } from './stages/databricks-job-stage';
import { EndpointDeploymentStage } from './stages/endpoint-deployment-stage';
import { TrainingStage } from './stages/training-stage';

/** The EventBridge event an ML pipeline publishes when it fails. */
export class MlPipelineEvents {
  /** `source` of the pipeline's events. */
  public static readonly SOURCE = 'statecraft.ml-pipeline';
  /** `detail-type` of the failure event; detail: `{ pipelineName, executionArn, executionName, error, cause }`. */
  public static readonly PIPELINE_FAILED = 'Statecraft ML Pipeline Failed';

  private constructor() {}
}

/** Props of an ML pipeline. */
export interface MlPipelineProps extends ProcessOptions {
  /** The pipeline's name (letters, digits, '-' and '_', at most 64): in alarms, events and the dashboard. */
  readonly pipelineName: string;

  /** The stages, in order (`PipelineDefinition.startWith(...).next(...)`). */
  readonly definition: PipelineDefinition;

  /**
   * The role SageMaker jobs, models and endpoints run as. The state machine may pass only this role, and only to
   * SageMaker. It needs read access to your inputs, write access to your outputs and ECR pull for your images.
   */
  readonly sageMakerRole: iam.IRole;

  /**
   * Runtime parameters, read from the execution input's `parameters` object; the defaults apply when the input
   * leaves one out. Each is type-checked before any stage runs.
   * @default - no runtime parameters
   */
  readonly parameters?: PipelineParameter[];

  /**
   * The overall execution timeout. Keep it above the sum of the stages' own limits (Databricks `maxRuntime`,
   * training `maxRuntime` or `spot.maxWait`, endpoint `maxWait`), so that each stage's clean-up runs first.
   * @default Duration.hours(24)
   */
  readonly timeout?: Duration;

  /**
   * Standard or Express. Every built-in stage except `CustomStage` needs STANDARD (`.sync` jobs and long polling).
   * @default sfn.StateMachineType.STANDARD
   */
  readonly stateMachineType?: sfn.StateMachineType;

  /**
   * The event bus the failure event (`Statecraft ML Pipeline Failed`) goes to.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;

  /**
   * Run the pipeline on an EventBridge Scheduler schedule (for example nightly retraining).
   * @default - no schedule
   */
  readonly schedule?: ProcessSchedule;

  /**
   * When an execution ends ABORTED (StopExecution) or TIMED_OUT, cancel the Databricks runs it started: no state of the
   * execution runs after that, so a second workflow (`databricksRunCanceller`) does it from the execution history.
   * Turn it off only if you want runs to go on after an abort (for example to redrive the execution and pick the run up
   * again: after a cancel, a redriven Databricks stage fails with `Statecraft.DatabricksRunFailed`).
   * @default true (only pipelines with a `DatabricksJobStage` get one)
   */
  readonly cancelOrphanedDatabricksRuns?: boolean;
}

/**
 * An ML pipeline compiled from a typed stage DSL to one Step Functions state machine, on ProcessOrchestrator
 * (logging, tracing, encryption, notifications and input validation come from it). No Lambda function is involved:
 * every stage is a direct service integration or an HTTP Task.
 */
export class MlPipeline extends Construct {
  /** The orchestrator that owns the state machine, its logs and notifications. */
  public readonly orchestrator: ProcessOrchestrator;
  /** The state machine. */
  public readonly stateMachine: sfn.StateMachine;
  /** The state machine's role. */
  public readonly role: iam.IRole;
  /** The execution log group. */
  public readonly logGroup: logs.ILogGroup;
  /** The topic failure notifications go to, if any. */
  public readonly notificationTopic?: sns.ITopic;
  /** The CloudWatch alarms of the orchestrator, if any. */
  public readonly alarms?: ProcessAlarms;
  /** The pipeline's definition. */
  public readonly definition: PipelineDefinition;
  /** The role SageMaker jobs run as. */
  public readonly sageMakerRole: iam.IRole;
  /**
   * The workflow that cancels the Databricks runs of an execution that ended ABORTED or TIMED_OUT.
   *
   * It fails with `Statecraft.DatabricksCancelFailed`, alarmed and notified like the pipeline, when a run could not be
   * cancelled. Undefined when the pipeline has no Databricks stage or `cancelOrphanedDatabricksRuns` is false.
   */
  public readonly databricksRunCanceller?: ExecutionStatusHandler;

  constructor(scope: Construct, id: string, props: MlPipelineProps) {
    super(scope, id);
    const parameters = props.parameters ?? [];
    const errors = new ValidationErrors(this);
    validatePipeline(errors, props, parameters);
    errors.throwIfAny();

    this.definition = props.definition;
    this.sageMakerRole = props.sageMakerRole;
    const chain = compilePipeline(this, props.definition, parameters, { sageMakerRole: props.sageMakerRole });

    this.orchestrator = new ProcessOrchestrator(this, 'Orchestrator', {
      processName: props.pipelineName,
      definition: chain,
      inputValidation: parameters.length > 0 ? InputValidation.of(parameters.map(parameterField)) : undefined,
      failureHandler: publishFailure(this, props.pipelineName, props.eventBus),
      timeout: props.timeout ?? Duration.hours(24),
      stateMachineType: props.stateMachineType,
      encryptionKey: props.encryptionKey,
      notifications: props.notifications,
      alarms: props.alarms,
      schedule: props.schedule,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      comment: `ML pipeline ${props.pipelineName}: ${props.definition.stages.map((s) => s.stageName).join(' -> ')}`,
    });
    this.stateMachine = this.orchestrator.stateMachine;
    this.role = this.orchestrator.role;
    this.logGroup = this.orchestrator.logGroup;
    this.notificationTopic = this.orchestrator.notificationTopic;
    this.alarms = this.orchestrator.alarms;
    CdkNagSuppressions.addToRoleDefaultPolicy(this.role, [{
      id: 'AwsSolutions-IAM5',
      reason: 'SageMaker job, model and endpoint-config names end with the per-execution run id (and a per-attempt id), so each ARN is named up to the stage\'s own name prefix, the narrowest pattern possible',
      appliesToPatterns: [SAGEMAKER_PREFIX_WILDCARD],
    }]);

    const databricksStages = props.definition.stages.filter((s): s is DatabricksJobStage => s instanceof DatabricksJobStage);
    if (databricksStages.length > 0 && (props.cancelOrphanedDatabricksRuns ?? true)) {
      this.databricksRunCanceller = createDatabricksRunCanceller(this, 'DatabricksRunCanceller', {
        pipelineName: props.pipelineName,
        stateMachine: this.stateMachine,
        stages: databricksStages,
        encryptionKey: props.encryptionKey,
        // The canceller's failures go to the pipeline's topic rather than to a topic of their own.
        notifications: this.notificationTopic ? { ...props.notifications, existingTopic: this.notificationTopic } : props.notifications,
        alarms: cancellerAlarms(props.alarms),
        logRetention: props.logRetention,
        removalPolicy: props.removalPolicy,
      });
    }
  }

  /** Lets `grantee` start pipeline executions. */
  public grantStartExecution(grantee: iam.IGrantable): iam.Grant {
    return this.orchestrator.grantStartExecution(grantee);
  }

  /**
   * A task for a parent state machine that runs this pipeline as a nested execution and waits for it
   * (`startExecution.sync:2`). Input: `{ parameters?: {...} }`; output: the child's DescribeExecution result, with
   * the pipeline's output (`{ runId, executionName, params, stages }`) parsed in `Output`.
   */
  public startExecutionTask(scope: Construct, id: string, props: StartProcessExecutionProps = {}): tasks.StepFunctionsStartExecution {
    return this.orchestrator.startExecutionTask(scope, id, props);
  }

  /**
   * The nested execution wrapped so that the pipeline's named errors (`Statecraft.QualityGateFailed`, ...) reach the
   * parent under their own names, for the parent to `Catch`.
   */
  public nestedExecution(scope: Construct, id: string, props: StartProcessExecutionProps = {}): NestedProcessExecution {
    return this.orchestrator.nestedExecution(scope, id, props);
  }
}

/**
 * The pipeline's alarm settings for its run canceller, but for the duration threshold: one set for hours-long pipeline
 * runs means nothing for a workflow of minutes, which keeps its default (80% of its one-hour timeout) unless the
 * duration alarm is off (0).
 */
function cancellerAlarms(alarms?: ProcessAlarmsProps): ProcessAlarmsProps | undefined {
  if (!alarms) {
    return undefined;
  }
  const off = alarms.durationThreshold?.toSeconds() === 0;
  return { ...alarms, durationThreshold: off ? alarms.durationThreshold : undefined };
}

/** The input check of one runtime parameter: `parameters.<name>`, optional, of the parameter's type. */
function parameterField(parameter: PipelineParameter): InputField {
  return parameter.type === PipelineParameterType.NUMBER
    ? InputField.number(`parameters.${parameter.name}`)
    : InputField.string(`parameters.${parameter.name}`);
}

/** The failure bookkeeping: an EventBridge event with the execution and the error, before the error is re-raised. */
function publishFailure(scope: Construct, pipelineName: string, eventBus?: events.IEventBus): sfn.IChainable {
  const publish = new tasks.EventBridgePutEvents(scope, 'Publish Pipeline Failed', {
    entries: [{
      eventBus,
      source: MlPipelineEvents.SOURCE,
      detailType: MlPipelineEvents.PIPELINE_FAILED,
      detail: sfn.TaskInput.fromObject({
        pipelineName,
        executionArn: sfn.JsonPath.executionId,
        executionName: sfn.JsonPath.executionName,
        error: sfn.JsonPath.stringAt('$.failure.Error'),
        cause: sfn.JsonPath.stringAt('$.failure.Cause'),
      }),
    }],
    resultPath: sfn.JsonPath.DISCARD,
  });
  publish.addRetry({ errors: [...THROTTLING_ERRORS, 'EventBridge.ThrottlingException'], maxAttempts: 4, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
  return publish;
}

/** The parallel steps of a definition, nested ones included. */
function parallelSteps(definition: PipelineDefinition): PipelineStep[] {
  return definition._steps.flatMap((step) => step.parallelName
    ? [step, ...(step.branches ?? []).flatMap(parallelSteps)]
    : []);
}

/** Every problem with the pipeline's props, each naming the prop (and the stage) and what would be valid. */
function validatePipeline(errors: ValidationErrors, props: MlPipelineProps, parameters: PipelineParameter[]): void {
  const stages = props.definition.stages;
  const names = [...stages.map((s) => s.stageName), ...props.definition.parallelNames];
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
    errors.add('definition', `the stage or parallel step name '${name}' is used more than once; names must be unique (they prefix state names and key the stage outputs)`);
  }
  for (const step of parallelSteps(props.definition)) {
    errors.addIf((step.branches ?? []).length < 2, 'definition', `parallel step '${step.parallelName}' needs at least two branches (got ${(step.branches ?? []).length}); use next() for one`);
  }
  for (const name of props.definition.parallelNames) {
    errors.addIf(!STAGE_NAME_PATTERN.test(name), 'definition', `parallel step name '${name}' must start with a letter and contain only letters and digits, at most 30 characters`);
  }
  for (const stage of stages) {
    for (const problem of stage.validate()) {
      errors.add(`definition.stages[${stage.stageName}]`, problem);
    }
  }
  // Two stages with one prefix would share names and IAM resources (prefixes are lower case and cut to 21 characters).
  const prefixes = new Map<string, string>();
  for (const stage of stages) {
    const prefix = stage instanceof TrainingStage || stage instanceof BatchTransformStage ? stage.jobNamePrefix
      : stage instanceof EndpointDeploymentStage ? stage.resourceNamePrefix : undefined;
    if (prefix === undefined) continue;
    const other = prefixes.get(prefix);
    errors.addIf(other !== undefined, `definition.stages[${stage.stageName}]`,
      `its name prefix '${prefix}' is also stage ${other}'s; set jobNamePrefix (resourceNamePrefix) so each stage's SageMaker names and IAM resources are its own`);
    prefixes.set(prefix, stage.stageName);
  }
  const express = props.stateMachineType === sfn.StateMachineType.EXPRESS;
  const longRunning = stages.filter((s) => !(s instanceof CustomStage)).map((s) => s.stageName);
  errors.addIf(express && longRunning.length > 0, 'stateMachineType',
    `EXPRESS cannot run stages ${longRunning.join(', ')}: they use .sync jobs or poll for longer than Express's 5 minutes; use STANDARD`);
  const timeout = props.timeout ?? Duration.hours(24);
  for (const stage of stages) {
    if (stage instanceof DatabricksJobStage) {
      errors.addIf(stage.maxRuntime.toSeconds() >= timeout.toSeconds(), 'timeout',
        `must be longer than stage ${stage.stageName}'s maxRuntime (${stage.maxRuntime.toHumanString()}), so the Databricks run is cancelled before the execution times out`);
    }
    if (stage instanceof TrainingStage) {
      // A training job allowed to run longer than the whole execution can never finish inside it.
      errors.addIf(stage.maxRuntime.toSeconds() > timeout.toSeconds(), `definition.stages[${stage.stageName}]`,
        `maxRuntime: ${stage.maxRuntime.toHumanString()} is longer than the pipeline's timeout (${timeout.toHumanString()}); shorten maxRuntime or raise timeout`);
    }
  }
  const parameterNames = new Set<string>();
  parameters.forEach((parameter, i) => {
    errors.addIf(!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(parameter.name), `parameters[${i}]`,
      `name '${parameter.name}' must be letters, digits and underscores, starting with a letter or underscore`);
    errors.addIf(parameterNames.has(parameter.name), `parameters[${i}]`, `name '${parameter.name}' is declared twice`);
    parameterNames.add(parameter.name);
    const expected = parameter.type === PipelineParameterType.NUMBER ? 'number' : 'string';
    errors.addIf(typeof parameter.defaultValue !== expected, `parameters[${i}]`,
      `default of '${parameter.name}' must be a ${expected} (got ${JSON.stringify(parameter.defaultValue)})`);
  });
}

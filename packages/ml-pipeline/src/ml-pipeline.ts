import {
  CdkNagSuppressions,
  ExecutionStatusHandler,
  FailureEvent,
  InputField,
  InputValidation,
  OrchestratedProcess,
  ProcessAlarmsProps,
  ProcessOptions,
  ProcessOrchestrator,
  ProcessSchedule,
  ValidationErrors,
} from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { MlPipelineEvents } from './events';
import { PipelineDefinition } from './pipeline-definition';
import { PipelineParameter, PipelineParameterType } from './pipeline-parameter';
import { compilePipeline } from './private/compile-definition';
import { createDatabricksRunCanceller } from './private/databricks-run-canceller';
import { SAGEMAKER_PREFIX_WILDCARD } from './private/nag-suppressions';
import { validatePipeline } from './private/pipeline-validation';
import { DatabricksJobStage } from './stages/databricks-job-stage';

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
export class MlPipeline extends OrchestratedProcess {
  /** The orchestrator that owns the state machine, its logs and notifications. */
  public readonly orchestrator: ProcessOrchestrator;
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
      // ProcessOptions (encryptionKey, notifications, alarms, logRetention, removalPolicy) as given.
      ...props,
      processName: props.pipelineName,
      // Every state of the pipeline is JSONata, so the whole state machine is.
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definition: chain,
      inputValidation: parameters.length > 0 ? InputValidation.of(parameters.map(parameterField)) : undefined,
      // The failure bookkeeping: an EventBridge event with the execution and the error, before the error is re-raised.
      failureHandler: new FailureEvent(this, 'Failure Event', {
        source: MlPipelineEvents.SOURCE,
        detailType: MlPipelineEvents.PIPELINE_FAILED,
        eventBus: props.eventBus,
        detail: { pipelineName: props.pipelineName, ...FailureEvent.standardDetail() },
        stateName: 'Publish Pipeline Failed',
      }),
      timeout: props.timeout ?? Duration.hours(24),
      stateMachineType: props.stateMachineType,
      schedule: props.schedule,
      comment: `ML pipeline ${props.pipelineName}: ${props.definition.stages.map((s) => s.stageName).join(' -> ')}`,
    });
    CdkNagSuppressions.addToRoleDefaultPolicy(this.role, [{
      id: 'AwsSolutions-IAM5',
      reason: 'SageMaker job, model and endpoint-config names end with the per-execution run id (and a per-attempt id), so each ARN is named up to the stage\'s own name prefix, the narrowest pattern possible',
      appliesToPatterns: [SAGEMAKER_PREFIX_WILDCARD],
    }]);

    const databricksStages = props.definition.stages.filter((s): s is DatabricksJobStage => s instanceof DatabricksJobStage);
    if (databricksStages.length > 0 && (props.cancelOrphanedDatabricksRuns ?? true)) {
      this.databricksRunCanceller = createDatabricksRunCanceller(this, 'DatabricksRunCanceller', {
        ...props,
        stateMachine: this.stateMachine,
        stages: databricksStages,
        // The canceller's failures go to the pipeline's topic rather than to a topic of their own.
        notifications: this.notificationTopic ? { ...props.notifications, existingTopic: this.notificationTopic } : props.notifications,
        alarms: cancellerAlarms(props.alarms),
      });
    }
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


import { PollSchedule, PollUntilDone, ValidationErrors } from '@statecraft/process-orchestration';
import { Duration, Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DatabricksAuth } from '../databricks-auth';
import { MlPipelineErrors } from '../errors';
import { PipelineStage, StageContext, StageStates } from '../pipeline-stage';
import { DATABRICKS_TOKEN_MAX_LENGTH, RUN_ID_LENGTH } from '../private/job-names';
import { jsonata, numberExpression } from '../private/jsonata';
import { RUN_ID, stageField, stageVariable, workVariable } from '../private/pipeline-variables';
import { DATABRICKS_CALLS, DATABRICKS_READS } from '../private/retry-policies';
import { StageFailure, failWithCause } from '../private/stage-failure';
import { validateStageName } from '../private/stage-name';

/** Props of a Databricks job stage. */
export interface DatabricksJobStageProps {
  /** The workspace URL, for example `https://dbc-1234.cloud.databricks.com`. */
  readonly workspaceUrl: string;

  /** How the HTTP Task authenticates (an EventBridge connection). */
  readonly auth: DatabricksAuth;

  /** The id of the Databricks job to run (`POST /api/2.1/jobs/run-now`). */
  readonly jobId: number;

  /**
   * Job parameters for the run; values may be JSONata expressions (`PipelineParameter.asString`, an earlier stage's
   * output).
   * @default - the job's own defaults
   */
  readonly jobParameters?: { [key: string]: string };

  /**
   * Where the job writes its output (an S3 URI), published as this stage's `outputUri` for the next stages. Pass the
   * same value in `jobParameters` if the job needs to be told.
   * @default - the stage has no `outputUri`
   */
  readonly outputUri?: string;

  /**
   * The first wait between polls of the run state; each later wait doubles, up to `maxPollInterval`.
   * @default Duration.seconds(30)
   */
  readonly firstPollInterval?: Duration;

  /**
   * The longest wait between two polls.
   * @default Duration.minutes(5)
   */
  readonly maxPollInterval?: Duration;

  /**
   * How long the run may take. When it is exceeded the run is cancelled and the stage fails with
   * `Statecraft.DatabricksRunTimedOut`. Keep it below the pipeline's `timeout`, so the cancel runs before Step
   * Functions ends the execution.
   * @default Duration.hours(6)
   */
  readonly maxRuntime?: Duration;
}

/** Life-cycle states after which a run never has a result (TERMINATED is checked first). */
const TERMINAL_LIFE_CYCLE_STATES = ['SKIPPED', 'INTERNAL_ERROR'];

/**
 * Runs a Databricks job through the Jobs API with HTTP Tasks (no Lambda): starts the run with an idempotency token
 * derived from the execution, polls its state with exponential backoff, succeeds when it terminates with SUCCESS and
 * fails with `Statecraft.DatabricksRunFailed` otherwise. A run that outlives `maxRuntime`, or whose polling fails, is
 * cancelled before the stage fails.
 *
 * Output (`$stage<stageName>`): `{ runId, runPageUrl, outputUri }`.
 */
export class DatabricksJobStage extends PipelineStage {
  private readonly props: DatabricksJobStageProps;

  constructor(stageName: string, props: DatabricksJobStageProps) {
    super(stageName);
    this.props = props;
  }

  /** The Databricks run id (a JSONata expression for later stages). */
  public get runId(): number {
    return numberExpression(stageField(this.stageName, 'runId'));
  }

  /** The run's page in the Databricks workspace (a JSONata expression). */
  public get runPageUrl(): string {
    return jsonata(stageField(this.stageName, 'runPageUrl'));
  }

  /** The job's output location, as given in `outputUri` (a JSONata expression). */
  public get outputUri(): string {
    return jsonata(stageField(this.stageName, 'outputUri'));
  }

  public validate(errors: ValidationErrors, propPrefix: string): void {
    const prop = (name: string) => `${propPrefix}.${name}`;
    validateStageName(errors, propPrefix, this.stageName);
    const { workspaceUrl } = this.props;
    errors.addIf(Token.isUnresolved(workspaceUrl) || !/^https:\/\/[^/\s]+\/?$/.test(workspaceUrl), prop('workspaceUrl'),
      `must be a literal https URL of the workspace root, like https://dbc-1234.cloud.databricks.com (got '${workspaceUrl}'); the HTTP Task's IAM condition is built from it`);
    errors.addIf(!Token.isUnresolved(this.props.jobId) && !(Number.isInteger(this.props.jobId) && this.props.jobId > 0), prop('jobId'),
      `must be a positive integer Databricks job id (got ${this.props.jobId})`);
    // The idempotency token is `<32-character run id>-<stage name>`; Databricks accepts at most 64 characters.
    errors.addIf(RUN_ID_LENGTH + 1 + this.stageName.length > DATABRICKS_TOKEN_MAX_LENGTH, prop('stageName'),
      `must be at most ${DATABRICKS_TOKEN_MAX_LENGTH - RUN_ID_LENGTH - 1} characters for a Databricks stage (the idempotency token is limited to ${DATABRICKS_TOKEN_MAX_LENGTH})`);
    const first = this.firstPollInterval.toSeconds();
    const max = this.maxPollInterval.toSeconds();
    errors.addIf(first < 1, prop('firstPollInterval'), `must be at least 1 second (got ${first})`);
    errors.addIf(max < first, prop('maxPollInterval'), `must be at least firstPollInterval (${first} s), got ${max} s`);
    errors.addIf(this.maxRuntime.toSeconds() <= first, prop('maxRuntime'), `must be longer than firstPollInterval (${first} s)`);
  }

  /** The run deadline after which the run is cancelled. */
  public get maxRuntime(): Duration {
    return this.props.maxRuntime ?? Duration.hours(6);
  }

  private get firstPollInterval(): Duration {
    return this.props.firstPollInterval ?? Duration.seconds(30);
  }

  private get maxPollInterval(): Duration {
    return this.props.maxPollInterval ?? Duration.minutes(5);
  }

  /** The name of the state that starts the run; its output is `{ runId }`. @internal */
  public get _startRunStateName(): string {
    return `${this.stageName}: Start Run`;
  }

  /**
   * A JSONata HTTP Task that cancels the run whose id `runIdExpression` gives, through this stage's workspace and
   * connection. The stage uses it, and so does the pipeline's run canceller after an execution was stopped or timed out.
   * @internal
   */
  public _cancelRunTask(scope: Construct, id: string, runIdExpression: string, props: Pick<sfn.TaskStateJsonataBaseProps, 'outputs' | 'assign'> = {}): tasks.HttpInvoke {
    return tasks.HttpInvoke.jsonata(scope, id, {
      apiRoot: this.apiRoot,
      apiEndpoint: sfn.TaskInput.fromText('api/2.1/jobs/runs/cancel'),
      method: sfn.TaskInput.fromText('POST'),
      connection: this.props.auth._bind(scope, 'DatabricksConnection'),
      body: sfn.TaskInput.fromObject({ run_id: jsonata(runIdExpression) }),
      ...props,
    });
  }

  private get apiRoot(): string {
    return this.props.workspaceUrl.replace(/\/+$/, '');
  }

  /** @internal */
  public _compile(scope: Construct, _context: StageContext): StageStates {
    const name = this.stageName;
    const apiRoot = this.apiRoot;
    const connection = this.props.auth._bind(scope, 'DatabricksConnection');
    const failure = new StageFailure(scope, name);
    const runId = `$${workVariable('runId', name)}`;
    const run = `$${workVariable('run', name)}`;
    const cancelReason = workVariable('cancelReason', name);
    const pollVariable = workVariable('poll', name);

    const getRun = tasks.HttpInvoke.jsonata(scope, `${name}: Get Run State`, {
      apiRoot,
      apiEndpoint: sfn.TaskInput.fromText('api/2.1/jobs/runs/get'),
      method: sfn.TaskInput.fromText('GET'),
      connection,
      queryStringParameters: sfn.TaskInput.fromObject({ run_id: jsonata(`$string(${runId})`) }),
      assign: {
        [workVariable('run', name)]: {
          state: jsonata('$states.result.ResponseBody.state'),
          runPageUrl: jsonata('$states.result.ResponseBody.run_page_url'),
        },
      },
    });
    // Polling is a read: a transient 5xx is retried here, so one bad answer cannot cancel a run of hours.
    DATABRICKS_READS.applyTo(getRun);

    // Every way out of a started run that is not its own success or failure cancels it first.
    const cancelRun = this._cancelRunTask(scope, `${name}: Cancel Run`, runId);
    DATABRICKS_CALLS.applyTo(cancelRun);
    // Cancelled on the deadline (no reason recorded) or because the run's state could not be read (the reason).
    const endCancelled = sfn.Fail.jsonata(scope, `${name}: Run Cancelled`, {
      error: jsonata(`$${cancelReason} != null ? $${cancelReason}.error : '${MlPipelineErrors.DATABRICKS_RUN_TIMED_OUT}'`),
      cause: jsonata(`$${cancelReason} != null ? $${cancelReason}.cause : 'Databricks run ' & ${runId} & ' of stage ${name} was still running after ${this.maxRuntime.toSeconds()} seconds and was cancelled'`),
    });
    // A failed cancel must not hide why the stage is being left: end with the recorded reason either way.
    cancelRun.addCatch(endCancelled);
    cancelRun.next(endCancelled);

    getRun.addCatch(cancelRun, {
      errors: [sfn.Errors.ALL],
      assign: {
        [cancelReason]: {
          error: jsonata('$states.errorOutput.Error'),
          cause: jsonata(`'Stage ${name}: could not read the state of Databricks run ' & ${runId} & ', which was cancelled: ' & $states.errorOutput.Cause`),
        },
      },
    });

    const recordOutput = sfn.Pass.jsonata(scope, `${name}: Record Output`, {
      assign: {
        [stageVariable(name)]: {
          runId: jsonata(runId),
          runPageUrl: jsonata(`${run}.runPageUrl`),
          ...(this.props.outputUri ? { outputUri: this.props.outputUri } : {}),
        },
      },
    });

    const runFailed = failWithCause(scope, name, 'Run Failed', MlPipelineErrors.DATABRICKS_RUN_FAILED,
      `'Databricks run ' & ${runId} & ' of stage ${name} did not succeed: ' & $string(${run}.state)`);
    const runEndedWithoutResult = failWithCause(scope, name, 'Run Not Completed', MlPipelineErrors.DATABRICKS_RUN_FAILED,
      `'Databricks run ' & ${runId} & ' of stage ${name} ended without a result: ' & $string(${run}.state)`);

    const lifeCycle = `${run}.state.life_cycle_state`;
    // result_state exists only once the run is TERMINATED.
    const poll = new PollUntilDone(scope, `${name}Poll`, {
      schedule: PollSchedule.exponential({ firstWait: this.firstPollInterval, maxWait: this.maxPollInterval, deadline: this.maxRuntime }),
      check: getRun,
      outcomes: [
        { condition: jsonata(`${lifeCycle} = 'TERMINATED' and ${run}.state.result_state = 'SUCCESS'`), next: recordOutput },
        { condition: jsonata(`${lifeCycle} = 'TERMINATED'`), next: runFailed },
        { condition: jsonata(`${lifeCycle} in ${JSON.stringify(TERMINAL_LIFE_CYCLE_STATES)}`), next: runEndedWithoutResult },
      ],
      timeoutError: MlPipelineErrors.DATABRICKS_RUN_TIMED_OUT,
      onTimeout: cancelRun,
      variableName: pollVariable,
      waitStateName: `${name}: Wait`,
      decideStateName: `${name}: Run Finished?`,
    });


    // The same token on every attempt: a retried request returns the existing run instead of starting a second one.
    // The output keeps the run id for the run canceller, which finds it in the execution history.
    const startRun = tasks.HttpInvoke.jsonata(scope, this._startRunStateName, {
      apiRoot,
      apiEndpoint: sfn.TaskInput.fromText('api/2.1/jobs/run-now'),
      method: sfn.TaskInput.fromText('POST'),
      connection,
      body: sfn.TaskInput.fromObject({
        job_id: this.props.jobId,
        idempotency_token: jsonata(`${RUN_ID} & '-${name}'`),
        ...(this.props.jobParameters ? { job_parameters: this.props.jobParameters } : {}),
      }),
      assign: {
        [workVariable('runId', name)]: jsonata('$states.result.ResponseBody.run_id'),
        // No reason to cancel yet: the deadline's reason is the Run Cancelled state's default.
        [cancelReason]: null,
        ...poll.startAssign,
      },
      outputs: { runId: jsonata('$states.result.ResponseBody.run_id') },
    });
    DATABRICKS_CALLS.applyTo(startRun);
    failure.catchAll(startRun);
    startRun.next(poll);
    return { start: startRun, end: recordOutput };
  }
}

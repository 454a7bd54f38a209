import { Duration, Token } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { DatabricksAuth } from '../databricks-auth';
import { MlPipelineErrors } from '../errors';
import { PipelineStage, StageContext, StageStates } from '../pipeline-stage';
import { DATABRICKS_TOKEN_MAX_LENGTH, RUN_ID_LENGTH } from '../private/job-names';
import { PollLoop } from '../private/poll-loop';
import { retryServerErrorsOnRead, retryThrottlingAndLimits } from '../private/retry';
import { StageFailure, failWithCause } from '../private/stage-failure';
import { validateStageName } from '../private/stage-name';
import { RUN_ID_PATH, stageFieldPath, stageOutputPath, stageWorkPath } from '../private/state-paths';
import { ProblemList } from '../private/validation';

/** Props of a Databricks job stage. */
export interface DatabricksJobStageProps {
  /** The workspace URL, for example `https://dbc-1234.cloud.databricks.com`. */
  readonly workspaceUrl: string;

  /** How the HTTP Task authenticates (an EventBridge connection). */
  readonly auth: DatabricksAuth;

  /** The id of the Databricks job to run (`POST /api/2.1/jobs/run-now`). */
  readonly jobId: number;

  /**
   * Job parameters for the run; values may be JSONPath references (`PipelineParameter.asString`, an earlier stage's
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

const LIFE_CYCLE = '$.ResponseBody.state';
const TERMINAL_LIFE_CYCLE_STATES = ['TERMINATED', 'SKIPPED', 'INTERNAL_ERROR'];

/**
 * Runs a Databricks job through the Jobs API with HTTP Tasks (no Lambda): starts the run with an idempotency token
 * derived from the execution, polls its state with exponential backoff, succeeds when it terminates with SUCCESS and
 * fails with `Statecraft.DatabricksRunFailed` otherwise. A run that outlives `maxRuntime`, or whose polling fails, is
 * cancelled before the stage fails.
 *
 * Output (`$.stages.<stageName>`): `{ runId, runPageUrl, outputUri }`.
 */
export class DatabricksJobStage extends PipelineStage {
  private readonly props: DatabricksJobStageProps;

  constructor(stageName: string, props: DatabricksJobStageProps) {
    super(stageName);
    this.props = props;
  }

  /** The Databricks run id (a JSONPath reference for later stages). */
  public get runId(): number {
    return sfn.JsonPath.numberAt(stageFieldPath(this.stageName, 'runId'));
  }

  /** The run's page in the Databricks workspace (a JSONPath reference). */
  public get runPageUrl(): string {
    return sfn.JsonPath.stringAt(stageFieldPath(this.stageName, 'runPageUrl'));
  }

  /** The job's output location, as given in `outputUri` (a JSONPath reference). */
  public get outputUri(): string {
    return sfn.JsonPath.stringAt(stageFieldPath(this.stageName, 'outputUri'));
  }

  public validate(): string[] {
    const problems = new ProblemList();
    problems.addAll(validateStageName(this.stageName));
    const { workspaceUrl } = this.props;
    problems.check(!Token.isUnresolved(workspaceUrl) && /^https:\/\/[^/\s]+\/?$/.test(workspaceUrl), 'workspaceUrl',
      `must be a literal https URL of the workspace root, like https://dbc-1234.cloud.databricks.com (got '${workspaceUrl}'); the HTTP Task's IAM condition is built from it`);
    problems.check(Token.isUnresolved(this.props.jobId) || (Number.isInteger(this.props.jobId) && this.props.jobId > 0), 'jobId',
      `must be a positive integer Databricks job id (got ${this.props.jobId})`);
    // The idempotency token is `<32-character run id>-<stage name>`; Databricks accepts at most 64 characters.
    problems.check(RUN_ID_LENGTH + 1 + this.stageName.length <= DATABRICKS_TOKEN_MAX_LENGTH, 'stageName',
      `must be at most ${DATABRICKS_TOKEN_MAX_LENGTH - RUN_ID_LENGTH - 1} characters for a Databricks stage (the idempotency token is limited to ${DATABRICKS_TOKEN_MAX_LENGTH})`);
    const first = this.firstPollInterval.toSeconds();
    const max = this.maxPollInterval.toSeconds();
    problems.check(first >= 1, 'firstPollInterval', `must be at least 1 second (got ${first})`);
    problems.check(max >= first, 'maxPollInterval', `must be at least firstPollInterval (${first} s), got ${max} s`);
    problems.check(this.maxRuntime.toSeconds() > first, 'maxRuntime', `must be longer than firstPollInterval (${first} s)`);
    return problems.all;
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

  /** The name of the state that starts the run; its output holds the run id at `work.<stageName>.runId`. @internal */
  public get _startRunStateName(): string {
    return `${this.stageName}: Start Run`;
  }

  /**
   * An HTTP Task that cancels the run whose id is at `runIdPath`, through this stage's workspace and connection. The
   * stage uses it, and so does the pipeline's run canceller after an execution was stopped or timed out.
   * @internal
   */
  public _cancelRunTask(scope: Construct, id: string, runIdPath: string): tasks.HttpInvoke {
    return new tasks.HttpInvoke(scope, id, {
      apiRoot: this.apiRoot,
      apiEndpoint: sfn.TaskInput.fromText('api/2.1/jobs/runs/cancel'),
      method: sfn.TaskInput.fromText('POST'),
      connection: this.props.auth._bind(scope, 'DatabricksConnection'),
      body: sfn.TaskInput.fromObject({ run_id: sfn.JsonPath.numberAt(runIdPath) }),
      resultPath: sfn.JsonPath.DISCARD,
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
    const runIdPath = stageWorkPath(name, 'runId');
    const poll = new PollLoop(scope, name, {
      firstWait: this.firstPollInterval,
      maxWait: this.maxPollInterval,
      deadline: this.maxRuntime,
    });

    // The same token on every attempt: a retried request returns the existing run instead of starting a second one.
    const startRun = new tasks.HttpInvoke(scope, this._startRunStateName, {
      apiRoot,
      apiEndpoint: sfn.TaskInput.fromText('api/2.1/jobs/run-now'),
      method: sfn.TaskInput.fromText('POST'),
      connection,
      body: sfn.TaskInput.fromObject({
        job_id: this.props.jobId,
        idempotency_token: sfn.JsonPath.format(`{}-${name}`, sfn.JsonPath.stringAt(RUN_ID_PATH)),
        ...(this.props.jobParameters ? { job_parameters: this.props.jobParameters } : {}),
      }),
      resultSelector: { runId: sfn.JsonPath.numberAt('$.ResponseBody.run_id') },
      resultPath: stageWorkPath(name),
    });
    retryThrottlingAndLimits(startRun);
    failure.catchAll(startRun);

    const startPolling = new sfn.Pass(scope, `${name}: Start Polling`, {
      result: sfn.Result.fromObject(poll.initialState),
      resultPath: poll.path,
    });

    const getRun = new tasks.HttpInvoke(scope, `${name}: Get Run State`, {
      apiRoot,
      apiEndpoint: sfn.TaskInput.fromText('api/2.1/jobs/runs/get'),
      method: sfn.TaskInput.fromText('GET'),
      connection,
      queryStringParameters: sfn.TaskInput.fromObject({
        run_id: sfn.JsonPath.format('{}', sfn.JsonPath.stringAt(runIdPath)),
      }),
      resultSelector: {
        state: sfn.JsonPath.objectAt(LIFE_CYCLE),
        runPageUrl: sfn.JsonPath.stringAt('$.ResponseBody.run_page_url'),
      },
      resultPath: stageWorkPath(name, 'run'),
    });
    retryThrottlingAndLimits(getRun);
    // Polling is a read: a transient 5xx is retried here, so one bad answer cannot cancel a run of hours.
    retryServerErrorsOnRead(getRun);

    // Every way out of a started run that is not its own success or failure cancels it first.
    const cancelRun = this._cancelRunTask(scope, `${name}: Cancel Run`, runIdPath);
    retryThrottlingAndLimits(cancelRun);
    const endCancelled = new sfn.Fail(scope, `${name}: Run Cancelled`, {
      errorPath: stageWorkPath(name, 'cancelReason.error'),
      causePath: stageWorkPath(name, 'cancelReason.cause'),
    });
    // A failed cancel must not hide why the stage is being left: end with the recorded reason either way.
    cancelRun.addCatch(endCancelled, { resultPath: stageWorkPath(name, 'cancelError') });
    cancelRun.next(endCancelled);

    const pollingFailed = new sfn.Pass(scope, `${name}: Polling Failed`, {
      parameters: {
        error: sfn.JsonPath.stringAt(`${failure.caughtErrorPath}.Error`),
        cause: sfn.JsonPath.format(`Stage ${name}: could not read the state of Databricks run {}, which was cancelled: {}`,
          sfn.JsonPath.stringAt(runIdPath),
          sfn.JsonPath.stringAt(`${failure.caughtErrorPath}.Cause`)),
      },
      resultPath: stageWorkPath(name, 'cancelReason'),
    });
    getRun.addCatch(pollingFailed.next(cancelRun), { errors: [sfn.Errors.ALL], resultPath: failure.caughtErrorPath });

    const deadlinePassed = new sfn.Pass(scope, `${name}: Deadline Passed`, {
      parameters: {
        error: MlPipelineErrors.DATABRICKS_RUN_TIMED_OUT,
        cause: sfn.JsonPath.format(`Databricks run {} of stage ${name} was still running after ${this.maxRuntime.toSeconds()} seconds and was cancelled`,
          sfn.JsonPath.stringAt(runIdPath)),
      },
      resultPath: stageWorkPath(name, 'cancelReason'),
    });

    const recordOutput = new sfn.Pass(scope, `${name}: Record Output`, {
      parameters: {
        runId: sfn.JsonPath.numberAt(runIdPath),
        runPageUrl: sfn.JsonPath.stringAt(stageWorkPath(name, 'run.runPageUrl')),
        ...(this.props.outputUri ? { outputUri: this.props.outputUri } : {}),
      },
      resultPath: stageOutputPath(name),
    });

    const runFailed = failWithCause(scope, name, 'Run Failed', MlPipelineErrors.DATABRICKS_RUN_FAILED,
      `Databricks run {} of stage ${name} did not succeed: {}`,
      sfn.JsonPath.stringAt(runIdPath),
      sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt(stageWorkPath(name, 'run.state'))));
    const runEndedWithoutResult = failWithCause(scope, name, 'Run Not Completed', MlPipelineErrors.DATABRICKS_RUN_FAILED,
      `Databricks run {} of stage ${name} ended without a result: {}`,
      sfn.JsonPath.stringAt(runIdPath),
      sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt(stageWorkPath(name, 'run.state'))));

    const lifeCycle = stageWorkPath(name, 'run.state.life_cycle_state');
    // result_state exists only once the run is TERMINATED, so it is read in a second Choice.
    const resultChoice = new sfn.Choice(scope, `${name}: Run Succeeded?`)
      .when(sfn.Condition.stringEquals(stageWorkPath(name, 'run.state.result_state'), 'SUCCESS'), recordOutput)
      .otherwise(runFailed);
    const lifeCycleChoice = new sfn.Choice(scope, `${name}: Run Finished?`)
      .when(sfn.Condition.stringEquals(lifeCycle, 'TERMINATED'), resultChoice)
      .when(sfn.Condition.or(...TERMINAL_LIFE_CYCLE_STATES.filter((s) => s !== 'TERMINATED')
        .map((s) => sfn.Condition.stringEquals(lifeCycle, s))), runEndedWithoutResult)
      .when(poll.deadlinePassed(), deadlinePassed.next(cancelRun))
      .otherwise(poll.backOff);

    startRun.next(startPolling).next(poll.wait).next(getRun).next(lifeCycleChoice);
    return { start: startRun, end: recordOutput };
  }
}

import {
  CdkNagSuppressions,
  ExecutionStatus,
  ExecutionStatusHandler,
  ProcessAlarmsProps,
  ProcessNotificationsProps,
  RetryPolicy,
} from '@statecraft/process-orchestration';
import { ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { MlPipelineErrors } from '../errors';
import { EXECUTION_WILDCARD } from './nag-suppressions';
import { retryServerErrorsOnRead, retryThrottlingAndLimits } from './retry';
import { DatabricksJobStage } from '../stages/databricks-job-stage';

/**
 * Events per GetExecutionHistory page. Each event carries a state's input or output (the pipeline state, a few KiB,
 * or a raw service response), and the whole page must stay below the 256 KiB a task result may have: 25 events leave
 * room for states of about 10 KiB. A pipeline at the 25,000-event limit is read in 1,000 pages.
 */
export const HISTORY_PAGE_SIZE = 25;

export interface DatabricksRunCancellerProps {
  readonly pipelineName: string;
  /** The pipeline's state machine, whose ABORTED and TIMED_OUT executions are cleaned up after. */
  readonly stateMachine: sfn.StateMachine;
  /** The pipeline's Databricks stages (at least one). */
  readonly stages: DatabricksJobStage[];
  readonly encryptionKey?: kms.IKey;
  readonly notifications?: ProcessNotificationsProps;
  readonly alarms?: ProcessAlarmsProps;
  readonly logRetention?: logs.RetentionDays;
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Cancels the Databricks runs of a pipeline execution that ended ABORTED (StopExecution) or TIMED_OUT: no state of the
 * execution runs after that, so its own cancel states cannot. An {@link ExecutionStatusHandler} runs this workflow:
 *
 * 1. Reads the execution's history page by page, and keeps, for each Databricks stage, the output of its
 *    `<Stage>: Start Run` state (which is `{ runId }`).
 * 2. Cancels each run found (`POST api/2.1/jobs/runs/cancel` through the stage's own connection; cancelling a run
 *    that already ended does nothing). Stages that started no run are skipped.
 * 3. Fails with `Statecraft.DatabricksCancelFailed` if a cancel failed after its retries, or the history could not be
 *    read to the end, naming each run id by stage, so that the handler's alarm and notification fire.
 *
 * A cancel failure does not stop the others: every run found is tried before the workflow fails.
 */
export function createDatabricksRunCanceller(scope: Construct, id: string, props: DatabricksRunCancellerProps): ExecutionStatusHandler {
  // The states are built before the handler that runs them, under a scope of their own (state ids must be unique).
  const states = new Construct(scope, `${id}States`);
  const stages = props.stages;
  const executionArns = Stack.of(props.stateMachine).formatArn({
    service: 'states',
    resource: 'execution',
    resourceName: `${props.stateMachine.stateMachineName}:*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

  // Only what the canceller needs: the event's copy of the pipeline input can be large.
  const prepare = new sfn.Pass(states, 'Prepare Cancel', {
    parameters: {
      execution: {
        Arn: sfn.JsonPath.stringAt('$.execution.Arn'),
        Name: sfn.JsonPath.stringAt('$.execution.Name'),
        Status: sfn.JsonPath.stringAt('$.execution.Status'),
      },
      runs: {},
      cancelled: {},
      failures: {},
    },
  });

  const readPage = (stateId: string, nextToken?: string) => {
    const read = new tasks.CallAwsService(states, stateId, {
      service: 'sfn',
      action: 'getExecutionHistory',
      iamAction: 'states:GetExecutionHistory',
      iamResources: [executionArns],
      parameters: {
        ExecutionArn: sfn.JsonPath.stringAt('$.execution.Arn'),
        MaxResults: HISTORY_PAGE_SIZE,
        // The run ids are in the states' outputs, which only this returns.
        IncludeExecutionData: true,
        ...(nextToken ? { NextToken: sfn.JsonPath.stringAt(nextToken) } : {}),
      },
      resultPath: '$.page',
    });
    RetryPolicy.transientAwsErrors().applyTo(read);
    return read;
  };
  const readHistory = readPage('Read History');
  const readMoreHistory = readPage('Read More History', '$.page.NextToken');

  // Two filters, as the ASL path grammar (asl-path-validator) accepts a filter on one field of the items, without `&&`
  // or a nested path: the page's events are replaced by the details of its TaskStateExited events (`{ Name, Output }`),
  // which also keeps the state small...
  const keepTaskExits = new sfn.Pass(states, 'Keep Task Exits', {
    inputPath: "$.page.Events[?(@.Type == 'TaskStateExited')].StateExitedEventDetails",
    resultPath: '$.page.Events',
  });
  // ...then, per stage, the outputs of its Start Run state (an empty list when it is not on this page).
  const findStartedRuns = new sfn.Pass(states, 'Find Started Runs', {
    parameters: Object.fromEntries(stages.map((stage) => [
      `${stage.stageName}.$`,
      `$.page.Events[?(@.Name == '${stage._startRunStateName}')].Output`,
    ])),
    resultPath: '$.found',
  });
  keepTaskExits.next(findStartedRuns);
  const moreHistory = new sfn.Choice(states, 'More History?');
  // The last page can be large: it is not kept for the rest of the workflow.
  const historyRead = new sfn.Pass(states, 'History Read', { result: sfn.Result.fromObject({}), resultPath: '$.page' });
  moreHistory.when(sfn.Condition.isPresent('$.page.NextToken'), readMoreHistory).otherwise(historyRead);
  readHistory.next(keepTaskExits);
  readMoreHistory.next(keepTaskExits);
  // Runs found on the pages read so far are still cancelled; the workflow then fails naming the read error.
  for (const read of [readHistory, readMoreHistory]) {
    read.addCatch(historyRead, { errors: [sfn.Errors.ALL], resultPath: '$.historyFailure' });
  }

  // Keep each stage's Start Run output (a JSON string) when this page has it.
  let keepNext: sfn.IChainable = moreHistory;
  for (const stage of [...stages].reverse()) {
    const name = stage.stageName;
    const keep = new sfn.Pass(states, `${name}: Keep Start Output`, { inputPath: `$.found.${name}[0]`, resultPath: `$.runs.${name}` });
    keep.next(keepNext);
    keepNext = new sfn.Choice(states, `${name}: Start Run On Page?`)
      .when(sfn.Condition.isPresent(`$.found.${name}[0]`), keep)
      .otherwise(keepNext);
  }
  findStartedRuns.next(keepNext);

  const done = new sfn.Pass(states, 'Runs Cancelled', {
    parameters: { execution: sfn.JsonPath.objectAt('$.execution'), cancelled: sfn.JsonPath.objectAt('$.cancelled') },
  });
  const cancelFailed = new sfn.Fail(states, 'Cancel Failed', {
    error: MlPipelineErrors.DATABRICKS_CANCEL_FAILED,
    causePath: '$.cancelFailure.cause',
  });
  const describeHistoryFailure = new sfn.Pass(states, 'Describe History Failure', {
    parameters: {
      cause: sfn.JsonPath.format(
        'Could not read the history of execution {} ({}) to the end: {}: {}. Databricks runs it started may still be running. Cancelled by stage: {}; cancel failures by stage: {}',
        sfn.JsonPath.stringAt('$.execution.Arn'),
        sfn.JsonPath.stringAt('$.execution.Status'),
        sfn.JsonPath.stringAt('$.historyFailure.Error'),
        sfn.JsonPath.stringAt('$.historyFailure.Cause'),
        sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.cancelled')),
        sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.failures'))),
    },
    resultPath: '$.cancelFailure',
  });
  const describeCancelFailures = new sfn.Pass(states, 'Describe Cancel Failures', {
    parameters: {
      cause: sfn.JsonPath.format(
        'Could not cancel Databricks runs of execution {} ({}), which may still be running. Cancel failures by stage: {}; cancelled by stage: {}',
        sfn.JsonPath.stringAt('$.execution.Arn'),
        sfn.JsonPath.stringAt('$.execution.Status'),
        sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.failures')),
        sfn.JsonPath.jsonToString(sfn.JsonPath.objectAt('$.cancelled'))),
    },
    resultPath: '$.cancelFailure',
  });
  describeHistoryFailure.next(cancelFailed);
  describeCancelFailures.next(cancelFailed);
  const cancelFailures = stages.map((stage) => sfn.Condition.isPresent(`$.failures.${stage.stageName}`));
  const everyRunCancelled = new sfn.Choice(states, 'Every Run Cancelled?')
    .when(sfn.Condition.isPresent('$.historyFailure'), describeHistoryFailure)
    .when(cancelFailures.length === 1 ? cancelFailures[0] : sfn.Condition.or(...cancelFailures), describeCancelFailures)
    .otherwise(done);

  // Then cancel each stage's run, if it started one.
  let cancelNext: sfn.IChainable = everyRunCancelled;
  for (const stage of [...stages].reverse()) {
    const name = stage.stageName;
    const runIdPath = '$.startOutput.state.runId';
    // The cancel task is a JSONata state (the stage's own); it leaves this workflow's JSONPath data as it was.
    const cancel = stage._cancelRunTask(states, `${name}: Cancel Run`, '$states.input.startOutput.state.runId', { outputs: '{% $states.input %}' });
    retryThrottlingAndLimits(cancel);
    // Cancelling twice is harmless, so a server error is retried too.
    retryServerErrorsOnRead(cancel);
    const noteCancelled = new sfn.Pass(states, `${name}: Note Run Cancelled`, {
      parameters: { runId: sfn.JsonPath.numberAt(runIdPath) },
      resultPath: `$.cancelled.${name}`,
    });
    const noteFailure = new sfn.Pass(states, `${name}: Note Cancel Failure`, {
      parameters: {
        runId: sfn.JsonPath.numberAt(runIdPath),
        error: sfn.JsonPath.stringAt('$.cancelError.Error'),
        cause: sfn.JsonPath.stringAt('$.cancelError.Cause'),
      },
      resultPath: `$.failures.${name}`,
    });
    cancel.addCatch(noteFailure, { errors: [sfn.Errors.ALL], outputs: "{% $merge([$states.input, { 'cancelError': $states.errorOutput }]) %}" });
    cancel.next(noteCancelled);
    noteCancelled.next(cancelNext);
    noteFailure.next(cancelNext);
    const readRunId = new sfn.Pass(states, `${name}: Read Run Id`, {
      parameters: { state: sfn.JsonPath.stringToJson(sfn.JsonPath.stringAt(`$.runs.${name}`)) },
      resultPath: '$.startOutput',
    });
    // A Start Run state left through its Catch has no run id: nothing was started.
    readRunId.next(new sfn.Choice(states, `${name}: Run Id Recorded?`)
      .when(sfn.Condition.isPresent(runIdPath), cancel)
      .otherwise(cancelNext));
    cancelNext = new sfn.Choice(states, `${name}: Run Started?`)
      .when(sfn.Condition.isPresent(`$.runs.${name}`), readRunId)
      .otherwise(cancelNext);
  }
  historyRead.next(cancelNext);
  prepare.next(readHistory);

  const handler = new ExecutionStatusHandler(scope, id, {
    stateMachine: props.stateMachine,
    statuses: [ExecutionStatus.ABORTED, ExecutionStatus.TIMED_OUT],
    handler: prepare,
    processName: `${props.pipelineName}-databricks-cancel`.slice(0, 64),
    // Paging through a long history and retrying throttled cancels can take minutes.
    timeout: Duration.hours(1),
    encryptionKey: props.encryptionKey,
    notifications: props.notifications,
    alarms: props.alarms,
    logRetention: props.logRetention,
    removalPolicy: props.removalPolicy,
  });
  if (props.encryptionKey) {
    // The history's inputs and outputs are encrypted with the pipeline's key.
    props.encryptionKey.grant(handler.stateMachine.role, 'kms:Decrypt');
  }
  CdkNagSuppressions.addToRoleDefaultPolicy(handler.stateMachine.role, [{
    id: 'AwsSolutions-IAM5',
    reason: 'The canceller reads the history of any execution of the pipeline: execution names are chosen at run time, and the grant is limited to executions of that one state machine',
    appliesToPatterns: [EXECUTION_WILDCARD],
  }]);
  return handler;
}

import {
  CdkNagSuppressions,
  ExecutionStatus,
  ExecutionStatusHandler,
  ProcessOptions,
  RetryPolicy,
} from '@statecraft/process-orchestration';
import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { MlPipelineErrors } from '../errors';
import { jsonata } from './jsonata';
import { EXECUTION_WILDCARD } from './nag-suppressions';
import { DATABRICKS_READS } from './retry-policies';
import { DatabricksJobStage } from '../stages/databricks-job-stage';

/**
 * Events per GetExecutionHistory page. Each event carries a state's input or output (the pipeline state, a few KiB,
 * or a raw service response), and the whole page must stay below the 256 KiB a task result may have: 25 events leave
 * room for states of about 10 KiB. A pipeline at the 25,000-event limit is read in 1,000 pages.
 */
export const HISTORY_PAGE_SIZE = 25;

export interface DatabricksRunCancellerProps extends ProcessOptions {
  readonly pipelineName: string;
  /** The pipeline's state machine, whose ABORTED and TIMED_OUT executions are cleaned up after. */
  readonly stateMachine: sfn.StateMachine;
  /** The pipeline's Databricks stages (at least one). */
  readonly stages: DatabricksJobStage[];
}

/**
 * Cancels the Databricks runs of a pipeline execution that ended ABORTED (StopExecution) or TIMED_OUT: no state of the
 * execution runs after that, so its own cancel states cannot. An {@link ExecutionStatusHandler} runs this workflow:
 *
 * 1. Reads the execution's history page by page, and keeps, for each Databricks stage, the run id from the output
 *    of its `<Stage>: Start Run` state (`{ runId }`), in the variable `runs`.
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

  // Only what the canceller needs (the event's copy of the pipeline input can be large), in variables.
  const prepare = sfn.Pass.jsonata(states, 'Prepare Cancel', {
    assign: {
      execution: { Arn: jsonata('$states.input.execution.Arn'), Name: jsonata('$states.input.execution.Name'), Status: jsonata('$states.input.execution.Status') },
      runs: {},
      cancelled: {},
      failures: {},
      historyFailure: null,
    },
    outputs: {},
  });

  // Cancel each stage's run, if the history showed one (cancelling a run that already ended does nothing).
  const runsCancelled = sfn.Pass.jsonata(states, 'Runs Cancelled', { outputs: { execution: jsonata('$execution'), cancelled: jsonata('$cancelled') } });
  const cancelFailed = sfn.Fail.jsonata(states, 'Cancel Failed', {
    error: MlPipelineErrors.DATABRICKS_CANCEL_FAILED,
    cause: jsonata('$historyFailure != null'
      + " ? 'Could not read the history of execution ' & $execution.Arn & ' (' & $execution.Status & ') to the end: ' & $historyFailure.Error & ': '"
      + " & $historyFailure.Cause & '. Databricks runs it started may still be running. Cancelled by stage: ' & $string($cancelled)"
      + " & '; cancel failures by stage: ' & $string($failures)"
      + " : 'Could not cancel Databricks runs of execution ' & $execution.Arn & ' (' & $execution.Status & '), which may still be running."
      + " Cancel failures by stage: ' & $string($failures) & '; cancelled by stage: ' & $string($cancelled)"),
  });
  let cancelNext: sfn.IChainable = sfn.Choice.jsonata(states, 'Every Run Cancelled?')
    .when(sfn.Condition.jsonata(jsonata('$historyFailure != null or $count($keys($failures)) > 0')), cancelFailed)
    .otherwise(runsCancelled);
  for (const stage of [...stages].reverse()) {
    const name = stage.stageName;
    const runId = `$runs.${name}`;
    const cancel = stage._cancelRunTask(states, `${name}: Cancel Run`, runId, {
      assign: { cancelled: jsonata(`$merge([$cancelled, { '${name}': { 'runId': ${runId} } }])`) },
      outputs: {},
    });
    // Cancelling twice is harmless, so a server error is retried too.
    DATABRICKS_READS.applyTo(cancel);
    // A cancel failure does not stop the others: it is noted, and the workflow fails after trying every run.
    cancel.addCatch(cancelNext, {
      errors: [sfn.Errors.ALL],
      assign: {
        failures: jsonata(`$merge([$failures, { '${name}': { 'runId': ${runId}, 'error': $states.errorOutput.Error, 'cause': $states.errorOutput.Cause } }])`),
      },
    });
    cancel.next(cancelNext);
    cancelNext = sfn.Choice.jsonata(states, `${name}: Run Started?`)
      .when(sfn.Condition.jsonata(jsonata(`$exists(${runId})`)), cancel)
      .otherwise(cancelNext);
  }

  // Each page adds the run ids it shows: the output of a stage's Start Run state (`{ runId }`, a JSON string in the
  // event; a Start Run state left through its Catch has no run id: nothing was started).
  const foundRuns = stages.map((stage) => {
    const output = `[$states.result.Events.StateExitedEventDetails[Name = '${stage._startRunStateName}'].Output][-1]`;
    return `'${stage.stageName}': ($o := ${output}; $o and $parse($o).runId ? $parse($o).runId : $runs.${stage.stageName})`;
  });
  const readPage = (stateId: string, nextPage: boolean) => {
    const read = tasks.CallAwsService.jsonata(states, stateId, {
      service: 'sfn',
      action: 'getExecutionHistory',
      iamAction: 'states:GetExecutionHistory',
      iamResources: [executionArns],
      parameters: {
        ExecutionArn: jsonata('$execution.Arn'),
        MaxResults: HISTORY_PAGE_SIZE,
        // The run ids are in the states' outputs, which only this returns.
        IncludeExecutionData: true,
        ...(nextPage ? { NextToken: jsonata('$nextToken') } : {}),
      },
      assign: {
        runs: jsonata(`$merge([$runs, { ${foundRuns.join(', ')} }])`),
        nextToken: jsonata('$exists($states.result.NextToken) ? $states.result.NextToken : null'),
      },
      // The page can be large: it is not kept.
      outputs: {},
    });
    RetryPolicy.transientAwsErrors().applyTo(read);
    // Runs found on the pages read so far are still cancelled; the workflow then fails naming the read error.
    read.addCatch(cancelNext, { errors: [sfn.Errors.ALL], assign: { historyFailure: jsonata('$states.errorOutput') } });
    return read;
  };
  const readHistory = readPage('Read History', false);
  const readMoreHistory = readPage('Read More History', true);
  const moreHistory = sfn.Choice.jsonata(states, 'More History?')
    .when(sfn.Condition.jsonata(jsonata('$nextToken != null')), readMoreHistory)
    .otherwise(cancelNext);
  readHistory.next(moreHistory);
  readMoreHistory.next(moreHistory);
  prepare.next(readHistory);

  const { encryptionKey, notifications, alarms, logRetention, removalPolicy } = props;
  const handler = new ExecutionStatusHandler(scope, id, {
    // Only the ProcessOptions: `props` may carry the pipeline's own props (its schedule, timeout, ...).
    encryptionKey,
    notifications,
    alarms,
    logRetention,
    removalPolicy,
    stateMachine: props.stateMachine,
    statuses: [ExecutionStatus.ABORTED, ExecutionStatus.TIMED_OUT],
    handler: prepare,
    queryLanguage: sfn.QueryLanguage.JSONATA, // every state of the canceller is JSONata
    processName: `${props.pipelineName}-databricks-cancel`.slice(0, 64),
    // Paging through a long history and retrying throttled cancels can take minutes.
    timeout: Duration.hours(1),
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

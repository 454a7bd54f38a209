import { PollSchedule, PollUntilDone } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { AccountFactoryErrors } from '../errors';
import { TenantStage, TenantStatus } from '../events';
import { CLOSURES_IN_PROGRESS_KEY, CLOSURE_QUOTA_KEY, orgArn } from './closure-meters';
import { updateTenant } from './registry-tasks';
import { acquireSlot, releaseSlot } from './semaphore';
import { StepContext, catchKeepingInput, jsonata, organizationsCall, outputOf, tenantIdOf } from './step-context';

export interface CloseAccountProps {
  readonly closuresInProgress: number;
  readonly closureQuota: number;
  readonly slotWait: { interval: Duration; maxAttempts: number };
  readonly schedule: PollSchedule;
  readonly quotaRelease: sfn.IStateMachine;
  readonly quotaWindowName: string;
  readonly next: sfn.IChainable;
}

/**
 * Meters and closes the account: reserves one closure of the rolling quota (released when the window has
 * passed by a small state machine), takes one of the closures-in-progress slots (waiting with jitter while they
 * are all taken), calls CloseAccount, waits until the account's State is SUSPENDED or CLOSED, and gives the slot
 * back. Variables: `poll` (the closure checks), `accountState`.
 */
export function closeAccount(ctx: StepContext, props: CloseAccountProps): sfn.State {
  const scope = ctx.scope;
  const reserve = acquireSlot(ctx, 'Reserve Closure Quota', CLOSURE_QUOTA_KEY, props.closureQuota);
  reserve.addCatch(sfn.Fail.jsonata(scope, 'Closure Quota Exceeded', {
    error: AccountFactoryErrors.CLOSURE_QUOTA_EXCEEDED,
    cause: jsonata(`"The ${props.closureQuota} closures of the rolling ${props.quotaWindowName} are used; account " & $accountId & " stays quarantined, retry later"`),
  }), { errors: ['DynamoDb.ConditionalCheckFailedException'] });
  const releaseLater = tasks.StepFunctionsStartExecution.jsonata(scope, 'Schedule Quota Release', {
    stateMachine: props.quotaRelease,
    integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
    input: sfn.TaskInput.fromObject({ holder: jsonata('$states.context.Execution.Name'), tenantId: jsonata(tenantIdOf(ctx)) }),
    // Derived from this execution, so a retry cannot start a second release; a hash keeps it under 80 characters.
    name: jsonata('"release-" & $hash($states.context.Execution.Id, "SHA-1")'),
    outputs: outputOf(ctx, undefined),
  });
  // A redrive or retry that starts the same release twice gets ExecutionAlreadyExists: one is enough.
  releaseLater.addRetry({ errors: ['StepFunctions.ThrottlingException', 'Sfn.ThrottlingException', 'States.Timeout'], maxAttempts: 6, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
  const acquire = acquireSlot(ctx, 'Acquire Closure Slot', CLOSURES_IN_PROGRESS_KEY, props.closuresInProgress, props.slotWait);
  const close = organizationsCall(ctx, 'Close Account', {
    action: 'closeAccount',
    iamResources: [orgArn(ctx, 'account/o-*/*')],
    arguments: { AccountId: jsonata('$accountId') },
  });
  const schedule = props.schedule;
  // Organizations retired `Account.Status` on 2026-09-09; `Account.State` replaces it (API reference, Account).
  const describe = organizationsCall(ctx, 'Check Account Status', {
    action: 'describeAccount',
    iamResources: [orgArn(ctx, 'account/o-*/*')],
    arguments: { AccountId: jsonata('$accountId') },
    assign: { accountState: jsonata('$states.result.Account.State') },
  });
  const release = releaseSlot(ctx, 'Release Closure Slot', CLOSURES_IN_PROGRESS_KEY);
  const timedOut = sfn.Fail.jsonata(scope, 'Closure Not Confirmed', {
    error: AccountFactoryErrors.ACCOUNT_RETIREMENT_FAILED,
    cause: `The account was not closed (SUSPENDED or CLOSED) after ${schedule.delaysSeconds().length} checks over ${schedule.deadlineSeconds} seconds`,
  });
  const unexpected = sfn.Fail.jsonata(scope, 'Unexpected Account State', {
    error: AccountFactoryErrors.ACCOUNT_RETIREMENT_FAILED,
    cause: jsonata('"Account " & $accountId & " reports State " & $accountState & " after CloseAccount; expected PENDING_CLOSURE, SUSPENDED or CLOSED"'),
  });
  // SUSPENDED is the 90-day post-closure period and CLOSED follows it: both are closed. PENDING_CLOSURE is
  // in progress, and ACTIVE is what a check can still see right after the asynchronous CloseAccount.
  // PENDING_ACTIVATION (or anything new) cannot follow a closure: an error, not something to wait out.
  const pending = '$accountState in ["PENDING_CLOSURE", "ACTIVE"]';
  const poll = new PollUntilDone(scope, 'Closure', {
    schedule,
    check: describe,
    outcomes: [
      { condition: jsonata('$accountState in ["SUSPENDED", "CLOSED"]'), next: release },
      { condition: jsonata(`$not(${pending})`), next: unexpected },
    ],
    timeoutError: AccountFactoryErrors.ACCOUNT_RETIREMENT_FAILED,
    onTimeout: timedOut,
    waitStateName: 'Wait For Closure',
    decideStateName: 'Account Closed?',
  });
  // Recorded so the failure handler knows the closure counts against the quota whatever happens next.
  const markClosed = updateTenant(ctx, 'Record Closure Requested', {
    set: { stage: { S: TenantStage.CLOSING }, status: { S: TenantStatus.RETIRING } },
    assign: poll.startAssign,
  });
  catchKeepingInput(ctx, close, markClosed, ['Organizations.AccountAlreadyClosedException']);
  close.next(markClosed);

  reserve.next(releaseLater);
  releaseLater.next(acquire);
  acquire.next(close);
  markClosed.next(poll);
  release.next(props.next);
  return reserve;
}

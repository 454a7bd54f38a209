import { Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { BoundStackSet, StackSetPermissionModel } from '../baseline-stack-set';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStage, TenantStatus } from '../lifecycle-events';
import { PollSchedule } from '../poll-schedule';
import { loadTenant, publishEvent, updateTenant } from './registry-tasks';
import { acquireSlot, releaseSlot } from './semaphore';
import { StepContext, failWithCause, sdkCall } from './step-context';

/** Registry keys of the closure meters. */
export const CLOSURES_IN_PROGRESS_KEY = '#closures-in-progress';
export const CLOSURE_QUOTA_KEY = '#closure-quota';

/** The same ARN scoping as vending: the organization's accounts, its root and OUs, in this management account. */
function orgArn(ctx: StepContext, resource: string): string {
  const stack = Stack.of(ctx.scope);
  return `arn:${stack.partition}:organizations::${stack.account}:${resource}`;
}

/** Loads the tenant and refuses unknown tenants; an already retired tenant is reported as is. */
export function loadRetiringTenant(ctx: StepContext, next: sfn.IChainable): sfn.State {
  const scope = ctx.scope;
  const load = loadTenant(ctx, 'Load Tenant', '$.registry');
  const notFound = failWithCause(scope, 'Tenant Not Found', AccountFactoryErrors.TENANT_NOT_FOUND,
    'States.Format(\'Tenant {} has no account in the registry\', $.tenantId)');
  const alreadyRetired = new sfn.Pass(scope, 'Already Retired', {
    parameters: { 'tenantId.$': '$.tenantId', 'accountId.$': '$.registry.Item.accountId.S', 'status': TenantStatus.RETIRED, 'existing': true },
  });
  const markRetiring = updateTenant(ctx, 'Mark Retiring', {
    set: { status: { S: TenantStatus.RETIRING } },
    returnValues: 'ALL_NEW',
    resultSelector: {
      'accountId.$': '$.Attributes.accountId.S',
      'organizationalUnitId.$': '$.Attributes.organizationalUnitId.S',
    },
    resultPath: '$.account',
  });
  load.next(new sfn.Choice(scope, 'Tenant Has Account?')
    .when(sfn.Condition.isNotPresent('$.registry.Item.accountId.S'), notFound)
    .when(sfn.Condition.stringEquals('$.registry.Item.status.S', TenantStatus.RETIRED), alreadyRetired)
    .otherwise(markRetiring));
  markRetiring.next(next);
  return load;
}

/**
 * Removes the account's instances from every baseline StackSet, keeping the stacks (the account is about to
 * be closed, and a deny-all SCP would stop their deletion). Done before the move to the suspended OU because
 * service-managed StackSets address an account through its OU.
 */
export function removeStackInstances(ctx: StepContext, stackSets: BoundStackSet[], defaultRegions: string[], next: sfn.IChainable): sfn.State {
  const scope = ctx.scope;
  if (stackSets.length === 0) {
    return sfn.Chain.start(next).startState;
  }
  const stack = Stack.of(scope);
  const remove = new sfn.Parallel(scope, 'Remove Stack Instances', { resultPath: sfn.JsonPath.DISCARD });
  stackSets.forEach((set) => {
    const targets = set.permissionModel === StackSetPermissionModel.SERVICE_MANAGED
      ? { 'OrganizationalUnitIds.$': 'States.Array($.account.organizationalUnitId)', 'Accounts.$': 'States.Array($.account.accountId)', 'AccountFilterType': 'INTERSECTION' }
      : { 'Accounts.$': 'States.Array($.account.accountId)' };
    const task = sdkCall(scope, `Remove From ${set.stackSetName}`.slice(0, 80), {
      service: 'cloudformation',
      action: 'deleteStackInstances',
      iamResources: [
        `arn:${stack.partition}:cloudformation:${stack.region}:${stack.account}:stackset/${set.stackSetName}:*`,
        `arn:${stack.partition}:cloudformation:*:${stack.account}:stackset-target/${set.stackSetName}:*`,
      ],
      parameters: {
        StackSetName: set.stackSetName,
        DeploymentTargets: targets,
        Regions: set.regions ?? defaultRegions,
        RetainStacks: true,
        ...(set.callAs === 'SELF' ? {} : { CallAs: set.callAs }),
      },
      resultPath: null,
      retryAlso: ['CloudFormation.OperationInProgressException'],
    });
    // No instance for this account (never baselined, or removed by an earlier run): nothing to do.
    task.addCatch(new sfn.Pass(scope, `No Instances In ${set.stackSetName}`.slice(0, 80)), {
      errors: ['CloudFormation.StackInstanceNotFoundException'], resultPath: sfn.JsonPath.DISCARD,
    });
    remove.branch(task);
  });
  remove.next(next);
  return remove;
}

export interface QuarantineProps {
  readonly suspendedOuId: string;
  readonly denyAllPolicyId?: string;
  readonly next: sfn.IChainable;
}

/** Moves the account to the suspended OU (from wherever it is) and optionally attaches a deny-all SCP. */
export function quarantineAccount(ctx: StepContext, props: QuarantineProps): sfn.State {
  const scope = ctx.scope;
  const parents = sdkCall(scope, 'Find Current OU', {
    service: 'organizations',
    action: 'listParents',
    iamResources: [orgArn(ctx, 'account/o-*/*')],
    parameters: { 'ChildId.$': '$.account.accountId' },
    resultSelector: { 'parentId.$': '$.Parents[0].Id' },
    resultPath: '$.parent',
    contention: true,
  });
  const move = sdkCall(scope, 'Move To Suspended OU', {
    service: 'organizations',
    action: 'moveAccount',
    iamResources: [orgArn(ctx, 'account/o-*/*'), orgArn(ctx, 'root/o-*/r-*'), orgArn(ctx, 'ou/o-*/ou-*')],
    parameters: { 'AccountId.$': '$.account.accountId', 'SourceParentId.$': '$.parent.parentId', 'DestinationParentId': props.suspendedOuId },
    resultPath: null,
    contention: true,
  });
  const record = updateTenant(ctx, 'Record Quarantined', {
    set: { stage: { S: TenantStage.QUARANTINED }, status: { S: TenantStatus.RETIRING } },
  });
  const publish = publishEvent(ctx, 'Publish Account Quarantined', LifecycleEventType.QUARANTINED, {
    'accountId.$': '$.account.accountId', 'stage': TenantStage.QUARANTINED,
  });
  record.next(publish);
  publish.next(props.next);
  let afterMove: sfn.State = record;
  if (props.denyAllPolicyId) {
    const attach = sdkCall(scope, 'Attach Deny-All Policy', {
      service: 'organizations',
      action: 'attachPolicy',
      iamResources: [orgArn(ctx, 'account/o-*/*'), orgArn(ctx, `policy/o-*/service_control_policy/${props.denyAllPolicyId}`)],
      parameters: { 'PolicyId': props.denyAllPolicyId, 'TargetId.$': '$.account.accountId' },
      resultPath: null,
      contention: true,
    });
    attach.addCatch(record, { errors: ['Organizations.DuplicatePolicyAttachmentException'], resultPath: sfn.JsonPath.DISCARD });
    attach.next(record);
    afterMove = attach;
  }
  const alreadyThere = new sfn.Choice(scope, 'Already Suspended?')
    .when(sfn.Condition.stringEquals('$.parent.parentId', props.suspendedOuId), afterMove)
    .otherwise(move);
  move.addCatch(afterMove, { errors: ['Organizations.DuplicateAccountException'], resultPath: sfn.JsonPath.DISCARD });
  move.next(afterMove);
  parents.next(alreadyThere);
  return parents;
}

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
 * Meters and closes the account: reserves one closure of the rolling quota (released 30 days later by a
 * small state machine), takes one of the closures-in-progress slots (waiting with jitter while they are
 * all taken), calls CloseAccount, waits until the account's State is SUSPENDED or CLOSED, and gives the slot back.
 */
export function closeAccount(ctx: StepContext, props: CloseAccountProps): sfn.State {
  const scope = ctx.scope;
  const reserve = acquireSlot(ctx, 'Reserve Closure Quota', CLOSURE_QUOTA_KEY, props.closureQuota);
  const quotaExceeded = failWithCause(scope, 'Closure Quota Exceeded', AccountFactoryErrors.CLOSURE_QUOTA_EXCEEDED,
    `States.Format('The {} closures of the rolling ${props.quotaWindowName} are used; account {} stays quarantined, retry later', '${props.closureQuota}', $.account.accountId)`);
  reserve.addCatch(quotaExceeded, { errors: ['DynamoDb.ConditionalCheckFailedException'], resultPath: '$.quota' });
  const releaseLater = new tasks.StepFunctionsStartExecution(scope, 'Schedule Quota Release', {
    stateMachine: props.quotaRelease,
    integrationPattern: sfn.IntegrationPattern.REQUEST_RESPONSE,
    input: sfn.TaskInput.fromObject({ 'holder.$': '$$.Execution.Name', 'tenantId.$': '$.tenantId' }),
    // Derived from this execution, so a retry cannot start a second release; a hash keeps it under 80 characters.
    name: sfn.JsonPath.format('release-{}', sfn.JsonPath.hash(sfn.JsonPath.stringAt('$$.Execution.Id'), 'SHA-1')),
    resultPath: sfn.JsonPath.DISCARD,
  });
  // A redrive or retry that starts the same release twice gets ExecutionAlreadyExists: one is enough.
  releaseLater.addRetry({ errors: ['StepFunctions.ThrottlingException', 'Sfn.ThrottlingException', 'States.Timeout'], maxAttempts: 6, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
  const acquire = acquireSlot(ctx, 'Acquire Closure Slot', CLOSURES_IN_PROGRESS_KEY, props.closuresInProgress, props.slotWait);
  const close = sdkCall(scope, 'Close Account', {
    service: 'organizations',
    action: 'closeAccount',
    iamResources: [orgArn(ctx, 'account/o-*/*')],
    parameters: { 'AccountId.$': '$.account.accountId' },
    resultPath: null,
    contention: true,
  });
  // Recorded so the failure handler knows the closure counts against the quota whatever happens next.
  const markClosed = updateTenant(ctx, 'Record Closure Requested', {
    set: { stage: { S: TenantStage.CLOSING }, status: { S: TenantStatus.RETIRING } },
  });
  close.addCatch(markClosed, { errors: ['Organizations.AccountAlreadyClosedException'], resultPath: sfn.JsonPath.DISCARD });
  close.next(markClosed);

  const delays = props.schedule.delaysSeconds.join(', ');
  const scheduleNext = new sfn.Pass(scope, 'Schedule Next Closure Check', {
    parameters: {
      'attempt.$': 'States.MathAdd($.poll.attempt, 1)',
      'delaySeconds.$': `States.ArrayGetItem(States.Array(${delays}), $.poll.attempt)`,
    },
    resultPath: '$.poll',
  });
  const startPolling = new sfn.Pass(scope, 'Start Closure Checks', { result: sfn.Result.fromObject({ attempt: 0 }), resultPath: '$.poll' });
  const wait = new sfn.Wait(scope, 'Wait For Closure', { time: sfn.WaitTime.secondsPath('$.poll.delaySeconds') });
  // Organizations retired `Account.Status` on 2026-09-09; `Account.State` replaces it (API reference, Account).
  const describe = sdkCall(scope, 'Check Account Status', {
    service: 'organizations',
    action: 'describeAccount',
    iamResources: [orgArn(ctx, 'account/o-*/*')],
    parameters: { 'AccountId.$': '$.account.accountId' },
    resultSelector: { 'state.$': '$.Account.State' },
    resultPath: '$.accountStatus',
    contention: true,
  });
  const release = releaseSlot(ctx, 'Release Closure Slot', CLOSURES_IN_PROGRESS_KEY);
  const timedOut = new sfn.Fail(scope, 'Closure Not Confirmed', {
    error: AccountFactoryErrors.ACCOUNT_RETIREMENT_FAILED,
    cause: `The account was not closed (SUSPENDED or CLOSED) after ${props.schedule.maxChecks} checks over ${props.schedule.timeoutSeconds} seconds`,
  });
  const unexpected = failWithCause(scope, 'Unexpected Account State', AccountFactoryErrors.ACCOUNT_RETIREMENT_FAILED,
    'States.Format(\'Account {} reports State {} after CloseAccount; expected PENDING_CLOSURE, SUSPENDED or CLOSED\', $.account.accountId, $.accountStatus.state)');
  const stateIs = (...states: string[]) => sfn.Condition.or(...states.map((state) => sfn.Condition.stringEquals('$.accountStatus.state', state)));
  // SUSPENDED is the 90-day post-closure period and CLOSED follows it: both are closed. PENDING_CLOSURE is
  // in progress, and ACTIVE is what a check can still see right after the asynchronous CloseAccount.
  // PENDING_ACTIVATION (or anything new) cannot follow a closure: an error, not something to wait out.
  const pending = stateIs('PENDING_CLOSURE', 'ACTIVE');
  const closed = new sfn.Choice(scope, 'Account Closed?')
    .when(stateIs('SUSPENDED', 'CLOSED'), release)
    .when(sfn.Condition.and(pending, sfn.Condition.numberGreaterThanEquals('$.poll.attempt', props.schedule.maxChecks)), timedOut)
    .when(pending, scheduleNext)
    .otherwise(unexpected);

  reserve.next(releaseLater);
  releaseLater.next(acquire);
  acquire.next(close);
  markClosed.next(startPolling);
  startPolling.next(scheduleNext);
  scheduleNext.next(wait);
  wait.next(describe);
  describe.next(closed);
  release.next(props.next);
  return reserve;
}

/** Marks the tenant RETIRED and publishes "Account Retired"; the output is `{ tenantId, accountId, status }`. */
export function markRetired(ctx: StepContext): { start: sfn.State; end: sfn.INextable } {
  const record = updateTenant(ctx, 'Mark Retired', {
    set: { stage: { S: TenantStage.RETIRED }, status: { S: TenantStatus.RETIRED }, retiredBy: { 'S.$': '$$.Execution.Id' } },
    returnValues: 'ALL_NEW',
    resultSelector: { 'tenantId.$': '$.Attributes.tenantId.S', 'accountId.$': '$.Attributes.accountId.S', 'status.$': '$.Attributes.status.S' },
    resultPath: '$.result',
  });
  const publish = publishEvent(ctx, 'Publish Account Retired', LifecycleEventType.RETIRED, {
    'accountId.$': '$.account.accountId', 'stage': TenantStage.RETIRED,
  }, '$.result');
  record.next(publish);
  return { start: record, end: publish };
}

/**
 * Failure bookkeeping of a retirement (it sees only the execution input and the error, so it reads the
 * registry): gives back a closure slot this execution may hold, and its quota reservation unless the
 * closure was requested (stage CLOSING: that closure counts); the registry shows FAILED with the error
 * (never over RETIRED); the failure event.
 */
export function retirementFailureHandler(ctx: StepContext): sfn.IChainable {
  const scope = ctx.scope;
  const releaseSlotOnFailure = releaseSlot(ctx, 'Release Closure Slot (On Failure)', CLOSURES_IN_PROGRESS_KEY);
  const reload = loadTenant(ctx, 'Load Tenant (On Failure)', '$.registry');
  const releaseQuota = releaseSlot(ctx, 'Release Closure Quota (Not Closed)', CLOSURE_QUOTA_KEY);
  const record = updateTenant(ctx, 'Record Retirement Failure', {
    set: { status: { S: TenantStatus.FAILED }, error: { 'S.$': '$.failure.Error' }, cause: { 'S.$': '$.failure.Cause' } },
    condition: '#status <> :retired',
    conditionValues: { ':retired': { S: TenantStatus.RETIRED } },
  });
  const publish = publishEvent(ctx, 'Publish Retirement Failed', LifecycleEventType.RETIREMENT_FAILED, {
    'error.$': '$.failure.Error', 'cause.$': '$.failure.Cause',
  });
  const closedYet = new sfn.Choice(scope, 'Closure Requested Yet?')
    .when(sfn.Condition.isNotPresent('$.registry.Item'), publish)
    .when(sfn.Condition.or(
      sfn.Condition.stringEquals('$.registry.Item.stage.S', TenantStage.CLOSING),
      sfn.Condition.stringEquals('$.registry.Item.stage.S', TenantStage.RETIRED),
    ), record)
    .otherwise(releaseQuota);
  releaseSlotOnFailure.next(reload);
  reload.next(closedYet);
  releaseQuota.next(record);
  record.next(publish);
  // Each step is best effort: the failure event must go out whatever else fails.
  releaseSlotOnFailure.addCatch(reload, { errors: [sfn.Errors.ALL], resultPath: '$.meterError' });
  reload.addCatch(record, { errors: [sfn.Errors.ALL], resultPath: '$.meterError' });
  releaseQuota.addCatch(record, { errors: [sfn.Errors.ALL], resultPath: '$.meterError' });
  record.addCatch(publish, { errors: [sfn.Errors.ALL], resultPath: '$.registryError' });
  return releaseSlotOnFailure;
}

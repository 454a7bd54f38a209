import { PollSchedule, PollUntilDone } from '@statecraft/process-orchestration';
import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CreationSlots } from '../creation-slots';
import { AccountFactoryErrors, CREATE_ACCOUNT_FAILURE_REASONS } from '../errors';
import { TenantStage, TenantStatus } from '../events';
import { updateTenant } from './registry-tasks';
import { acquireSlot, releaseSlot } from './semaphore';
import { StepContext, jsonata, organizationsCall } from './step-context';

export interface CreateAccountStepProps {
  readonly schedule: PollSchedule;
  readonly organizationRootId: string;
  /** IAM role name created in the new account for the management account. */
  readonly accessRoleName?: string;
  /** Whether IAM users of the new account may see billing. */
  readonly iamUserAccessToBilling?: string;
  /** Where to go once the account is active; the variable `creation.AccountId` is set. */
  readonly onActive: sfn.IChainable;
  /** A creation-slot semaphore to hold while the account is being created. */
  readonly slots?: CreationSlots;
}

export interface CreateAccountStep {
  /** Creates the account (for a tenant with no CreateAccount request yet). */
  readonly create: sfn.State;
  /** Resumes waiting for the request recorded in the registry (the variable `creation.Id` set). */
  readonly resumeWait: sfn.State;
}

/**
 * CreateAccount, the request id recorded in the registry before any wait, then DescribeCreateAccountStatus
 * on a geometric schedule until the account is active; each FailureReason ends in its named error, and
 * EMAIL_ALREADY_EXISTS adopts the account when it is in the organization's root (where a created but never
 * moved account stays) and the registry holds that email for this tenant.
 *
 * Variables: `creation` (the latest CreateAccountStatus), `attempt` (checks made so far).
 */
export function createAccountStep(ctx: StepContext, props: CreateAccountStepProps): CreateAccountStep {
  const scope = ctx.scope;
  const keepStatus = { creation: jsonata('$states.result.CreateAccountStatus') };
  const create = organizationsCall(ctx, 'Create Account', {
    action: 'createAccount',
    // CreateAccount has no resource-level permissions.
    iamResources: ['*'],
    arguments: {
      Email: jsonata('$states.input.email'),
      AccountName: jsonata('$states.input.accountName'),
      Tags: jsonata('$exists($states.input.tags) ? $states.input.tags : []'),
      ...(props.accessRoleName ? { RoleName: props.accessRoleName } : {}),
      ...(props.iamUserAccessToBilling ? { IamUserAccessToBilling: props.iamUserAccessToBilling } : {}),
    },
    assign: keepStatus,
    comment: 'Organizations allows 5 creations in progress; contention errors are retried with jittered backoff',
  });

  const describe = organizationsCall(ctx, 'Check Account Creation', {
    action: 'describeCreateAccountStatus',
    iamResources: ['*'],
    arguments: { CreateAccountRequestId: jsonata('$creation.Id') },
    assign: keepStatus,
  });


  // A failed request is cleared from the registry, so a re-run creates the account again; the FailureReason
  // picks the named error.
  const clearRequest = updateTenant(ctx, 'Clear Failed Creation Request', {
    set: { stage: { S: TenantStage.REQUESTED }, lastFailureReason: { S: jsonata('$creation.FailureReason') } },
    remove: ['createAccountRequestId'],
  });
  clearRequest.next(sfn.Fail.jsonata(scope, 'Account Creation Failed', {
    error: jsonata(`($named := $lookup(${JSON.stringify(CREATE_ACCOUNT_FAILURE_REASONS)}, $creation.FailureReason);`
      + ` $exists($named) ? $named : "${AccountFactoryErrors.ACCOUNT_CREATION_FAILED}")`),
    cause: jsonata('"CreateAccount failed with " & $creation.FailureReason & " for tenant " & $states.input.tenantId'),
  }));

  const adopt = adoptExistingAccount(ctx, props, props.onActive, clearRequest);
  const state = (value: string) => `$creation.State = "${value}"`;
  const outcomes = [
    { condition: jsonata(state('SUCCEEDED')), next: props.onActive },
    { condition: jsonata(`${state('FAILED')} and $creation.FailureReason = "EMAIL_ALREADY_EXISTS"`), next: adopt },
    { condition: jsonata(state('FAILED')), next: clearRequest },
  ];
  // Checks `growth` times later each time (capped), so activation is noticed within growth - 1 of the creation time.
  const pollProps = { schedule: props.schedule, check: describe, timeoutError: AccountFactoryErrors.ACCOUNT_CREATION_TIMED_OUT, waitStateName: 'Wait For Account Creation' };
  const timedOut = sfn.Fail.jsonata(scope, 'Account Creation Timed Out', {
    error: AccountFactoryErrors.ACCOUNT_CREATION_TIMED_OUT,
    cause: `The account was not active after ${props.schedule.delaysSeconds().length} checks over ${props.schedule.deadlineSeconds} seconds`,
  });
  let start: sfn.State = create;
  let poll: PollUntilDone;
  if (props.slots) {
    // The slot is given back as soon as the creation settles (or the schedule runs out), before the baseline and seeding.
    const acquire = acquireSlot(ctx, 'Acquire Creation Slot', CreationSlots.SEMAPHORE_KEY, props.slots.slots, {
      interval: props.slots.retryInterval, maxAttempts: props.slots.maxAttempts,
    });
    const release = releaseSlot(ctx, 'Release Creation Slot', CreationSlots.SEMAPHORE_KEY);
    const outcome = sfn.Choice.jsonata(scope, 'Creation Outcome');
    outcomes.forEach((o) => outcome.when(sfn.Condition.jsonata(o.condition), o.next));
    outcome.otherwise(timedOut);
    acquire.next(create);
    release.next(outcome);
    start = acquire;
    poll = new PollUntilDone(scope, 'Account Creation', {
      ...pollProps,
      decideStateName: 'Account Creation Settled?',
      outcomes: [{ condition: jsonata(`$not(${state('IN_PROGRESS')})`), next: release }],
      onTimeout: release,
    });
  } else {
    // One Choice per check keeps the happy path short (Standard workflows bill per transition).
    poll = new PollUntilDone(scope, 'Account Creation', { ...pollProps, decideStateName: 'Account Active?', outcomes, onTimeout: timedOut });
  }

  // Recorded before waiting, so a re-run or redrive resumes this request instead of creating again.
  const recordRequest = updateTenant(ctx, 'Record Creation Request', {
    set: {
      stage: { S: TenantStage.CREATING },
      status: { S: TenantStatus.IN_PROGRESS },
      createAccountRequestId: { S: jsonata('$creation.Id') },
    },
    assign: poll.startAssign,
  });
  create.next(recordRequest);
  recordRequest.next(poll);
  return { create: start, resumeWait: recordRequest };
}

/**
 * EMAIL_ALREADY_EXISTS: page through the accounts in the organization's root (ListAccountsForParent
 * returns at most 20 a page) for the one with this email. A created account stays in the root until this
 * workflow moves it, so an account found there was created by an earlier run for this tenant whose request
 * id was lost; the registry holds the same email for this tenant (written before CreateAccount). The adopted
 * account becomes the `creation` status the rest of the workflow reads.
 */
function adoptExistingAccount(ctx: StepContext, props: CreateAccountStepProps, onAdopted: sfn.IChainable, reject: sfn.State): sfn.State {
  const scope = ctx.scope;
  const stack = Stack.of(scope);
  const rootArn = `arn:${stack.partition}:organizations::${stack.account}:root/o-*/${props.organizationRootId}`;
  const listPage = (id: string, withToken: boolean) => organizationsCall(ctx, id, {
    action: 'listAccountsForParent',
    iamResources: [rootArn],
    arguments: { ParentId: props.organizationRootId, ...(withToken ? { NextToken: jsonata('$rootPage.NextToken') } : {}) },
    assign: { rootPage: jsonata('$states.result') },
  });
  const firstPage = listPage('Find Account In Root', false);
  const nextPage = listPage('Find Account In Root (Next Page)', true);

  const match = '$rootPage.Accounts[Email = $states.input.email]';
  // `registry` is `{}` for a tenant registered by this execution (its email is the input's).
  const registryAgrees = '($not($exists($registry.email.S)) or $registry.email.S = $states.input.email)';
  const found = sfn.Choice.jsonata(scope, 'Account In Root?')
    .when(sfn.Condition.jsonata(jsonata(`$exists(${match}) and ${registryAgrees}`)), onAdopted, {
      assign: { creation: jsonata(`{ "AccountId": ${match}[0].Id, "State": "SUCCEEDED", "Adopted": true }`) },
    })
    .when(sfn.Condition.jsonata(jsonata(`$not($exists(${match})) and $exists($rootPage.NextToken)`)), nextPage)
    .otherwise(reject);
  firstPage.next(found);
  nextPage.next(found);
  return firstPage;
}

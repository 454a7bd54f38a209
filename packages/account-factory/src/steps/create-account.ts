import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors, CREATE_ACCOUNT_FAILURE_REASONS } from '../errors';
import { TenantStage, TenantStatus } from '../lifecycle-events';
import { PollSchedule } from '../poll-schedule';
import { updateTenant } from './registry-tasks';
import { CreationSlots } from '../creation-slots';
import { acquireSlot, releaseSlot } from './semaphore';
import { StepContext, sdkCall } from './step-context';

export interface CreateAccountStepProps {
  readonly schedule: PollSchedule;
  readonly organizationRootId: string;
  /** IAM role name created in the new account for the management account. */
  readonly accessRoleName?: string;
  /** Whether IAM users of the new account may see billing. */
  readonly iamUserAccessToBilling?: string;
  /** Where to go once the account is active; `$.creation.CreateAccountStatus.AccountId` is set. */
  readonly onActive: sfn.IChainable;
  /** A creation-slot semaphore to hold while the account is being created. */
  readonly slots?: CreationSlots;
}

export interface CreateAccountStep {
  /** Creates the account (for a tenant with no CreateAccount request yet). */
  readonly create: sfn.State;
  /** Resumes waiting for the request recorded in the registry (`$.creation.CreateAccountStatus.Id` set). */
  readonly resumeWait: sfn.State;
}

/**
 * CreateAccount, the request id recorded in the registry before any wait, then DescribeCreateAccountStatus
 * on a geometric schedule until the account is active; each FailureReason ends in its named error, and
 * EMAIL_ALREADY_EXISTS adopts the account when it is in the organization's root (where a created but never
 * moved account stays) and the registry holds that email for this tenant.
 */
export function createAccountStep(ctx: StepContext, props: CreateAccountStepProps): CreateAccountStep {
  const scope = ctx.scope;
  const parameters: { [key: string]: any } = {
    'Email.$': '$.email',
    'AccountName.$': '$.accountName',
    'Tags.$': '$.tags',
  };
  if (props.accessRoleName) parameters.RoleName = props.accessRoleName;
  if (props.iamUserAccessToBilling) parameters.IamUserAccessToBilling = props.iamUserAccessToBilling;

  const create = sdkCall(scope, 'Create Account', {
    service: 'organizations',
    action: 'createAccount',
    // CreateAccount has no resource-level permissions.
    iamResources: ['*'],
    parameters,
    resultPath: '$.creation',
    comment: 'Organizations allows 5 creations in progress; contention errors are retried with jittered backoff',
    contention: true,
  });

  const recordRequest = updateTenant(ctx, 'Record Creation Request', {
    set: {
      stage: { S: TenantStage.CREATING },
      status: { S: TenantStatus.IN_PROGRESS },
      createAccountRequestId: { 'S.$': '$.creation.CreateAccountStatus.Id' },
    },
    comment: 'Recorded before waiting, so a re-run or redrive resumes this request instead of creating again',
    returnValues: 'UPDATED_NEW',
    resultSelector: { attempt: 0 },
    resultPath: '$.poll',
  });

  const delays = props.schedule.delaysSeconds.join(', ');
  const scheduleNext = new sfn.Pass(scope, 'Schedule Next Status Check', {
    parameters: {
      'attempt.$': 'States.MathAdd($.poll.attempt, 1)',
      'delaySeconds.$': `States.ArrayGetItem(States.Array(${delays}), $.poll.attempt)`,
    },
    resultPath: '$.poll',
    comment: `Checks ${props.schedule.growth}x later each time (at most ${props.schedule.maxIntervalSeconds}s apart), so activation is noticed within ${Math.round((props.schedule.growth - 1) * 100)}% of the creation time`,
  });
  const wait = new sfn.Wait(scope, 'Wait For Account Creation', { time: sfn.WaitTime.secondsPath('$.poll.delaySeconds') });
  const describe = sdkCall(scope, 'Check Account Creation', {
    service: 'organizations',
    action: 'describeCreateAccountStatus',
    iamResources: ['*'],
    parameters: { 'CreateAccountRequestId.$': '$.creation.CreateAccountStatus.Id' },
    resultPath: '$.creation',
    contention: true,
  });

  const useCreatedAccount = props.onActive;
  const timedOut = new sfn.Fail(scope, 'Account Creation Timed Out', {
    error: AccountFactoryErrors.ACCOUNT_CREATION_TIMED_OUT,
    cause: `The account was not active after ${props.schedule.maxChecks} checks over ${props.schedule.timeoutSeconds} seconds`,
  });

  // A failed request is cleared from the registry, so a re-run creates the account again.
  const clearRequest = updateTenant(ctx, 'Clear Failed Creation Request', {
    set: {
      stage: { S: TenantStage.REQUESTED },
      lastFailureReason: { 'S.$': '$.creation.CreateAccountStatus.FailureReason' },
    },
    remove: ['createAccountRequestId'],
  });
  const nameFailure = new sfn.Choice(scope, 'Name Creation Failure');
  const failStates = new Map<string, sfn.Fail>();
  const failState = (error: string) => {
    let fail = failStates.get(error);
    if (!fail) {
      fail = new sfn.Fail(scope, `Fail ${error.replace('Statecraft.', '')}`, { error, causePath: '$.failure.Cause' });
      failStates.set(error, fail);
    }
    return fail;
  };
  for (const [reason, error] of Object.entries(CREATE_ACCOUNT_FAILURE_REASONS)) {
    nameFailure.when(sfn.Condition.stringEquals('$.creation.CreateAccountStatus.FailureReason', reason), failState(error));
  }
  nameFailure.otherwise(failState(AccountFactoryErrors.ACCOUNT_CREATION_FAILED));
  const describeFailure = new sfn.Pass(scope, 'Describe Creation Failure', {
    parameters: {
      'Cause.$': 'States.Format(\'CreateAccount failed with {} for tenant {}\', $.creation.CreateAccountStatus.FailureReason, $.tenantId)',
    },
    resultPath: '$.failure',
  });
  describeFailure.next(nameFailure);
  clearRequest.next(describeFailure);

  const adopt = adoptExistingAccount(ctx, props, useCreatedAccount, clearRequest);

  const outcome = new sfn.Choice(scope, props.slots ? 'Creation Outcome' : 'Account Active?')
    .when(sfn.Condition.stringEquals('$.creation.CreateAccountStatus.State', 'SUCCEEDED'), useCreatedAccount)
    .when(sfn.Condition.and(
      sfn.Condition.stringEquals('$.creation.CreateAccountStatus.State', 'FAILED'),
      sfn.Condition.stringEquals('$.creation.CreateAccountStatus.FailureReason', 'EMAIL_ALREADY_EXISTS'),
    ), adopt)
    .when(sfn.Condition.stringEquals('$.creation.CreateAccountStatus.State', 'FAILED'), clearRequest);

  let start: sfn.State = create;
  let checked: sfn.State = outcome;
  if (props.slots) {
    // The slot is given back as soon as the creation settles, before the baseline and seeding.
    const acquire = acquireSlot(ctx, 'Acquire Creation Slot', CreationSlots.SEMAPHORE_KEY, props.slots.slots, {
      interval: props.slots.retryInterval, maxAttempts: props.slots.maxAttempts,
    });
    const release = releaseSlot(ctx, 'Release Creation Slot', CreationSlots.SEMAPHORE_KEY);
    acquire.next(create);
    release.next(outcome);
    start = acquire;
    outcome.otherwise(timedOut);
    checked = new sfn.Choice(scope, 'Account Creation Settled?')
      .when(sfn.Condition.and(
        sfn.Condition.stringEquals('$.creation.CreateAccountStatus.State', 'IN_PROGRESS'),
        sfn.Condition.numberLessThan('$.poll.attempt', props.schedule.maxChecks),
      ), scheduleNext)
      .otherwise(release);
  } else {
    // One Choice per check keeps the happy path short (Standard workflows bill per transition).
    outcome
      .when(sfn.Condition.numberGreaterThanEquals('$.poll.attempt', props.schedule.maxChecks), timedOut)
      .otherwise(scheduleNext);
  }

  create.next(recordRequest);
  recordRequest.next(scheduleNext);
  scheduleNext.next(wait);
  wait.next(describe);
  describe.next(checked);
  return { create: start, resumeWait: recordRequest };
}

/** The internal error a matching account's iteration raises (never leaves the Map). */
const ACCOUNT_FOUND_SIGNAL = 'Statecraft.Internal.AccountFound';

/**
 * EMAIL_ALREADY_EXISTS: page through the accounts in the organization's root (ListAccountsForParent
 * returns at most 20 a page) for the one with this email. A created account stays in the root until this
 * workflow moves it, so an account found there was created by an earlier run for this tenant whose request
 * id was lost; the registry holds the same email for this tenant (written before CreateAccount).
 */
function adoptExistingAccount(ctx: StepContext, props: CreateAccountStepProps, onAdopted: sfn.IChainable, reject: sfn.State): sfn.State {
  const scope = ctx.scope;
  const stack = Stack.of(scope);
  const rootArn = `arn:${stack.partition}:organizations::${stack.account}:root/o-*/${props.organizationRootId}`;
  const listPage = (id: string, withToken: boolean) => sdkCall(scope, id, {
    service: 'organizations',
    action: 'listAccountsForParent',
    iamResources: [rootArn],
    parameters: {
      ParentId: props.organizationRootId,
      ...(withToken ? { 'NextToken.$': '$.search.NextToken' } : {}),
    },
    resultPath: '$.search',
    contention: true,
  });
  const firstPage = listPage('Find Account In Root', false);
  const nextPage = listPage('Find Account In Root (Next Page)', true);

  // A match ends the search at once: its iteration fails with an internal signal carrying the account id,
  // which the Map's Catch turns into the adoption (no JSONPath filter over the page needed).
  const match = new sfn.Map(scope, 'Match Account Email', {
    itemsPath: '$.search.Accounts',
    itemSelector: { 'account.$': '$$.Map.Item.Value', 'email.$': '$.email' },
    resultPath: sfn.JsonPath.DISCARD,
  });
  const sameEmail = new sfn.Choice(scope, 'Same Email?')
    .when(sfn.Condition.stringEqualsJsonPath('$.account.Email', '$.email'),
      new sfn.Fail(scope, 'Email Found', { error: ACCOUNT_FOUND_SIGNAL, causePath: '$.account.Id' }))
    .otherwise(new sfn.Pass(scope, 'Email Differs'));
  match.itemProcessor(sameEmail);

  const registryAgrees = sfn.Condition.or(
    sfn.Condition.isNotPresent('$.registry.Item.email.S'),
    sfn.Condition.stringEqualsJsonPath('$.registry.Item.email.S', '$.email'),
  );
  const adopt = new sfn.Pass(scope, 'Adopt Existing Account', {
    parameters: {
      CreateAccountStatus: {
        'AccountId.$': '$.found.Cause',
        'State': 'SUCCEEDED',
        'Adopted': true,
      },
    },
    resultPath: '$.creation',
  });
  adopt.next(onAdopted);
  const owned = new sfn.Choice(scope, 'Registry Agrees?')
    .when(registryAgrees, adopt)
    .otherwise(reject);
  match.addCatch(owned, { errors: [ACCOUNT_FOUND_SIGNAL], resultPath: '$.found' });
  const found = new sfn.Choice(scope, 'More Root Accounts?')
    .when(sfn.Condition.isPresent('$.search.NextToken'), nextPage)
    .otherwise(reject);
  firstPage.next(match);
  nextPage.next(match);
  match.next(found);
  return firstPage;
}


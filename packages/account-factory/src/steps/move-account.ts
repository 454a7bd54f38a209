import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LifecycleEventType, TenantStage, TenantStatus } from '../lifecycle-events';
import { publishEvent, updateTenant } from './registry-tasks';
import { StepContext, sdkCall } from './step-context';

export interface MoveAccountStepProps {
  readonly organizationRootId: string;
  readonly next: sfn.IChainable;
}

/**
 * Moves the new account from the root to the target OU (an account already there is fine: a re-run after
 * the move), records it in the registry (stage ACCOUNT_CREATED with the account id) and publishes
 * "Account Created". Reads the account id from `$.creation.CreateAccountStatus.AccountId`; leaves it at
 * `$.account.accountId`.
 */
export function moveAccountStep(ctx: StepContext, props: MoveAccountStepProps): sfn.State {
  const scope = ctx.scope;
  const stack = Stack.of(scope);
  const orgArn = (resource: string) => `arn:${stack.partition}:organizations::${stack.account}:${resource}`;
  const move = sdkCall(scope, 'Move To Target OU', {
    service: 'organizations',
    action: 'moveAccount',
    iamResources: [orgArn('account/o-*/*'), orgArn(`root/o-*/${props.organizationRootId}`), orgArn('ou/o-*/ou-*')],
    parameters: {
      'AccountId.$': '$.creation.CreateAccountStatus.AccountId',
      'SourceParentId': props.organizationRootId,
      'DestinationParentId.$': '$.organizationalUnitId',
    },
    resultPath: null,
    contention: true,
  });
  const record = updateTenant(ctx, 'Record Account Created', {
    set: {
      stage: { S: TenantStage.ACCOUNT_CREATED },
      status: { S: TenantStatus.IN_PROGRESS },
      accountId: { 'S.$': '$.creation.CreateAccountStatus.AccountId' },
    },
    returnValues: 'UPDATED_NEW',
    resultSelector: { 'accountId.$': '$.Attributes.accountId.S' },
    resultPath: '$.account',
  });
  const publish = publishEvent(ctx, 'Publish Account Created', LifecycleEventType.ACCOUNT_CREATED, {
    'accountId.$': '$.account.accountId',
    'stage': TenantStage.ACCOUNT_CREATED,
  });
  // Already in the target OU: an earlier run moved it before it could record that.
  move.addCatch(record, { errors: ['Organizations.DuplicateAccountException'], resultPath: sfn.JsonPath.DISCARD });
  move.next(record);
  record.next(publish);
  publish.next(props.next);
  return move;
}

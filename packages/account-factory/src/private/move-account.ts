import { Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LifecycleEventType, TenantStage, TenantStatus } from '../events';
import { publishEvent, updateTenant } from './registry-tasks';
import { StepContext, catchKeepingInput, jsonata, sdkCall } from './step-context';

export interface MoveAccountStepProps {
  readonly organizationRootId: string;
  readonly next: sfn.IChainable;
}

/**
 * Moves the new account from the root to the target OU (an account already there is fine: a re-run after
 * the move), records it in the registry (stage ACCOUNT_CREATED with the account id) and publishes
 * "Account Created". Reads the account id from the variable `creation.AccountId`; sets `accountId`.
 */
export function moveAccountStep(ctx: StepContext, props: MoveAccountStepProps): sfn.State {
  const scope = ctx.scope;
  const stack = Stack.of(scope);
  const orgArn = (resource: string) => `arn:${stack.partition}:organizations::${stack.account}:${resource}`;
  const move = sdkCall(ctx, 'Move To Target OU', {
    service: 'organizations',
    action: 'moveAccount',
    iamResources: [orgArn('account/o-*/*'), orgArn(`root/o-*/${props.organizationRootId}`), orgArn('ou/o-*/ou-*')],
    arguments: {
      AccountId: jsonata('$creation.AccountId'),
      SourceParentId: props.organizationRootId,
      DestinationParentId: jsonata('$states.input.organizationalUnitId'),
    },
    contention: true,
  });
  const record = updateTenant(ctx, 'Record Account Created', {
    set: {
      stage: { S: TenantStage.ACCOUNT_CREATED },
      status: { S: TenantStatus.IN_PROGRESS },
      accountId: { S: jsonata('$creation.AccountId') },
    },
    assign: { accountId: jsonata('$creation.AccountId') },
  });
  const publish = publishEvent(ctx, 'Publish Account Created', LifecycleEventType.ACCOUNT_CREATED, {
    detail: { accountId: jsonata('$accountId'), stage: TenantStage.ACCOUNT_CREATED },
  });
  // Already in the target OU: an earlier run moved it before it could record that.
  catchKeepingInput(ctx, move, record, ['Organizations.DuplicateAccountException']);
  move.next(record);
  record.next(publish);
  publish.next(props.next);
  return move;
}

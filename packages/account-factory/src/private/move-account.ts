import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LifecycleEventType, TenantStage, TenantStatus } from '../events';
import { orgArn } from './closure-meters';
import { publishEvent, updateTenant } from './registry-tasks';
import { StepContext, catchKeepingInput, jsonata, organizationsCall } from './step-context';

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
  const move = organizationsCall(ctx, 'Move To Target OU', {
    action: 'moveAccount',
    iamResources: [orgArn(ctx, 'account/o-*/*'), orgArn(ctx, `root/o-*/${props.organizationRootId}`), orgArn(ctx, 'ou/o-*/ou-*')],
    arguments: {
      AccountId: jsonata('$creation.AccountId'),
      SourceParentId: props.organizationRootId,
      DestinationParentId: jsonata('$states.input.organizationalUnitId'),
    },
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

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LifecycleEventType, TenantStage, TenantStatus } from '../events';
import { orgArn } from './closure-meters';
import { publishEvent, updateTenant } from './registry-tasks';
import { StepContext, catchKeepingInput, jsonata, organizationsCall } from './step-context';

export interface QuarantineProps {
  readonly suspendedOuId: string;
  readonly denyAllPolicyId?: string;
  readonly next: sfn.IChainable;
}

/** Moves the account to the suspended OU (from wherever it is) and optionally attaches a deny-all SCP. */
export function quarantineAccount(ctx: StepContext, props: QuarantineProps): sfn.State {
  const scope = ctx.scope;
  const parents = organizationsCall(ctx, 'Find Current OU', {
    action: 'listParents',
    iamResources: [orgArn(ctx, 'account/o-*/*')],
    arguments: { ChildId: jsonata('$accountId') },
    assign: { parentId: jsonata('$states.result.Parents[0].Id') },
  });
  const move = organizationsCall(ctx, 'Move To Suspended OU', {
    action: 'moveAccount',
    iamResources: [orgArn(ctx, 'account/o-*/*'), orgArn(ctx, 'root/o-*/r-*'), orgArn(ctx, 'ou/o-*/ou-*')],
    arguments: { AccountId: jsonata('$accountId'), SourceParentId: jsonata('$parentId'), DestinationParentId: props.suspendedOuId },
  });
  const record = updateTenant(ctx, 'Record Quarantined', {
    set: { stage: { S: TenantStage.QUARANTINED }, status: { S: TenantStatus.RETIRING } },
  });
  const publish = publishEvent(ctx, 'Publish Account Quarantined', LifecycleEventType.QUARANTINED, {
    detail: { accountId: jsonata('$accountId'), stage: TenantStage.QUARANTINED },
  });
  record.next(publish);
  publish.next(props.next);
  let afterMove: sfn.State = record;
  if (props.denyAllPolicyId) {
    const attach = organizationsCall(ctx, 'Attach Deny-All Policy', {
      action: 'attachPolicy',
      iamResources: [orgArn(ctx, 'account/o-*/*'), orgArn(ctx, `policy/o-*/service_control_policy/${props.denyAllPolicyId}`)],
      arguments: { PolicyId: props.denyAllPolicyId, TargetId: jsonata('$accountId') },
    });
    catchKeepingInput(ctx, attach, record, ['Organizations.DuplicatePolicyAttachmentException']);
    attach.next(record);
    afterMove = attach;
  }
  const alreadyThere = sfn.Choice.jsonata(scope, 'Already Suspended?')
    .when(sfn.Condition.jsonata(jsonata(`$parentId = "${props.suspendedOuId}"`)), afterMove)
    .otherwise(move);
  catchKeepingInput(ctx, move, afterMove, ['Organizations.DuplicateAccountException']);
  move.next(afterMove);
  parents.next(alreadyThere);
  return parents;
}

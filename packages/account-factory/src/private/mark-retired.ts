import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LifecycleEventType, TenantStage, TenantStatus } from '../events';
import { publishEvent, updateTenant } from './registry-tasks';
import { PASS_INPUT, StepContext, jsonata } from './step-context';

/** Marks the tenant RETIRED and publishes "Account Retired"; the output is `{ tenantId, accountId, status }`. */
export function markRetired(ctx: StepContext): { start: sfn.State; end: sfn.INextable } {
  const attribute = (name: string) => jsonata(`$states.result.Attributes.${name}.S`);
  const record = updateTenant(ctx, 'Mark Retired', {
    set: { stage: { S: TenantStage.RETIRED }, status: { S: TenantStatus.RETIRED }, retiredBy: { S: jsonata('$states.context.Execution.Id') } },
    returnValues: 'ALL_NEW',
    outputs: { tenantId: attribute('tenantId'), accountId: attribute('accountId'), status: attribute('status') },
  });
  const publish = publishEvent(ctx, 'Publish Account Retired', LifecycleEventType.RETIRED, {
    detail: { accountId: jsonata('$accountId'), stage: TenantStage.RETIRED },
    // The retirement's output: what Mark Retired read back.
    outputs: PASS_INPUT,
  });
  record.next(publish);
  return { start: record, end: publish };
}

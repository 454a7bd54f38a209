import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStage, TenantStatus } from '../events';
import { TenantSeeding } from '../tenant-seeding';
import { publishEvent, updateTenant } from './registry-tasks';
import { StepContext, jsonata } from './step-context';

export interface FinishVendingSteps {
  /** Records the baseline, publishes "Account Baselined", seeds, and marks the tenant READY. */
  readonly baselined: sfn.State;
  /** Seeds and marks READY (resume point for a tenant already baselined). */
  readonly seed: sfn.State;
  /** The last state (its output is the execution's output). */
  readonly end: sfn.INextable;
}

/**
 * After the baseline: registry stage BASELINED and its event, the pluggable seeding step (its failure ends
 * in `Statecraft.TenantSeedingFailed`), then the registry shows READY and "Account Ready" is published.
 * The execution's output is the tenant's registry record: `{ tenantId, accountId, stage, status }`.
 */
export function finishVendingSteps(ctx: StepContext, seeding: TenantSeeding): FinishVendingSteps {
  const scope = ctx.scope;
  const recordBaselined = updateTenant(ctx, 'Record Baselined', {
    set: { stage: { S: TenantStage.BASELINED }, status: { S: TenantStatus.IN_PROGRESS } },
  });
  const publishBaselined = publishEvent(ctx, 'Publish Account Baselined', LifecycleEventType.BASELINED, {
    detail: { accountId: jsonata('$accountId'), stage: TenantStage.BASELINED },
  });
  const attribute = (name: string) => jsonata(`$states.result.Attributes.${name}.S`);
  const recordReady = updateTenant(ctx, 'Record Ready', {
    set: { stage: { S: TenantStage.READY }, status: { S: TenantStatus.READY } },
    remove: ['error', 'cause'],
    returnValues: 'ALL_NEW',
    outputs: { tenantId: attribute('tenantId'), accountId: attribute('accountId'), stage: attribute('stage'), status: attribute('status') },
  });
  const publish = publishEvent(ctx, 'Publish Account Ready', LifecycleEventType.READY, {
    detail: { accountId: jsonata('$accountId'), stage: TenantStage.READY },
  });
  recordBaselined.next(publishBaselined);
  recordReady.next(publish);

  const seed = seeding._bind(scope);
  let seedStart: sfn.State = recordReady;
  if (seed) {
    // The Catch words the cause; the Fail state raises it under the seeding error's own name.
    seed.addCatch(sfn.Fail.jsonata(scope, 'Tenant Seeding Failed', {
      error: AccountFactoryErrors.TENANT_SEEDING_FAILED,
      cause: jsonata('$states.input'),
    }), {
      errors: [sfn.Errors.ALL],
      outputs: jsonata('"Seeding tenant " & $states.input.tenantId & " failed: " & $states.errorOutput.Error & ": " & $states.errorOutput.Cause'),
    });
    seed.next(recordReady);
    seedStart = seed;
  }
  publishBaselined.next(seedStart);
  return { baselined: recordBaselined, seed: seedStart, end: publish };
}

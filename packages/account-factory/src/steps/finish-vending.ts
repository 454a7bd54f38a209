import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStage, TenantStatus } from '../lifecycle-events';
import { TenantSeeding } from '../tenant-seeding';
import { publishEvent, updateTenant } from './registry-tasks';
import { StepContext } from './step-context';

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
    'accountId.$': '$.account.accountId',
    'stage': TenantStage.BASELINED,
  });
  const recordReady = updateTenant(ctx, 'Record Ready', {
    set: { stage: { S: TenantStage.READY }, status: { S: TenantStatus.READY } },
    remove: ['error', 'cause'],
    returnValues: 'ALL_NEW',
    resultSelector: {
      'tenantId.$': '$.Attributes.tenantId.S',
      'accountId.$': '$.Attributes.accountId.S',
      'stage.$': '$.Attributes.stage.S',
      'status.$': '$.Attributes.status.S',
    },
    resultPath: '$.result',
  });
  const publish = publishEvent(ctx, 'Publish Account Ready', LifecycleEventType.READY, {
    'accountId.$': '$.account.accountId',
    'stage': TenantStage.READY,
  }, '$.result');
  recordBaselined.next(publishBaselined);
  recordReady.next(publish);

  const seed = seeding._bind(scope);
  let seedStart: sfn.State = recordReady;
  if (seed) {
    const nameFailure = new sfn.Pass(scope, 'Name Seeding Failure', {
      parameters: {
        'Error': AccountFactoryErrors.TENANT_SEEDING_FAILED,
        'Cause.$': 'States.Format(\'Seeding tenant {} failed: {}: {}\', $.tenantId, $.failure.Error, $.failure.Cause)',
      },
      resultPath: '$.failure',
    });
    nameFailure.next(new sfn.Fail(scope, 'Tenant Seeding Failed', { errorPath: '$.failure.Error', causePath: '$.failure.Cause' }));
    seed.addCatch(nameFailure, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    seed.next(recordReady);
    seedStart = seed;
  }
  publishBaselined.next(seedStart);
  return { baselined: recordBaselined, seed: seedStart, end: publish };
}

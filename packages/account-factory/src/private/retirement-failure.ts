import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { LifecycleEventType, TenantStage, TenantStatus } from '../events';
import { CLOSURES_IN_PROGRESS_KEY, CLOSURE_QUOTA_KEY } from './closure-meters';
import { loadTenant, publishEvent, updateTenant } from './registry-tasks';
import { releaseSlot } from './semaphore';
import { StepContext, catchKeepingInput, jsonata } from './step-context';

/**
 * Failure bookkeeping of a retirement (it sees only the execution input and the error at
 * `$states.input.failure`, so it reads the registry): gives back a closure slot this execution may hold, and
 * its quota reservation unless the closure was requested (stage CLOSING: that closure counts); the registry
 * shows FAILED with the error (never over RETIRED); the failure event. Each step is best effort: the failure
 * event must go out whatever else fails.
 */
export function retirementFailureHandler(ctx: StepContext): sfn.IChainable {
  const scope = ctx.scope;
  const failure = (field: 'Error' | 'Cause') => jsonata(`$states.input.failure.${field}`);
  const releaseSlotOnFailure = releaseSlot(ctx, 'Release Closure Slot (On Failure)', CLOSURES_IN_PROGRESS_KEY);
  const reload = loadTenant(ctx, 'Load Tenant (On Failure)');
  const releaseQuota = releaseSlot(ctx, 'Release Closure Quota (Not Closed)', CLOSURE_QUOTA_KEY);
  const record = updateTenant(ctx, 'Record Retirement Failure', {
    set: { status: { S: TenantStatus.FAILED }, error: { S: failure('Error') }, cause: { S: failure('Cause') } },
    condition: '#status <> :retired',
    conditionValues: { ':retired': { S: TenantStatus.RETIRED } },
  });
  const publish = publishEvent(ctx, 'Publish Retirement Failed', LifecycleEventType.RETIREMENT_FAILED, {
    detail: { error: failure('Error'), cause: failure('Cause') },
    failure: true,
  });
  const closedYet = sfn.Choice.jsonata(scope, 'Closure Requested Yet?')
    .when(sfn.Condition.jsonata(jsonata('$count($keys($registry)) = 0')), publish)
    .when(sfn.Condition.jsonata(jsonata(`$registry.stage.S in ["${TenantStage.CLOSING}", "${TenantStage.RETIRED}"]`)), record)
    .otherwise(releaseQuota);
  releaseSlotOnFailure.next(reload);
  reload.next(closedYet);
  releaseQuota.next(record);
  record.next(publish);
  catchKeepingInput(ctx, releaseSlotOnFailure, reload, [sfn.Errors.ALL]);
  catchKeepingInput(ctx, reload, record, [sfn.Errors.ALL]);
  catchKeepingInput(ctx, releaseQuota, record, [sfn.Errors.ALL]);
  catchKeepingInput(ctx, record, publish, [sfn.Errors.ALL]);
  return releaseSlotOnFailure;
}

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStatus } from '../lifecycle-events';
import { publishEvent, updateTenant } from './registry-tasks';
import { CreationSlots } from '../creation-slots';
import { releaseSlot } from './semaphore';
import { StepContext } from './step-context';

/**
 * Failure bookkeeping, run after a vending execution ended FAILED, TIMED_OUT or ABORTED, by an
 * ExecutionStatusHandler (`$.execution` is the ended execution, `$.failure` its error and cause). It runs
 * outside the vending workflow so that the workflow has no Catch of its own: `RedriveExecution` then continues
 * from the state that failed.
 *
 * The creation slot the execution may hold is given back, the registry shows FAILED with the error and cause
 * (the stage is kept, so a re-run or a redrive resumes there), then "Account Vending Failed" is published. An
 * input rejected by the workflow's checks records nothing. The registry is written only while the item is
 * still this execution's (a later execution for the tenant has moved on) and the tenant is not retiring.
 */
export function vendingFailureHandler(workflowCtx: StepContext, slots?: CreationSlots): sfn.IChainable {
  // Registry writes and events name the failed execution, not the bookkeeping's own.
  const ctx: StepContext = { ...workflowCtx, executionArnPath: '$.execution.Arn' };
  const scope = ctx.scope;
  const readTenant = new sfn.Pass(scope, 'Read Tenant', {
    parameters: { 'tenantId.$': '$.execution.Input.tenantId', 'execution.$': '$.execution', 'failure.$': '$.failure' },
  });
  const record = updateTenant(ctx, 'Record Vending Failure', {
    set: {
      status: { S: TenantStatus.FAILED },
      error: { 'S.$': '$.failure.Error' },
      cause: { 'S.$': '$.failure.Cause' },
    },
    condition: '#executionId = :failedExecution AND #status <> :retired AND #status <> :retiring',
    conditionValues: {
      ':failedExecution': { 'S.$': '$.execution.Arn' },
      ':retired': { S: TenantStatus.RETIRED },
      ':retiring': { S: TenantStatus.RETIRING },
    },
  });
  const publish = publishEvent(ctx, 'Publish Vending Failed', LifecycleEventType.FAILED, {
    'error.$': '$.failure.Error',
    'cause.$': '$.failure.Cause',
    'redriveCount.$': '$.execution.RedriveCount',
  });
  // No item (the failure came before registration), a later execution owns the item, the tenant is retiring,
  // or the registry cannot be written: the failure event is published all the same.
  record.addCatch(publish, { errors: [sfn.Errors.ALL], resultPath: '$.registryError' });
  record.next(publish);
  if (slots) {
    // Give back a creation slot the execution may hold (a no-op if it holds none).
    const release = releaseSlot(ctx, 'Release Creation Slot (On Failure)', CreationSlots.SEMAPHORE_KEY, '$.execution.Name');
    // A slot that cannot be given back must not stop the bookkeeping (the error stays in this execution's
    // history at `$.slotReleaseError`; an operator can clear the slot).
    release.addCatch(record, { errors: [sfn.Errors.ALL], resultPath: '$.slotReleaseError' });
    readTenant.next(release).next(record);
  } else {
    readTenant.next(record);
  }
  // Without the input (over 256 KiB, which validated vending inputs never are) the tenant is unknown: fail,
  // so the bookkeeping's own alarm and notification reach an operator.
  const tenantUnknown = new sfn.Fail(scope, 'Tenant Unknown', {
    error: AccountFactoryErrors.FAILURE_NOT_RECORDED,
    cause: 'The failed vending execution\'s input was not in its status-change event, so its tenant is unknown',
  });
  return new sfn.Choice(scope, 'Anything To Record?')
    // Input rejected by the workflow's own checks (before registration): nothing happened, nothing to record.
    .when(sfn.Condition.stringEquals('$.failure.Error', AccountFactoryErrors.INVALID_INPUT), new sfn.Pass(scope, 'Nothing To Record'))
    .when(sfn.Condition.and(sfn.Condition.isPresent('$.execution.Input.tenantId'), sfn.Condition.isString('$.execution.Input.tenantId')), readTenant)
    .otherwise(tenantUnknown);
}

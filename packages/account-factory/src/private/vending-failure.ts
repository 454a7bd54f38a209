import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { CreationSlots } from '../creation-slots';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStatus } from '../events';
import { publishEvent, updateTenant } from './registry-tasks';
import { releaseSlot } from './semaphore';
import { StepContext, catchKeepingInput, jsonata } from './step-context';

/**
 * Failure bookkeeping, run after a vending execution ended FAILED, TIMED_OUT or ABORTED, by an
 * ExecutionStatusHandler (`$states.input.execution` is the ended execution, `$states.input.failure` its error
 * and cause). It runs outside the vending workflow so that the workflow has no Catch of its own:
 * `RedriveExecution` then continues from the state that failed.
 *
 * The creation slot the execution may hold is given back, the registry shows FAILED with the error and cause
 * (the stage is kept, so a re-run or a redrive resumes there), then "Account Vending Failed" is published. An
 * input rejected by the workflow's checks records nothing. The registry is written only while the item is
 * still this execution's (a later execution for the tenant has moved on) and the tenant is not retiring.
 */
export function vendingFailureHandler(workflowCtx: StepContext, slots?: CreationSlots): sfn.IChainable {
  // Registry writes and events name the failed execution and its tenant, not the bookkeeping's own.
  const ctx: StepContext = { ...workflowCtx, tenantId: '$states.input.execution.Input.tenantId', executionArn: '$states.input.execution.Arn' };
  const scope = ctx.scope;
  // The status handler always gives an Error and a Cause (named for a timeout or an abort without one).
  const failure = (field: 'Error' | 'Cause') => jsonata(`$states.input.failure.${field}`);
  const record = updateTenant(ctx, 'Record Vending Failure', {
    set: { status: { S: TenantStatus.FAILED }, error: { S: failure('Error') }, cause: { S: failure('Cause') } },
    // `:executionId` is the failed execution (see ctx): the item must still be that execution's.
    condition: '#executionId = :executionId AND #status <> :retired AND #status <> :retiring',
    conditionValues: {
      ':retired': { S: TenantStatus.RETIRED },
      ':retiring': { S: TenantStatus.RETIRING },
    },
  });
  const publish = publishEvent(ctx, 'Publish Vending Failed', LifecycleEventType.FAILED, {
    detail: { error: failure('Error'), cause: failure('Cause'), redriveCount: jsonata('$states.input.execution.RedriveCount') },
    failure: true,
  });
  // No item (the failure came before registration), a later execution owns the item, the tenant is retiring,
  // or the registry cannot be written: the failure event is published all the same.
  catchKeepingInput(ctx, record, publish, [sfn.Errors.ALL]);
  record.next(publish);
  let first: sfn.State = record;
  if (slots) {
    // Give back a creation slot the execution may hold (a no-op if it holds none).
    const release = releaseSlot(ctx, 'Release Creation Slot (On Failure)', CreationSlots.SEMAPHORE_KEY, '$states.input.execution.Name');
    // A slot that cannot be given back must not stop the bookkeeping (the error stays in this execution's
    // history; an operator can clear the slot).
    catchKeepingInput(ctx, release, record, [sfn.Errors.ALL]);
    release.next(record);
    first = release;
  }
  // Without the input (over 256 KiB, which validated vending inputs never are) the tenant is unknown: fail,
  // so the bookkeeping's own alarm and notification reach an operator.
  const tenantUnknown = sfn.Fail.jsonata(scope, 'Tenant Unknown', {
    error: AccountFactoryErrors.FAILURE_NOT_RECORDED,
    cause: 'The failed vending execution\'s input was not in its status-change event, so its tenant is unknown',
  });
  return sfn.Choice.jsonata(scope, 'Anything To Record?')
    // Input rejected by the workflow's own checks (before registration): nothing happened, nothing to record.
    .when(sfn.Condition.jsonata(jsonata(`$states.input.failure.Error = "${AccountFactoryErrors.INVALID_INPUT}"`)),
      sfn.Pass.jsonata(scope, 'Nothing To Record'))
    .when(sfn.Condition.jsonata(jsonata('$type($states.input.execution.Input.tenantId) = "string"')), first)
    .otherwise(tenantUnknown);
}

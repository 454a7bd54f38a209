import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStatus } from '../lifecycle-events';
import { publishEvent, updateTenant } from './registry-tasks';
import { CreationSlots } from '../creation-slots';
import { releaseSlot } from './semaphore';
import { StepContext } from './step-context';

/**
 * Failure bookkeeping, run by the orchestrator on any failure with the error at `$.failure`: the registry
 * shows FAILED with the error and cause (the stage is kept, so a re-run resumes there), then the
 * "Account Vending Failed" event is published. An input rejected by the workflow's checks records nothing.
 * (It sees the execution input and the error only: the body's state is not passed to a Catch.)
 */
export function vendingFailureHandler(ctx: StepContext, slots?: CreationSlots): sfn.IChainable {
  const scope = ctx.scope;
  const record = updateTenant(ctx, 'Record Vending Failure', {
    set: {
      status: { S: TenantStatus.FAILED },
      error: { 'S.$': '$.failure.Error' },
      cause: { 'S.$': '$.failure.Cause' },
    },
    // Never overwrite a retirement.
    condition: '#status <> :retired AND #status <> :retiring',
    conditionValues: { ':retired': { S: TenantStatus.RETIRED }, ':retiring': { S: TenantStatus.RETIRING } },
  });
  const publish = publishEvent(ctx, 'Publish Vending Failed', LifecycleEventType.FAILED, {
    'error.$': '$.failure.Error',
    'cause.$': '$.failure.Cause',
  });
  // No registry item (the failure came before registration), the tenant is retired, or the registry
  // cannot be written: the failure event is published all the same.
  record.addCatch(publish, { errors: [sfn.Errors.ALL], resultPath: '$.registryError' });
  record.next(publish);
  // Input rejected by the workflow's own checks (before registration): nothing happened, nothing to record.
  const nothingHappened = sfn.Condition.stringEquals('$.failure.Error', AccountFactoryErrors.INVALID_INPUT);
  let bookkeeping: sfn.State = record;
  if (slots) {
    // Give back a creation slot this execution may hold (a no-op if it holds none).
    const release = releaseSlot(ctx, 'Release Creation Slot (On Failure)', CreationSlots.SEMAPHORE_KEY);
    release.next(record);
    // A slot that cannot be given back must not stop the bookkeeping (an operator can clear it).
    release.addCatch(record, { errors: [sfn.Errors.ALL], resultPath: '$.slotReleaseError' });
    bookkeeping = release;
  }
  return new sfn.Choice(scope, 'Anything To Record?')
    .when(nothingHappened, new sfn.Pass(scope, 'Nothing To Record'))
    .otherwise(bookkeeping);
}

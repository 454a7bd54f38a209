import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStatus } from '../lifecycle-events';
import { publishEvent, updateTenant } from './registry-tasks';
import { Construct } from 'constructs';
import { CreationSlots } from '../creation-slots';
import { releaseCreationSlot } from './create-account';
import { StepContext } from './step-context';

/**
 * The state every task's unexpected error goes to: the error gets the workflow's catch-all name, with the
 * original error and cause kept in the cause, and the execution fails (the failure handler then runs).
 */
export function unexpectedErrorStep(scope: Construct, errorName: string, id: string): sfn.State {
  const name = new sfn.Pass(scope, `Name Unexpected Error${id}`, {
    parameters: {
      Error: errorName,
      'Cause.$': 'States.Format(\'{}: {}\', $.failure.Error, $.failure.Cause)',
    },
    resultPath: '$.failure',
  });
  return name.next(new sfn.Fail(scope, `Unexpected Error${id}`, { errorPath: '$.failure.Error', causePath: '$.failure.Cause' })).startState;
}

/**
 * Failure bookkeeping, run by the orchestrator on any failure with the error at `$.failure`: the registry
 * shows FAILED with the error and cause (the stage is kept, so a re-run resumes there), then the
 * "Account Vending Failed" event is published. A rejected input before registration records nothing.
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
  // No registry item (the failure came before registration), or the tenant is retired: just publish.
  record.addCatch(publish, { errors: ['DynamoDb.ConditionalCheckFailedException'], resultPath: sfn.JsonPath.DISCARD });
  record.next(publish);
  const nothingHappened = sfn.Condition.and(
    sfn.Condition.stringEquals('$.failure.Error', AccountFactoryErrors.INVALID_INPUT),
    sfn.Condition.isNotPresent('$.registered'),
    sfn.Condition.isNotPresent('$.registry'),
  );
  let bookkeeping: sfn.State = record;
  if (slots) {
    // Give back a creation slot this execution may hold (a no-op if it holds none).
    const release = releaseCreationSlot(ctx, 'Release Creation Slot (On Failure)');
    release.next(record);
    bookkeeping = release;
  }
  return new sfn.Choice(scope, 'Anything To Record?')
    .when(nothingHappened, new sfn.Pass(scope, 'Nothing To Record'))
    .otherwise(bookkeeping);
}

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStage, TenantStatus } from '../events';
import { loadTenant, publishEvent, updateTenant } from './registry-tasks';
import { StepContext, catchKeepingInput, jsonata } from './step-context';

export interface RegisterTenantStepProps {
  /** Creates the account (a new tenant, or one whose request was never made or failed). */
  readonly createAccount: sfn.IChainable;
  /** Resumes waiting for a recorded CreateAccount request (the variable `creation.Id` set). */
  readonly resumeWait: sfn.IChainable;
  /** Resumes at the baseline (stage ACCOUNT_CREATED); the variable `accountId` is set. */
  readonly resumeBaseline: sfn.IChainable;
  /** Resumes at seeding (stage BASELINED); the variable `accountId` is set. */
  readonly resumeSeeding: sfn.IChainable;
}

/**
 * The idempotency gate. A conditional put registers a new tenant (stage REQUESTED) and publishes
 * "Account Vending Requested". For a tenant already in the registry it reads the item instead (the variable
 * `registry`) and resumes after the last stage reached: a READY tenant is reported as is, a recorded
 * CreateAccount request is waited for again (never created twice), and a retired tenant is refused.
 */
export function registerTenantStep(ctx: StepContext, props: RegisterTenantStepProps): { start: sfn.State; existing: sfn.INextable } {
  const scope = ctx.scope;
  const register = updateTenant(ctx, 'Register Tenant', {
    createIfMissing: true,
    condition: 'attribute_not_exists(tenantId)',
    set: {
      stage: { S: TenantStage.REQUESTED },
      status: { S: TenantStatus.IN_PROGRESS },
      email: { S: jsonata('$states.input.email') },
      accountName: { S: jsonata('$states.input.accountName') },
      organizationalUnitId: { S: jsonata('$states.input.organizationalUnitId') },
      requestedAt: { S: jsonata('$states.context.Execution.StartTime') },
    },
    // A new tenant: nothing in the registry before this execution.
    assign: { registry: {} },
  });
  const publishRequested = publishEvent(ctx, 'Publish Vending Requested', LifecycleEventType.REQUESTED, {
    detail: {
      stage: TenantStage.REQUESTED,
      accountName: jsonata('$states.input.accountName'),
      organizationalUnitId: jsonata('$states.input.organizationalUnitId'),
    },
  });

  const load = loadTenant(ctx, 'Load Tenant');
  const reportExisting = sfn.Pass.jsonata(scope, 'Report Existing Account', {
    outputs: {
      tenantId: jsonata('$states.input.tenantId'),
      accountId: jsonata('$registry.accountId.S'),
      stage: TenantStage.READY,
      status: TenantStatus.READY,
      existing: true,
    },
  });
  const retired = sfn.Fail.jsonata(scope, 'Tenant Retired', {
    error: AccountFactoryErrors.TENANT_RETIRED,
    cause: jsonata('"Tenant " & $states.input.tenantId & " is " & $registry.status.S & "; a retired tenant is never vended again"'),
  });
  const resume = updateTenant(ctx, 'Resume From Registry', {
    set: { status: { S: TenantStatus.IN_PROGRESS } },
    assign: { accountId: jsonata('$registry.accountId.S') },
  });
  resume.next(sfn.Choice.jsonata(scope, 'Resume At Stage')
    .when(sfn.Condition.jsonata(jsonata(`$registry.stage.S = "${TenantStage.BASELINED}"`)), props.resumeSeeding)
    .otherwise(props.resumeBaseline));

  const stageIn = (...stages: string[]) => `$registry.stage.S in ${JSON.stringify(stages)}`;
  const route = sfn.Choice.jsonata(scope, 'Route By Registry')
    // A retirement that failed after the quarantine leaves the status FAILED: still never vend again.
    .when(sfn.Condition.jsonata(jsonata(`$registry.status.S in ${JSON.stringify([TenantStatus.RETIRED, TenantStatus.RETIRING])}`
      + ` or ${stageIn(TenantStage.QUARANTINED, TenantStage.CLOSING, TenantStage.RETIRED)}`)), retired)
    .when(sfn.Condition.jsonata(jsonata(stageIn(TenantStage.READY))), reportExisting)
    .when(sfn.Condition.jsonata(jsonata(`${stageIn(TenantStage.CREATING)} and $exists($registry.createAccountRequestId.S)`)), props.resumeWait, {
      assign: { creation: jsonata('{ "Id": $registry.createAccountRequestId.S, "State": "IN_PROGRESS" }') },
    })
    .when(sfn.Condition.jsonata(jsonata(stageIn(TenantStage.ACCOUNT_CREATED, TenantStage.BASELINED))), resume)
    .otherwise(props.createAccount);

  // The tenant exists already: read where it stands instead.
  catchKeepingInput(ctx, register, load, ['DynamoDb.ConditionalCheckFailedException']);
  register.next(publishRequested);
  publishRequested.next(props.createAccount);
  load.next(route);
  return { start: register, existing: reportExisting };
}

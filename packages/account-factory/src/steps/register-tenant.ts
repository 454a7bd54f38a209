import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../errors';
import { LifecycleEventType, TenantStage, TenantStatus } from '../lifecycle-events';
import { loadTenant, publishEvent, updateTenant } from './registry-tasks';
import { StepContext, failWithCause } from './step-context';

export interface RegisterTenantStepProps {
  /** Creates the account (a new tenant, or one whose request was never made or failed). */
  readonly createAccount: sfn.IChainable;
  /** Resumes waiting for a recorded CreateAccount request (`$.creation.CreateAccountStatus.Id` set). */
  readonly resumeWait: sfn.IChainable;
  /** Resumes at the baseline (stage ACCOUNT_CREATED); `$.account.accountId` is set. */
  readonly resumeBaseline: sfn.IChainable;
  /** Resumes at seeding (stage BASELINED); `$.account.accountId` is set. */
  readonly resumeSeeding: sfn.IChainable;
}

/**
 * The idempotency gate. A conditional put registers a new tenant (stage REQUESTED) and publishes
 * "Account Vending Requested". For a tenant already in the registry it reads the item instead and resumes
 * after the last stage reached: a READY tenant is reported as is, a recorded CreateAccount request is waited
 * for again (never created twice), and a retired tenant is refused.
 */
export function registerTenantStep(ctx: StepContext, props: RegisterTenantStepProps): { start: sfn.State; existing: sfn.INextable } {
  const scope = ctx.scope;
  const register = updateTenant(ctx, 'Register Tenant', {
    createIfMissing: true,
    condition: 'attribute_not_exists(tenantId)',
    set: {
      stage: { S: TenantStage.REQUESTED },
      status: { S: TenantStatus.IN_PROGRESS },
      email: { 'S.$': '$.email' },
      accountName: { 'S.$': '$.accountName' },
      organizationalUnitId: { 'S.$': '$.organizationalUnitId' },
      requestedAt: { 'S.$': '$$.Execution.StartTime' },
    },
  });
  const publishRequested = publishEvent(ctx, 'Publish Vending Requested', LifecycleEventType.REQUESTED, {
    'stage': TenantStage.REQUESTED,
    'accountName.$': '$.accountName',
    'organizationalUnitId.$': '$.organizationalUnitId',
  });

  const load = loadTenant(ctx, 'Load Tenant', '$.registry');
  const reportExisting = new sfn.Pass(scope, 'Report Existing Account', {
    parameters: {
      'tenantId.$': '$.tenantId',
      'accountId.$': '$.registry.Item.accountId.S',
      'stage': TenantStage.READY,
      'status': TenantStatus.READY,
      'existing': true,
    },
  });
  const stage = '$.registry.Item.stage.S';
  const retired = failWithCause(scope, 'Tenant Retired', AccountFactoryErrors.TENANT_RETIRED,
    'States.Format(\'Tenant {} is {}; a retired tenant is never vended again\', $.tenantId, $.registry.Item.status.S)');
  const resumeCreation = new sfn.Pass(scope, 'Resume Creation Wait', {
    parameters: { CreateAccountStatus: { 'Id.$': '$.registry.Item.createAccountRequestId.S', 'State': 'IN_PROGRESS' } },
    resultPath: '$.creation',
  });
  resumeCreation.next(props.resumeWait);
  const resume = updateTenant(ctx, 'Resume From Registry', {
    set: { status: { S: TenantStatus.IN_PROGRESS } },
    returnValues: 'ALL_NEW',
    resultSelector: { 'accountId.$': '$.Attributes.accountId.S', 'stage.$': '$.Attributes.stage.S' },
    resultPath: '$.account',
  });
  resume.next(new sfn.Choice(scope, 'Resume At Stage')
    .when(sfn.Condition.stringEquals('$.account.stage', TenantStage.BASELINED), props.resumeSeeding)
    .otherwise(props.resumeBaseline));

  const route = new sfn.Choice(scope, 'Route By Registry')
    .when(sfn.Condition.or(
      sfn.Condition.stringEquals('$.registry.Item.status.S', TenantStatus.RETIRED),
      sfn.Condition.stringEquals('$.registry.Item.status.S', TenantStatus.RETIRING),
      // A retirement that failed after the quarantine leaves the status FAILED: still never vend again.
      sfn.Condition.stringEquals(stage, TenantStage.QUARANTINED),
      sfn.Condition.stringEquals(stage, TenantStage.CLOSING),
      sfn.Condition.stringEquals(stage, TenantStage.RETIRED),
    ), retired)
    .when(sfn.Condition.stringEquals(stage, TenantStage.READY), reportExisting)
    .when(sfn.Condition.and(
      sfn.Condition.stringEquals(stage, TenantStage.CREATING),
      sfn.Condition.isPresent('$.registry.Item.createAccountRequestId.S'),
    ), resumeCreation)
    .when(sfn.Condition.or(
      sfn.Condition.stringEquals(stage, TenantStage.ACCOUNT_CREATED),
      sfn.Condition.stringEquals(stage, TenantStage.BASELINED),
    ), resume)
    .otherwise(props.createAccount);

  // The tenant exists already: read where it stands instead.
  register.addCatch(load, { errors: ['DynamoDb.ConditionalCheckFailedException'], resultPath: sfn.JsonPath.DISCARD });
  register.next(publishRequested);
  publishRequested.next(props.createAccount);
  load.next(route);
  return { start: register, existing: reportExisting };
}

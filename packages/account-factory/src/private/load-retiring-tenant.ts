import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { AccountFactoryErrors } from '../errors';
import { TenantStatus } from '../events';
import { loadTenant, updateTenant } from './registry-tasks';
import { StepContext, jsonata, tenantIdOf } from './step-context';

/**
 * Loads the tenant and refuses unknown tenants; an already retired tenant is reported as is. Sets the
 * variables `tenantId` (from the input), `accountId` and `accountOu` (the OU the account was vended into).
 */
export function loadRetiringTenant(ctx: StepContext, next: sfn.IChainable): sfn.State {
  const scope = ctx.scope;
  const load = loadTenant({ ...ctx, tenantId: undefined }, 'Load Tenant', { tenantId: jsonata('$states.input.tenantId') });
  const notFound = sfn.Fail.jsonata(scope, 'Tenant Not Found', {
    error: AccountFactoryErrors.TENANT_NOT_FOUND,
    cause: jsonata(`"Tenant " & ${tenantIdOf(ctx)} & " has no account in the registry"`),
  });
  const alreadyRetired = sfn.Pass.jsonata(scope, 'Already Retired', {
    outputs: { tenantId: jsonata(tenantIdOf(ctx)), accountId: jsonata('$registry.accountId.S'), status: TenantStatus.RETIRED, existing: true },
  });
  const markRetiring = updateTenant(ctx, 'Mark Retiring', {
    set: { status: { S: TenantStatus.RETIRING } },
    assign: { accountId: jsonata('$registry.accountId.S'), accountOu: jsonata('$registry.organizationalUnitId.S') },
  });
  load.next(sfn.Choice.jsonata(scope, 'Tenant Has Account?')
    .when(sfn.Condition.jsonata(jsonata('$not($exists($registry.accountId.S))')), notFound)
    .when(sfn.Condition.jsonata(jsonata(`$registry.status.S = "${TenantStatus.RETIRED}"`)), alreadyRetired)
    .otherwise(markRetiring));
  markRetiring.next(next);
  return load;
}

import { Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { BoundStackSet, StackSetPermissionModel } from '../baseline-stack-set';
import { AccountFactoryErrors } from '../errors';
import { PASS_INPUT, StepContext, jsonata, sdkCall } from './step-context';

/** StackSet operation preferences, in the CreateStackInstances API's shape. */
export interface OperationPreferencesJson {
  readonly [key: string]: any;
}

export interface DeployBaselineProps {
  readonly stackSets: BoundStackSet[];
  readonly defaultRegions: string[];
  readonly operationPreferences?: OperationPreferencesJson;
  readonly pollInterval: Duration;
  readonly next: sfn.IChainable;
}

/** State names are limited to 80 characters. */
export function stateName(prefix: string, stackSetName: string): string {
  const name = `${prefix} ${stackSetName}`;
  return name.length <= 80 ? name : `${name.slice(0, 77)}...`;
}

/** The deployment targets of a StackSet for the account in the variable `accountId` (in `ouExpression`). */
export function stackSetTargets(set: BoundStackSet, ouExpression: string): { [key: string]: any } {
  return set.permissionModel === StackSetPermissionModel.SERVICE_MANAGED
    ? { OrganizationalUnitIds: jsonata(`[${ouExpression}]`), Accounts: jsonata('[$accountId]'), AccountFilterType: 'INTERSECTION' }
    : { Accounts: jsonata('[$accountId]') };
}

/** The ARNs a StackSet's instance operations act on: the StackSet, and its targets in every Region. */
export function stackSetArns(scope: sfn.State, set: BoundStackSet): string[] {
  const stack = Stack.of(scope);
  return [
    `arn:${stack.partition}:cloudformation:${stack.region}:${stack.account}:stackset/${set.stackSetName}:*`,
    `arn:${stack.partition}:cloudformation:*:${stack.account}:stackset-target/${set.stackSetName}:*`,
  ];
}

/**
 * Deploys every baseline StackSet to the new account at once (one Parallel branch per StackSet, since
 * they are known at synth time), then checks all operations together on a fixed interval: one wait and one
 * round of DescribeStackSetOperation per check, whatever the number of StackSets. A FAILED or STOPPED
 * operation ends in `Statecraft.StackSetDeploymentFailed` with the failed stack instances in the cause.
 *
 * Variables: `baselineOperations` (operation ids, in StackSet order), `baselineStatus` (their statuses).
 */
export function deployBaselineStep(ctx: StepContext, props: DeployBaselineProps): sfn.State {
  const scope = ctx.scope;
  if (props.stackSets.length === 0) {
    return sfn.Chain.start(props.next).startState;
  }
  const start = sfn.Parallel.jsonata(scope, 'Deploy Baseline StackSets', {
    outputs: PASS_INPUT, assign: { baselineOperations: jsonata('$states.result') },
  });
  const check = sfn.Parallel.jsonata(scope, 'Check Baseline Operations', {
    outputs: PASS_INPUT, assign: { baselineStatus: jsonata('$states.result') },
  });
  const listFailures = sfn.Parallel.jsonata(scope, 'List Failed Stack Instances');

  props.stackSets.forEach((set, index) => {
    const callAs = set.callAs === 'SELF' ? {} : { CallAs: set.callAs };
    const arns = stackSetArns(start, set);
    start.branch(sdkCall(ctx, stateName('Deploy', set.stackSetName), {
      service: 'cloudformation',
      action: 'createStackInstances',
      iamResources: arns,
      arguments: {
        StackSetName: set.stackSetName,
        DeploymentTargets: stackSetTargets(set, '$states.input.organizationalUnitId'),
        Regions: set.regions ?? props.defaultRegions,
        ...(props.operationPreferences ? { OperationPreferences: props.operationPreferences } : {}),
        ...callAs,
      },
      outputs: jsonata('$states.result.OperationId'),
      // One operation at a time per StackSet unless it uses managed execution: wait for the other one.
      retryAlso: ['CloudFormation.OperationInProgressException'],
    }));

    check.branch(sdkCall(ctx, stateName('Check', set.stackSetName), {
      service: 'cloudformation',
      action: 'describeStackSetOperation',
      iamAction: 'cloudformation:DescribeStackSetOperation',
      iamResources: arns.slice(0, 1),
      arguments: { StackSetName: set.stackSetName, OperationId: jsonata(`$baselineOperations[${index}]`), ...callAs },
      outputs: jsonata('$states.result.StackSetOperation.Status'),
    }));

    const failedInstances = { stackSetName: set.stackSetName, failedInstances: [] as unknown };
    const list = sdkCall(ctx, stateName('List Failures Of', set.stackSetName), {
      service: 'cloudformation',
      action: 'listStackSetOperationResults',
      iamResources: arns.slice(0, 1),
      arguments: { StackSetName: set.stackSetName, OperationId: jsonata(`$baselineOperations[${index}]`), ...callAs },
      outputs: { ...failedInstances, failedInstances: jsonata('[$states.result.Summaries[Status = "FAILED"]]') },
    });
    listFailures.branch(sfn.Choice.jsonata(scope, stateName('Failed:', set.stackSetName))
      .when(sfn.Condition.jsonata(jsonata(`$baselineStatus[${index}] in ["FAILED", "STOPPED"]`)), list)
      .otherwise(sfn.Pass.jsonata(scope, stateName('Succeeded:', set.stackSetName), { outputs: failedInstances })));
  });

  const wait = sfn.Wait.jsonata(scope, 'Wait For Baseline', { time: sfn.WaitTime.duration(props.pollInterval) });
  const fail = sfn.Fail.jsonata(scope, 'Baseline Deployment Failed', {
    error: AccountFactoryErrors.STACK_SET_DEPLOYMENT_FAILED,
    cause: jsonata('"Stack instances failed for account " & $accountId & ": " & $string($states.input)'),
  });
  const done = sfn.Choice.jsonata(scope, 'Baseline Deployed?')
    .when(sfn.Condition.jsonata(jsonata('"FAILED" in $baselineStatus or "STOPPED" in $baselineStatus')), listFailures)
    .when(sfn.Condition.jsonata(jsonata('$count($baselineStatus[$ != "SUCCEEDED"]) = 0')), props.next)
    .otherwise(wait);
  start.next(wait);
  wait.next(check);
  check.next(done);
  listFailures.next(fail);
  return start;
}

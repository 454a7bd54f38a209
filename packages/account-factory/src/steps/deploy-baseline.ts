import { Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { BoundStackSet, StackSetPermissionModel } from '../baseline-stack-set';
import { AccountFactoryErrors } from '../errors';
import { StepContext, failWithCause, sdkCall } from './step-context';

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
function stateName(prefix: string, stackSetName: string): string {
  const name = `${prefix} ${stackSetName}`;
  return name.length <= 80 ? name : `${name.slice(0, 77)}...`;
}

/**
 * Deploys every baseline StackSet to the new account at once (one Parallel branch per StackSet, since
 * they are known at synth time), then checks all operations together on a fixed interval: one wait and one
 * round of DescribeStackSetOperation per check, whatever the number of StackSets. A FAILED or STOPPED
 * operation ends in `Statecraft.StackSetDeploymentFailed` with the failed stack instances in the cause.
 */
export function deployBaselineStep(ctx: StepContext, props: DeployBaselineProps): sfn.State {
  const scope = ctx.scope;
  if (props.stackSets.length === 0) {
    return sfn.Chain.start(props.next).startState;
  }
  const stack = Stack.of(scope);
  const arns = (set: BoundStackSet) => [
    `arn:${stack.partition}:cloudformation:${stack.region}:${stack.account}:stackset/${set.stackSetName}:*`,
    `arn:${stack.partition}:cloudformation:*:${stack.account}:stackset-target/${set.stackSetName}:*`,
  ];

  const start = new sfn.Parallel(scope, 'Deploy Baseline StackSets', { resultPath: '$.baseline' });
  const check = new sfn.Parallel(scope, 'Check Baseline Operations', { resultPath: '$.baselineCheck' });
  const listFailures = new sfn.Parallel(scope, 'List Failed Stack Instances', { resultPath: '$.baselineFailures' });

  props.stackSets.forEach((set, index) => {
    const callAs = set.callAs === 'SELF' ? {} : { CallAs: set.callAs };
    const targets = set.permissionModel === StackSetPermissionModel.SERVICE_MANAGED
      ? {
        'OrganizationalUnitIds.$': 'States.Array($.organizationalUnitId)',
        'Accounts.$': 'States.Array($.account.accountId)',
        'AccountFilterType': 'INTERSECTION',
      }
      : { 'Accounts.$': 'States.Array($.account.accountId)' };
    const create = sdkCall(scope, stateName('Deploy', set.stackSetName), {
      service: 'cloudformation',
      action: 'createStackInstances',
      iamResources: arns(set),
      parameters: {
        StackSetName: set.stackSetName,
        DeploymentTargets: targets,
        Regions: set.regions ?? props.defaultRegions,
        ...(props.operationPreferences ? { OperationPreferences: props.operationPreferences } : {}),
        ...callAs,
      },
      resultSelector: { 'OperationId.$': '$.OperationId' },
      resultPath: '$',
      // One operation at a time per StackSet unless it uses managed execution: wait for the other one.
      retryAlso: ['CloudFormation.OperationInProgressException'],
    });
    start.branch(create);

    const describe = sdkCall(scope, stateName('Check', set.stackSetName), {
      service: 'cloudformation',
      action: 'describeStackSetOperation',
      iamAction: 'cloudformation:DescribeStackSetOperation',
      iamResources: arns(set).slice(0, 1),
      parameters: { 'StackSetName': set.stackSetName, 'OperationId.$': `$.baseline[${index}].OperationId`, ...callAs },
      resultSelector: {
        'stackSetName': set.stackSetName,
        'operationId.$': '$.StackSetOperation.OperationId',
        'status.$': '$.StackSetOperation.Status',
      },
      resultPath: '$',
    });
    check.branch(describe);

    const list = sdkCall(scope, stateName('List Failures Of', set.stackSetName), {
      service: 'cloudformation',
      action: 'listStackSetOperationResults',
      iamResources: arns(set).slice(0, 1),
      parameters: { 'StackSetName': set.stackSetName, 'OperationId.$': `$.baselineCheck[${index}].operationId`, ...callAs },
      resultSelector: {
        'stackSetName': set.stackSetName,
        'failedInstances.$': '$.Summaries[?(@.Status == \'FAILED\')]',
      },
      resultPath: '$',
    });
    const failed = sfn.Condition.or(
      sfn.Condition.stringEquals(`$.baselineCheck[${index}].status`, 'FAILED'),
      sfn.Condition.stringEquals(`$.baselineCheck[${index}].status`, 'STOPPED'),
    );
    listFailures.branch(new sfn.Choice(scope, stateName('Failed:', set.stackSetName))
      .when(failed, list)
      .otherwise(new sfn.Pass(scope, stateName('Succeeded:', set.stackSetName), { result: sfn.Result.fromObject({ stackSetName: set.stackSetName, failedInstances: [] }) })));
  });

  const wait = new sfn.Wait(scope, 'Wait For Baseline', { time: sfn.WaitTime.duration(props.pollInterval) });
  const failedRule = sfn.Condition.or(...props.stackSets.flatMap((_set, index) => [
    sfn.Condition.stringEquals(`$.baselineCheck[${index}].status`, 'FAILED'),
    sfn.Condition.stringEquals(`$.baselineCheck[${index}].status`, 'STOPPED'),
  ]));
  const allSucceeded = props.stackSets.map((_set, index) => sfn.Condition.stringEquals(`$.baselineCheck[${index}].status`, 'SUCCEEDED'));
  const fail = failWithCause(scope, 'Baseline Deployment Failed', AccountFactoryErrors.STACK_SET_DEPLOYMENT_FAILED,
    'States.Format(\'Stack instances failed for account {}: {}\', $.account.accountId, States.JsonToString($.baselineFailures))');
  const done = new sfn.Choice(scope, 'Baseline Deployed?')
    .when(failedRule, listFailures)
    .when(allSucceeded.length === 1 ? allSucceeded[0] : sfn.Condition.and(...allSucceeded), props.next)
    .otherwise(wait);
  start.next(wait);
  wait.next(check);
  check.next(done);
  listFailures.next(fail);
  return start;
}

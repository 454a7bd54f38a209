import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { BoundStackSet } from '../baseline-stack-set';
import { stackSetArns, stackSetTargets, stateName } from './deploy-baseline';
import { StepContext, outputOf, sdkCall } from './step-context';

/**
 * Removes the account's instances from every baseline StackSet, keeping the stacks (the account is about to
 * be closed, and a deny-all SCP would stop their deletion). Done before the move to the suspended OU because
 * service-managed StackSets address an account through its OU (the variable `accountOu`).
 */
export function removeStackInstances(ctx: StepContext, stackSets: BoundStackSet[], defaultRegions: string[], next: sfn.IChainable): sfn.State {
  const scope = ctx.scope;
  if (stackSets.length === 0) {
    return sfn.Chain.start(next).startState;
  }
  const remove = sfn.Parallel.jsonata(scope, 'Remove Stack Instances', { outputs: outputOf(ctx, undefined) });
  stackSets.forEach((set) => {
    const task = sdkCall(ctx, stateName('Remove From', set.stackSetName), {
      service: 'cloudformation',
      action: 'deleteStackInstances',
      iamResources: stackSetArns(remove, set),
      arguments: {
        StackSetName: set.stackSetName,
        DeploymentTargets: stackSetTargets(set, '$accountOu'),
        Regions: set.regions ?? defaultRegions,
        RetainStacks: true,
        ...(set.callAs === 'SELF' ? {} : { CallAs: set.callAs }),
      },
      retryAlso: ['CloudFormation.OperationInProgressException'],
    });
    // No instance for this account (never baselined, or removed by an earlier run): nothing to do.
    task.addCatch(sfn.Pass.jsonata(scope, stateName('No Instances In', set.stackSetName)), {
      errors: ['CloudFormation.StackInstanceNotFoundException'],
    });
    remove.branch(task);
  });
  remove.next(next);
  return remove;
}

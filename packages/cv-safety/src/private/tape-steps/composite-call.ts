import { RetryPolicy } from '@statecraft/process-orchestration';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/**
 * A call of the shipped composite function (`TapeCompositeFunction`) with one of its actions (`gatherFrames`,
 * `composite`, `writeManifest`) and that action's arguments, retried on transient AWS errors only: the function's own
 * errors (missing frames, say) are the camera's outcome, not something a retry fixes.
 */
export function compositeCall(
  scope: Construct, id: string, compositeFunction: lambda.IFunction, action: string, args: Record<string, unknown>,
  options: Pick<tasks.LambdaInvokeJsonataProps, 'assign' | 'outputs'>,
): tasks.LambdaInvoke {
  const call = tasks.LambdaInvoke.jsonata(scope, id, {
    lambdaFunction: compositeFunction,
    payload: sfn.TaskInput.fromObject({ action, ...args }),
    retryOnServiceExceptions: false,
    ...options,
  });
  RetryPolicy.transientAwsErrors().applyTo(call);
  return call;
}

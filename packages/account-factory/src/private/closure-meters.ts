import { Stack } from 'aws-cdk-lib';
import { StepContext } from './step-context';

/** Registry keys of the closure meters. */
export const CLOSURES_IN_PROGRESS_KEY = '#closures-in-progress';
export const CLOSURE_QUOTA_KEY = '#closure-quota';

/** The same ARN scoping as vending: the organization's accounts, its root and OUs, in this management account. */
export function orgArn(ctx: StepContext, resource: string): string {
  const stack = Stack.of(ctx.scope);
  return `arn:${stack.partition}:organizations::${stack.account}:${resource}`;
}

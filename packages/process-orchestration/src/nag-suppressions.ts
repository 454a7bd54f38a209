import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A cdk-nag suppression, written as the metadata cdk-nag reads (so this library needs no cdk-nag dependency). */
export interface NagSuppression {
  /** The rule, for example `AwsSolutions-IAM5`. */
  readonly id: string;
  /** Why the finding is acceptable. */
  readonly reason: string;
  /**
   * The findings it covers, for example `Resource::*` or `{ regex: '/^Resource::.*$/g' }`.
   * @default - every finding of the rule on the resource
   */
  readonly appliesTo?: any[];
}

/**
 * Adds cdk-nag suppressions to the CloudFormation resource behind `construct` (itself or its default child).
 * @internal
 */
export function addNagSuppressions(construct: IConstruct, suppressions: NagSuppression[]): void {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    return;
  }
  const existing = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as object[];
  const added = suppressions.map((s) => ({ id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}) }));
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
}

import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** A cdk-nag suppression written as the metadata cdk-nag reads, so this library needs no cdk-nag dependency. */
export interface NagSuppressionSpec {
  readonly id: string;
  readonly reason: string;
  /** Finding ids (`Resource::*`) or `{ regex }` patterns, as cdk-nag accepts them. */
  readonly appliesTo?: Array<string | { regex: string }>;
}

/** Adds suppressions to the CloudFormation resource behind `construct`. @internal */
export function suppressNag(construct: IConstruct, suppressions: NagSuppressionSpec[]): void {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) return;
  const existing = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as object[];
  const added = suppressions.map((s) => ({ id: s.id, reason: s.reason, ...(s.appliesTo ? { applies_to: s.appliesTo } : {}) }));
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
}

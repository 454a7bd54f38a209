import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/** SageMaker names end with the run id (and an attempt id): the ARN can be named only up to the stage's prefix. */
export const SAGEMAKER_PREFIX_WILDCARD = {
  regex: '/^Resource::arn:<AWS::Partition>:sagemaker:[^:]+:[^:]+:(training-job|transform-job|model|endpoint-config)\\/[a-z0-9-]+\\*$/g',
};

/**
 * Adds a cdk-nag suppression as the metadata cdk-nag reads (so this library needs no cdk-nag dependency), keeping
 * the suppressions already there.
 */
export function suppressNagFinding(construct: IConstruct, id: string, reason: string, appliesTo: Array<string | { regex: string }>): void {
  const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    return;
  }
  const existing = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as object[];
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, { id, reason, applies_to: appliesTo }] });
}

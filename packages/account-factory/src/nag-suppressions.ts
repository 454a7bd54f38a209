import { CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';

/** A cdk-nag suppression (written as the metadata cdk-nag reads, so this library needs no cdk-nag dependency). */
interface NagSuppression {
  readonly id: string;
  readonly reason: string;
  readonly appliesTo: Array<string | { regex: string }>;
}

/** Why each wildcard in the workflows' role policies is the narrowest the API allows. */
export const WILDCARD_REASONS = {
  organizations: {
    id: 'AwsSolutions-IAM5',
    reason: 'Organizations ARNs contain the organization id (o-...), which is not known at synth time; the statements are scoped to this management account\'s accounts, the given root, OUs and the named policy',
    appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:organizations::.*$/g' }],
  },
  stackSets: {
    id: 'AwsSolutions-IAM5',
    reason: 'StackSet ARNs end in an id CloudFormation generates (name:uuid) and stack instance targets are per account and Region; each statement names its StackSet',
    appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:cloudformation:[^:]+:[^:]+:stackset(-target)?\\/[-a-zA-Z0-9]+:\\*$/g' }],
  },
  nestedExecutions: {
    id: 'AwsSolutions-IAM5',
    reason: 'startExecution.sync:2 must describe and stop the child executions, whose names are only known at run time; scoped to the child state machine\'s executions',
    appliesTo: [{ regex: '/^Resource::arn:<AWS::Partition>:states:.*:execution:.*$/g' }],
  },
  tenantLists: {
    id: 'AwsSolutions-IAM5',
    reason: 'The tenant list key and the results report key come from the execution input and the Map Run; scoped to the one bucket',
    appliesTo: [{ regex: '/^Resource::(arn:<AWS::Partition>:s3:::)?<[A-Za-z0-9]+(\\.Arn)?>\\/.*$/g' }],
  },
  registryKey: {
    id: 'AwsSolutions-IAM5',
    reason: 'CDK\'s encrypt/decrypt grant (kms:ReEncrypt*, kms:GenerateDataKey*) on the registry table\'s one customer-managed key, which DynamoDB uses with the caller\'s permissions',
    appliesTo: [{ regex: '/^Action::kms:.*\\*$/g' }],
  },
} satisfies Record<string, NagSuppression>;

/** Adds the given cdk-nag suppressions to the role's default policy (if it has one). */
export function suppressRoleWildcards(role: iam.IRole, suppressions: NagSuppression[]): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  const resource = policy?.node.defaultChild;
  if (!(resource instanceof CfnResource)) {
    return;
  }
  const existing = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as object[];
  const added = suppressions.map((s) => ({ id: s.id, reason: s.reason, applies_to: s.appliesTo }));
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
}

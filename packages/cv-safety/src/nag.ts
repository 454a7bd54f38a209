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

/** Wildcards that CDK grants produce and that cannot be narrowed further. @internal */
export const WILDCARD_FINDINGS = {
  /** `function:name:*`: LambdaInvoke may call any version or alias of the named function. */
  lambdaVersions: { regex: '/^Resource::<.+\\.Arn>:\\*$/g' },
  /** `bucket/prefix*`: objects under a bucket or prefix whose keys are only known at run time. */
  s3Objects: { regex: '/^Resource::.+\\/(.+\\/)?\\*$/g' },
  /** CDK's S3 action groups (`s3:GetObject*`, `s3:List*` and so on) from `grantRead`/`grantReadWrite`. */
  s3ActionGroups: { regex: '/^Action::s3:.*\\*$/g' },
  /** CDK's KMS action groups (`kms:GenerateDataKey*`, `kms:ReEncrypt*`) from `grantEncryptDecrypt`, on the one named key. */
  kmsActionGroups: { regex: '/^Action::kms:.*\\*$/g' },
  /** `labeling-job/<prefix>-*`: job names carry a per-execution hash. */
  labelingJobs: { regex: '/^Resource::arn:.+:sagemaker:.+:labeling-job\\/.+-\\*$/g' },
  /** A Distributed Map's own child executions (`execution:<state machine>/*`). */
  childExecutions: { regex: '/^Resource::arn:.+:states:.+:execution:.+\\*$/g' },
};

/** Suppresses IAM5 on the default policy of `role`, for the listed wildcard kinds, with a reason. @internal */
export function suppressWildcards(role: IConstruct | undefined, reason: string, findings: Array<string | { regex: string }>): void {
  const policy = role?.node.tryFindChild('DefaultPolicy');
  if (policy) suppressNag(policy, [{ id: 'AwsSolutions-IAM5', reason, appliesTo: findings }]);
}

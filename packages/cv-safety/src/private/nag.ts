import { CdkNagSuppressions } from '@statecraft/process-orchestration';
import { IConstruct } from 'constructs';

const partition = CdkNagSuppressions.ANY_PARTITION;

/** Wildcards that CDK grants produce and that cannot be narrowed further (cdk-nag finding patterns). @internal */
export const WILDCARD_FINDINGS = {
  /** `function:name:*`: LambdaInvoke may call any version or alias of the named function. */
  lambdaVersions: 'Resource::<.+\\.Arn>:\\*',
  /** `bucket/prefix*`: objects under a bucket or prefix whose keys are only known at run time. */
  s3Objects: 'Resource::.+\\/(.+\\/)?\\*',
  /** CDK's S3 action groups (`s3:GetObject*`, `s3:List*` and so on) from `grantRead`/`grantReadWrite`. */
  s3ActionGroups: 'Action::s3:.*\\*',
  /** CDK's KMS action groups (`kms:GenerateDataKey*`, `kms:ReEncrypt*`) from `grantEncryptDecrypt`, on the one named key. */
  kmsActionGroups: 'Action::kms:.*\\*',
  /** `labeling-job/<prefix>-*`: job names carry a per-execution hash. */
  labelingJobs: `Resource::arn:${partition}:sagemaker:.+:labeling-job\\/.+-\\*`,
  /** A Distributed Map's own child executions (`execution:<state machine>/*`). */
  childExecutions: `Resource::arn:${partition}:states:.+:execution:.+\\*`,
};

/** Suppresses IAM5 on the default policy of `role`, for the listed wildcard kinds, with a reason. @internal */
export function suppressWildcards(role: IConstruct | undefined, reason: string, findings: string[]): void {
  if (role) CdkNagSuppressions.addToRoleDefaultPolicy(role, [{ id: 'AwsSolutions-IAM5', reason, appliesToPatterns: findings }]);
}

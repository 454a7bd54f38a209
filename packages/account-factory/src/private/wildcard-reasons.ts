import { CdkNagSuppressions, NagSuppression } from '@statecraft/process-orchestration';

const partition = CdkNagSuppressions.ANY_PARTITION;

/** Why each wildcard in the workflows' role policies is the narrowest the API allows. */
export const WILDCARD_REASONS = {
  organizations: {
    id: 'AwsSolutions-IAM5',
    reason: 'Organizations ARNs contain the organization id (o-...), which is not known at synth time; the statements are scoped to this management account\'s accounts, the given root, OUs and the named policy',
    appliesToPatterns: [`Resource::arn:${partition}:organizations::.*`],
  },
  stackSets: {
    id: 'AwsSolutions-IAM5',
    reason: 'StackSet ARNs end in an id CloudFormation generates (name:uuid) and stack instance targets are per account and Region; each statement names its StackSet',
    appliesToPatterns: [`Resource::arn:${partition}:cloudformation:[^:]+:[^:]+:stackset(-target)?\\/[-a-zA-Z0-9]+:\\*`],
  },
  nestedExecutions: {
    id: 'AwsSolutions-IAM5',
    reason: 'startExecution.sync:2 must describe and stop the child executions, whose names are only known at run time; scoped to the child state machine\'s executions',
    appliesToPatterns: [`Resource::arn:${partition}:states:.*:execution:.*`],
  },
  tenantLists: {
    id: 'AwsSolutions-IAM5',
    reason: 'The tenant list key and the results report key come from the execution input and the Map Run; scoped to the one bucket (created in the stack or named)',
    appliesToPatterns: [`Resource::(arn:${partition}:s3:::)?(<[A-Za-z0-9]+(\\.Arn)?>|[a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\\/.*`],
  },
  registryKey: {
    id: 'AwsSolutions-IAM5',
    reason: 'CDK\'s encrypt/decrypt grant (kms:ReEncrypt*, kms:GenerateDataKey*) on the registry table\'s one customer-managed key, which DynamoDB uses with the caller\'s permissions',
    appliesToPatterns: ['Action::kms:.*\\*'],
  },
} satisfies Record<string, NagSuppression>;

import { CdkNagSuppressions } from '@statecraft/process-orchestration';

/** SageMaker names end with the run id (and an attempt id): the ARN can be named only up to the stage's prefix. */
export const SAGEMAKER_PREFIX_WILDCARD =
  `Resource::arn:${CdkNagSuppressions.ANY_PARTITION}:sagemaker:[^:]+:[^:]+:(training-job|transform-job|model|endpoint-config)\\/[a-z0-9-]+\\*`;

/** cdk-nag's finding text for a pipeline's executions (`...:execution:<state machine name>:*`). */
export const EXECUTION_WILDCARD = `Resource::arn:${CdkNagSuppressions.ANY_PARTITION}:states:[^:]+:[^:]+:execution:[^:*]+:\\*`;

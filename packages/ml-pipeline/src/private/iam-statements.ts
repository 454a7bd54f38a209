import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** `iam:PassRole` on the SageMaker execution role only, and only to SageMaker. */
export function passRoleToSageMaker(role: iam.IRole): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['iam:PassRole'],
    resources: [role.roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
  });
}

/**
 * The ARN of SageMaker resources whose names start with `namePrefix`. SageMaker lower-cases names in its ARNs.
 */
export function sageMakerArn(scope: Construct, resourceType: string, namePrefix: string): string {
  return Stack.of(scope).formatArn({
    service: 'sagemaker',
    resource: resourceType,
    resourceName: `${namePrefix.toLowerCase()}*`,
  });
}

/**
 * `.sync` SageMaker integrations watch the job through a managed EventBridge rule that Step Functions creates on the
 * first run (`StepFunctionsGetEventsForSageMakerTrainingJobsRule`, `...TransformJobsRule`).
 */
export function managedSyncRule(scope: Construct, ruleName: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
    resources: [Stack.of(scope).formatArn({ service: 'events', resource: 'rule', resourceName: ruleName })],
  });
}

/** Tags are written with the create call; SageMaker authorizes them separately. */
export function addTagsStatement(resourceArns: string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions: ['sagemaker:AddTags'], resources: resourceArns });
}

/** Actions on SageMaker resources of one stage (their names all start with the stage's prefix). */
export function jobStatement(actions: string[], resourceArn: string): iam.PolicyStatement {
  return new iam.PolicyStatement({ actions, resources: [resourceArn] });
}

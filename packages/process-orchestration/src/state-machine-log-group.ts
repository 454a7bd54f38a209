import { ArnFormat, Names, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** What {@link stateMachineLogGroup} needs. (Internal: not exported from the package.) */
export interface StateMachineLogGroupProps {
  readonly retention?: logs.RetentionDays;
  readonly encryptionKey?: kms.IKey;
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * A log group for a state machine's execution logs, under `/aws/vendedlogs/states/` (Step Functions needs that prefix
 * to stay under the CloudWatch Logs resource-policy size limit, 5,120 characters). With a key, the key policy lets
 * CloudWatch Logs use it for this log group only.
 */
export function stateMachineLogGroup(scope: Construct, id: string, props: StateMachineLogGroupProps): logs.LogGroup {
  const logGroupName = `/aws/vendedlogs/states/${Names.uniqueResourceName(scope, { maxLength: 200, separator: '-' })}`;
  const logGroup = new logs.LogGroup(scope, id, {
    logGroupName,
    retention: props.retention ?? logs.RetentionDays.ONE_YEAR,
    encryptionKey: props.encryptionKey,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
  if (props.encryptionKey) {
    const stack = Stack.of(scope);
    props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowCloudWatchLogs${Names.uniqueId(scope).slice(-32)}`,
      principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
      actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      resources: ['*'],
      conditions: {
        ArnEquals: {
          'kms:EncryptionContext:aws:logs:arn': stack.formatArn({
            service: 'logs', resource: 'log-group', resourceName: logGroupName, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        },
      },
    }));
  }
  return logGroup;
}

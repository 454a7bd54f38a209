import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CdkNagSuppressions } from './nag-suppressions';

/** What {@link deadLetterQueue} needs. (Internal: not exported from the package.) */
export interface DeadLetterQueueProps {
  /** Why the queue needs no dead-letter queue of its own (the reason of its AwsSolutions-SQS3 suppression). */
  readonly nagReason: string;
  /** @default - an SQS-managed key */
  readonly encryptionKey?: kms.IKey;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/** A TLS-only, encrypted queue that keeps what could not be delivered for 14 days (the SQS maximum). */
export function deadLetterQueue(scope: Construct, id: string, props: DeadLetterQueueProps): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    retentionPeriod: Duration.days(14),
    enforceSSL: true,
    encryption: props.encryptionKey ? sqs.QueueEncryption.KMS : sqs.QueueEncryption.SQS_MANAGED,
    encryptionMasterKey: props.encryptionKey,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
  });
  CdkNagSuppressions.add(queue, [{
    id: 'AwsSolutions-SQS3',
    reason: props.nagReason,
  }]);
  return queue;
}

import { CdkNagSuppressions } from '@statecraft/process-orchestration';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Options for a bucket a workflow creates for its own outputs. @internal */
export interface SecureBucketOptions {
  readonly encryptionKey?: kms.IKey;
  readonly accessLogsBucket?: s3.IBucket;
  readonly removalPolicy?: RemovalPolicy;
}

/** A private, TLS-only, encrypted, versioned bucket (KMS with the workflow's key, else S3-managed). @internal */
export function createSecureBucket(scope: Construct, id: string, options: SecureBucketOptions): s3.Bucket {
  const bucket = new s3.Bucket(scope, id, {
    encryption: options.encryptionKey ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
    encryptionKey: options.encryptionKey,
    bucketKeyEnabled: options.encryptionKey ? true : undefined,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    serverAccessLogsBucket: options.accessLogsBucket,
    serverAccessLogsPrefix: options.accessLogsBucket ? `${id.toLowerCase()}/` : undefined,
    removalPolicy: options.removalPolicy ?? RemovalPolicy.RETAIN,
  });
  if (!options.accessLogsBucket) {
    CdkNagSuppressions.add(bucket, [{
      id: 'AwsSolutions-S1',
      reason: 'Server access logging needs a separate log bucket; pass accessLogsBucket to turn it on. Object-level access is in CloudTrail data events when enabled account-wide.',
    }]);
  }
  return bucket;
}

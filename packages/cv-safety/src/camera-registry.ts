import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props for {@link CameraRegistry}. */
export interface CameraRegistryProps {
  /** @default - AWS-managed encryption */
  readonly encryptionKey?: kms.IKey;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The camera registry: one item per camera (`cameraId`), with `status` NEW when onboarded and PREPARED once a
 * composite went to annotation, and a `status-index` GSI so a run queries the NEW cameras instead of scanning.
 */
export class CameraRegistry extends Construct {
  /** The name of the status index. */
  public static readonly STATUS_INDEX = 'status-index';

  /** The table. */
  public readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string, props: CameraRegistryProps = {}) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'cameraId', type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: props.encryptionKey ? dynamodb.TableEncryption.CUSTOMER_MANAGED : dynamodb.TableEncryption.AWS_MANAGED,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: CameraRegistry.STATUS_INDEX,
      partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.KEYS_ONLY,
    });
  }
}

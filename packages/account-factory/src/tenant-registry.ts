import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Props for a TenantRegistry. */
export interface TenantRegistryProps {
  /**
   * Use this existing table instead of creating one. Its partition key must be the string `tenantId`.
   * @default a new table is created
   */
  readonly existingTable?: dynamodb.ITable;
  /**
   * Customer-managed key for the new table.
   * @default an AWS owned key (DynamoDB encrypts every table at rest)
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * What happens to the new table when it leaves the stack. The registry is the record of which tenant
   * owns which account, so it is kept by default.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The tenant registry: one DynamoDB item per tenant (partition key `tenantId`) recording the tenant's
 * account, its lifecycle stage and status, the CreateAccount request id and the last error. The account
 * workflows write it with conditional writes, which is what makes them idempotent per tenant. Items whose
 * key starts with `#` are the workflows' own counters (creation slots, closures in progress, closure quota).
 */
export class TenantRegistry extends Construct {
  /** The partition key attribute. */
  public static readonly PARTITION_KEY = 'tenantId';

  /** The registry table. */
  public readonly table: dynamodb.ITable;

  constructor(scope: Construct, id: string, props: TenantRegistryProps = {}) {
    super(scope, id);
    this.table = props.existingTable ?? new dynamodb.Table(this, 'Table', {
      partitionKey: { name: TenantRegistry.PARTITION_KEY, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: props.encryptionKey ? dynamodb.TableEncryption.CUSTOMER_MANAGED : dynamodb.TableEncryption.AWS_MANAGED,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
  }

  /** Lets the grantee read tenant records (for example a platform's admin tooling). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.table.grantReadData(grantee);
  }
}

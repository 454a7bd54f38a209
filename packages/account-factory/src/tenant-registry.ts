import { CdkNagSuppressions } from '@statecraft/process-orchestration';
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { WILDCARD_REASONS } from './private/wildcard-reasons';

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

  /**
   * Lets `role` use the table's customer-managed key, if it has one: DynamoDB uses the key with the caller's
   * permissions on every read and write. The account workflows call it for their own roles; call it for a state
   * machine of yours that embeds an AccountVendingFragment. An imported table's key is known only if it was
   * imported with it (`encryptionKey` of `Table.fromTableAttributes`).
   */
  public grantKeyUse(role: iam.IRole): void {
    if (this.table.encryptionKey) {
      this.table.encryptionKey.grantEncryptDecrypt(role);
      CdkNagSuppressions.addToRoleDefaultPolicy(role, [WILDCARD_REASONS.registryKey]);
    }
  }

  /** Lets the grantee read tenant records (for example a platform's admin tooling). */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.table.grantReadData(grantee);
  }
}

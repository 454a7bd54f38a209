import * as path from 'node:path';
import { NodejsRuntime } from '@statecraft/process-orchestration';
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { suppressWildcards, WILDCARD_FINDINGS } from './private/nag';

/** Props for {@link TapeCompositeFunction}. */
export interface TapeCompositeFunctionProps {
  /**
   * Memory. 1,769 MB is one full vCPU, which the voting and stitching of five 1080p frames needs.
   * @default Size.mebibytes(1769)
   */
  readonly memorySize?: Size;
  /** @default Duration.minutes(2) */
  readonly timeout?: Duration;
  /** Encrypts the function's log group. @default - CloudWatch Logs' own encryption */
  readonly encryptionKey?: kms.IKey;
  /** @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
  /** What the function is for, in its description. @default 'Statecraft cv-safety: frames, composites and manifests' */
  readonly purpose?: string;
}

/**
 * The Lambda function shipped in this package (pure-JavaScript image codecs, bundled with esbuild at build
 * time): gathers time-shifted frames, votes and stitches tape composites, writes labeling manifests and
 * selects items to label. Its role starts with log access only; each workflow grants what it uses.
 */
export class TapeCompositeFunction extends Construct {
  /** The function. */
  public readonly function: lambda.Function;
  /** Its role. */
  public readonly role: iam.Role;
  /** Its log group. */
  public readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: TapeCompositeFunctionProps = {}) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole: log writes to this function's group only.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: props.purpose ?? 'Statecraft cv-safety: frames, composites and manifests',
    });
    this.logGroup.grantWrite(this.role);
    this.function = new lambda.Function(this, 'Function', {
      runtime: NodejsRuntime.newest(),
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromAsset(path.join(__dirname, '..', 'assets', 'tape-composite')),
      memorySize: (props.memorySize ?? Size.mebibytes(1769)).toMebibytes(),
      timeout: props.timeout ?? Duration.minutes(2),
      role: this.role,
      logGroup: this.logGroup,
      tracing: lambda.Tracing.ACTIVE,
      description: props.purpose ?? 'Statecraft cv-safety: frames, composites and manifests',
      environment: { NODE_OPTIONS: '--enable-source-maps' },
    });
    suppressWildcards(this.role, 'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions; S3 grants are scoped to a bucket and key prefix (objects named at run time) with CDK\'s S3 action groups',
      ['Resource::\\*', WILDCARD_FINDINGS.s3Objects, WILDCARD_FINDINGS.s3ActionGroups, WILDCARD_FINDINGS.kmsActionGroups]);
  }
}

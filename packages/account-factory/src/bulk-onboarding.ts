import {
  CdkNagSuppressions, FailureEvent, InputField, InputValidation, OrchestratedProcess, ProcessOptions,
  ProcessOrchestrator, ValidationErrors,
} from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AccountFactory } from './account-factory';
import { AccountFactoryErrors } from './errors';
import { BulkOnboardingEventType } from './events';
import { publishEvent } from './private/registry-tasks';
import { StepContext } from './private/step-context';
import { WILDCARD_REASONS } from './private/wildcard-reasons';

/** The format of the tenant list object. */
export enum TenantListFormat {
  /** A JSON array of vending inputs (`tenantId`, `accountName`, `email`, `organizationalUnitId`, `tags`, `parameters`). */
  JSON = 'JSON',
  /** A CSV file with a header row `tenantId,accountName,email,organizationalUnitId` (no tags or parameters). */
  CSV = 'CSV',
}

/** Props for {@link BulkOnboarding}. */
export interface BulkOnboardingProps extends ProcessOptions {
  /** The factory that vends each tenant's account. It must hold `creationSlots`, which keep creations at 5. */
  readonly factory: AccountFactory;
  /** The bucket the tenant lists are read from (the execution input names the key). */
  readonly tenantListBucket: s3.IBucket;
  /**
   * The tenant list's format.
   * @default TenantListFormat.JSON
   */
  readonly format?: TenantListFormat;
  /**
   * Vending executions running at once. Only `creationSlots.slots` of them create an account at a time; the
   * others baseline, seed or wait for a slot, so this should be well above 5.
   * @default 20
   */
  readonly maxConcurrentVendings?: number;
  /**
   * Failed tenants tolerated before the run fails, in percent.
   * @default 10
   */
  readonly toleratedFailurePercentage?: number;
  /**
   * Where the results report (the Map Run's per-tenant results) is written.
   * @default - the tenant list bucket
   */
  readonly reportBucket?: s3.IBucket;
  /**
   * The key prefix of the results report.
   * @default 'bulk-onboarding-reports/'
   */
  readonly reportPrefix?: string;
  /**
   * The process name.
   * @default 'bulk-onboarding'
   */
  readonly processName?: string;
  /**
   * The overall timeout of a run; also the duration alarm's threshold unless `alarms.durationThreshold` is given.
   * @default Duration.days(7)
   */
  readonly timeout?: Duration;
}

/**
 * Onboards a list of tenants (a JSON or CSV object in S3, named by the execution input `{ "key": ... }`)
 * with a Distributed Map that runs one AccountFactory execution per tenant (nested, `.sync:2`, named after
 * the tenant). The factory's creation slots keep at most 5 accounts in creation, held only while an account
 * is being created, so baselines and seeding overlap the next creations. Failures up to
 * `toleratedFailurePercentage` are tolerated; the per-tenant results are written to S3 as the report.
 */
export class BulkOnboarding extends OrchestratedProcess {
  /** The orchestrator of the bulk run. */
  public readonly orchestrator: ProcessOrchestrator;

  constructor(scope: Construct, id: string, props: BulkOnboardingProps) {
    super(scope, id);
    // `resultWriterV2` renders only with its flag, and `resultWriter` prints a deprecation warning: the flag is on
    // below this construct only, so the report writer renders the same whatever flags the app sets.
    this.node.setContext('@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2', true);
    const errors = new ValidationErrors(this);
    const concurrency = props.maxConcurrentVendings ?? 20;
    const tolerated = props.toleratedFailurePercentage ?? 10;
    errors.addIf(props.factory.creationSlots === undefined, 'factory',
      'the factory must hold creation slots (AccountFactoryProps.creationSlots = CreationSlots.of()), so that no more than 5 accounts are created at once');
    errors.addIf(!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10000, 'maxConcurrentVendings',
      `must be 1 to 10,000 (the Distributed Map limit), got ${concurrency}`);
    errors.addIf(tolerated < 0 || tolerated > 100, 'toleratedFailurePercentage', `must be 0 to 100, got ${tolerated}`);
    errors.throwIfAny();

    const reportBucket = props.reportBucket ?? props.tenantListBucket;
    const listKey = '{% $states.input.key %}';
    const itemReader = (props.format ?? TenantListFormat.JSON) === TenantListFormat.CSV
      ? new sfn.S3CsvItemReader({ bucket: props.tenantListBucket, key: listKey, csvHeaders: sfn.CsvHeaders.useFirstRow() })
      : new sfn.S3JsonItemReader({ bucket: props.tenantListBucket, key: listKey });
    const vendAll = sfn.DistributedMap.jsonata(this, 'Vend Each Tenant', {
      itemReader,
      itemSelector: { tenant: '{% $states.context.Map.Item.Value %}', run: '{% $states.context.Execution.Name %}' },
      maxConcurrency: concurrency,
      toleratedFailurePercentage: tolerated,
      mapExecutionType: sfn.StateMachineType.STANDARD,
      ...reportWriter(reportBucket, props.reportPrefix ?? 'bulk-onboarding-reports/'),
      outputs: '{% $merge([$states.input, {"mapRun": $states.result}]) %}',
      label: 'VendEachTenant',
    });
    const vend = props.factory.nestedExecution(this, 'Vend Tenant Account', {
      queryLanguage: sfn.QueryLanguage.JSONATA,
      input: sfn.TaskInput.fromText('{% $states.input.tenant %}'),
      // Named after the tenant (and the bulk run), so a tenant is never vended twice by one run.
      executionName: '{% $states.input.tenant.tenantId & "-" & $split($states.input.run, "-")[0] %}',
      // The item's result: the vended tenant's id, account and status.
      outputs: '{% ($o := $states.result.Output; {"tenantId": $o.tenantId, "accountId": $o.accountId, "status": $o.status}) %}',
    });
    vendAll.itemProcessor(vend);

    const bus = props.factory.eventBus;
    const ctx: StepContext = { scope: this, table: props.factory.registry.table, eventBus: bus, eventSource: 'statecraft.account-factory' };
    const done = publishEvent(ctx, 'Publish Bulk Onboarding Report', BulkOnboardingEventType.COMPLETED, {
      detail: { tenantListKey: listKey, reportBucket: reportBucket.bucketName, mapRun: '{% $states.input.mapRun %}' },
      aboutTenant: false,
    });
    vendAll.next(done);
    // Any failure of the run (the tolerated failures exceeded, the list unreadable, the report event refused):
    // the failure event, then Statecraft.BulkOnboardingFailed with the original error and cause as JSON.
    const failed = publishEvent(ctx, 'Publish Bulk Onboarding Failed', BulkOnboardingEventType.FAILED, {
      detail: { tenantListKey: listKey, error: FailureEvent.ERROR, cause: FailureEvent.CAUSE },
      aboutTenant: false,
      failure: true,
    });
    const runFailed = sfn.Fail.jsonata(this, 'Bulk Onboarding Failed', {
      error: AccountFactoryErrors.BULK_ONBOARDING_FAILED,
      cause: '{% $string($states.input.failure) %}',
    });
    // The run's failure is raised even when its event cannot be published (the error is in the history).
    failed.addCatch(runFailed, { errors: [sfn.Errors.ALL], outputs: '{% $states.input %}' });
    failed.next(runFailed);
    const keepFailure = '{% $merge([$states.input, { "failure": $states.errorOutput }]) %}';
    vendAll.addCatch(failed, { errors: [sfn.Errors.ALL], outputs: keepFailure });
    done.addCatch(failed, { errors: [sfn.Errors.ALL], outputs: keepFailure });
    const definition = vendAll;
    const timeout = props.timeout ?? Duration.days(7);
    this.orchestrator = new ProcessOrchestrator(this, 'Orchestrator', {
      ...props, // the ProcessOptions (encryptionKey, notifications, alarms, logRetention, removalPolicy)
      processName: props.processName ?? 'bulk-onboarding',
      definition,
      // Every state is JSONata, the nested vending executions included.
      queryLanguage: sfn.QueryLanguage.JSONATA,
      inputValidation: InputValidation.of([InputField.string('key', { required: true })]),
      timeout,
      alarms: { durationThreshold: timeout, ...props.alarms },
      comment: 'Onboards a list of tenants: one AccountFactory execution per tenant, at most 5 creations at once',
    });
    for (const bucket of [props.tenantListBucket, reportBucket]) {
      bucket.encryptionKey?.grantEncryptDecrypt(this.orchestrator.role);
    }
    CdkNagSuppressions.addToRoleDefaultPolicy(this.orchestrator.role, [WILDCARD_REASONS.nestedExecutions, WILDCARD_REASONS.tenantLists]);
  }


}


/** The results report writer (V2: the construct turns its flag on for itself). */
function reportWriter(bucket: s3.IBucket, prefix: string): Partial<sfn.DistributedMapProps> {
  return { resultWriterV2: new sfn.ResultWriterV2({ bucket, prefix }) };
}

import * as events from 'aws-cdk-lib/aws-events';

/** Where the account workflows publish their lifecycle events. */
export interface LifecycleEventOptions {
  /**
   * The bus the lifecycle events go to.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * The `source` of the lifecycle events.
   * @default 'statecraft.account-factory'
   */
  readonly eventSource?: string;
}

/**
 * The lifecycle events the account workflows publish to EventBridge. Every event has
 * `source` = the workflow's event source (default `statecraft.account-factory`), `detail-type` = one of
 * these values, and a detail of the shape documented in the README (`tenantId`, `stage`, `accountId`,
 * `executionArn`, `time`, and on failure `error` and `cause`).
 */
export class LifecycleEventType {
  /** A vending execution registered the tenant and is about to create its account. */
  public static readonly REQUESTED = 'Account Vending Requested';
  /** The account is active and in its target OU. */
  public static readonly ACCOUNT_CREATED = 'Account Created';
  /** Every baseline StackSet is deployed to the account. */
  public static readonly BASELINED = 'Account Baselined';
  /** The tenant's data is seeded; the account is ready for the tenant. */
  public static readonly READY = 'Account Ready';
  /** A vending execution failed; the detail carries the named error and the stage it stopped at. */
  public static readonly FAILED = 'Account Vending Failed';
  /** A retirement execution quarantined the account. */
  public static readonly QUARANTINED = 'Account Quarantined';
  /** The account is closed and the tenant retired. */
  public static readonly RETIRED = 'Account Retired';
  /** A retirement execution failed. */
  public static readonly RETIREMENT_FAILED = 'Account Retirement Failed';

  private constructor() {}
}

/** The registry stages of a tenant, in order. A re-run resumes after the last stage reached. */
export class TenantStage {
  public static readonly REQUESTED = 'REQUESTED';
  public static readonly CREATING = 'CREATING';
  public static readonly ACCOUNT_CREATED = 'ACCOUNT_CREATED';
  public static readonly MOVED = 'MOVED';
  public static readonly BASELINED = 'BASELINED';
  public static readonly READY = 'READY';
  public static readonly QUARANTINED = 'QUARANTINED';
  public static readonly CLOSING = 'CLOSING';
  public static readonly RETIRED = 'RETIRED';

  private constructor() {}
}

/** The registry status of a tenant. */
export class TenantStatus {
  public static readonly IN_PROGRESS = 'IN_PROGRESS';
  public static readonly READY = 'READY';
  public static readonly FAILED = 'FAILED';
  public static readonly RETIRING = 'RETIRING';
  public static readonly RETIRED = 'RETIRED';

  private constructor() {}
}

/** The lifecycle events of a bulk onboarding run. */
export class BulkOnboardingEventType {
  /** The run finished within its tolerated failures; the detail has the results report's location. */
  public static readonly COMPLETED = 'Bulk Onboarding Completed';
  /** The run failed (too many tenants failed, or the list could not be read). */
  public static readonly FAILED = 'Bulk Onboarding Failed';

  private constructor() {}
}

/**
 * The named errors the account workflows end with. Every one is catchable by name from a parent
 * workflow (see `AccountFactory.nestedExecution`).
 */
export class AccountFactoryErrors {
  /** The input failed validation; the cause names the field. Raised before any side effect. */
  public static readonly INVALID_INPUT = 'Statecraft.InvalidInput';
  /** The tenant was retired (or is being retired); a retired tenant is never vended again. */
  public static readonly TENANT_RETIRED = 'Statecraft.TenantRetired';
  /** CreateAccount reported EMAIL_ALREADY_EXISTS and the account could not be shown to belong to this tenant. */
  public static readonly EMAIL_ALREADY_EXISTS = 'Statecraft.EmailAlreadyExists';
  /** CreateAccount reported ACCOUNT_LIMIT_EXCEEDED: the organization is at its account quota. */
  public static readonly ACCOUNT_LIMIT_EXCEEDED = 'Statecraft.AccountLimitExceeded';
  /** CreateAccount reported INVALID_EMAIL or INVALID_ADDRESS. */
  public static readonly INVALID_ACCOUNT_DETAILS = 'Statecraft.InvalidAccountDetails';
  /** CreateAccount reported CONCURRENT_ACCOUNT_MODIFICATION; a re-run creates the account again. */
  public static readonly CONCURRENT_ACCOUNT_MODIFICATION = 'Statecraft.ConcurrentAccountModification';
  /** CreateAccount reported INTERNAL_FAILURE; a re-run creates the account again. */
  public static readonly ACCOUNT_CREATION_INTERNAL_FAILURE = 'Statecraft.AccountCreationInternalFailure';
  /** CreateAccount reported one of the *_BUSINESS_VALIDATION reasons. */
  public static readonly BUSINESS_VALIDATION_FAILED = 'Statecraft.BusinessValidationFailed';
  /** CreateAccount reported MISSING_PAYMENT_INSTRUMENT or INVALID_PAYMENT_INSTRUMENT. */
  public static readonly PAYMENT_INSTRUMENT_REQUIRED = 'Statecraft.PaymentInstrumentRequired';
  /** CreateAccount reported GOVCLOUD_ACCOUNT_ALREADY_EXISTS. */
  public static readonly GOVCLOUD_ACCOUNT_ALREADY_EXISTS = 'Statecraft.GovCloudAccountAlreadyExists';
  /** CreateAccount failed for a reason without its own name; the cause carries the reason. */
  public static readonly ACCOUNT_CREATION_FAILED = 'Statecraft.AccountCreationFailed';
  /** The account was still not active when the poll schedule ran out. */
  public static readonly ACCOUNT_CREATION_TIMED_OUT = 'Statecraft.AccountCreationTimedOut';
  /** A baseline StackSet operation failed or stopped; the cause lists the failed stack instances. */
  public static readonly STACK_SET_DEPLOYMENT_FAILED = 'Statecraft.StackSetDeploymentFailed';
  /** The tenant seeding step failed; the cause carries the seeding step's error. */
  public static readonly TENANT_SEEDING_FAILED = 'Statecraft.TenantSeedingFailed';
  /**
   * The failure bookkeeping (run after a vending execution failed) could not tell which tenant failed: the
   * execution's input was not in its status-change event. The bookkeeping execution ends with it.
   */
  public static readonly FAILURE_NOT_RECORDED = 'Statecraft.VendingFailureNotRecorded';
  /** The rolling closure quota (closures per 30 days) is used up; retire the account later. */
  public static readonly CLOSURE_QUOTA_EXCEEDED = 'Statecraft.ClosureQuotaExceeded';
  /** The tenant is unknown to the registry or has no account to retire. */
  public static readonly TENANT_NOT_FOUND = 'Statecraft.TenantNotFound';
  /** Any failure of the retirement workflow without its own name; the cause names the original error. */
  public static readonly ACCOUNT_RETIREMENT_FAILED = 'Statecraft.AccountRetirementFailed';
  /** The bulk onboarding run failed more tenants than the tolerated percentage. */
  public static readonly BULK_ONBOARDING_FAILED = 'Statecraft.BulkOnboardingFailed';

  private constructor() {}
}

/** How each CreateAccountStatus FailureReason maps to a named error. */
export const CREATE_ACCOUNT_FAILURE_REASONS: Record<string, string> = {
  // Reached only when the account could not be adopted (see the README).
  EMAIL_ALREADY_EXISTS: AccountFactoryErrors.EMAIL_ALREADY_EXISTS,
  ACCOUNT_LIMIT_EXCEEDED: AccountFactoryErrors.ACCOUNT_LIMIT_EXCEEDED,
  INVALID_EMAIL: AccountFactoryErrors.INVALID_ACCOUNT_DETAILS,
  INVALID_ADDRESS: AccountFactoryErrors.INVALID_ACCOUNT_DETAILS,
  CONCURRENT_ACCOUNT_MODIFICATION: AccountFactoryErrors.CONCURRENT_ACCOUNT_MODIFICATION,
  INTERNAL_FAILURE: AccountFactoryErrors.ACCOUNT_CREATION_INTERNAL_FAILURE,
  MISSING_BUSINESS_VALIDATION: AccountFactoryErrors.BUSINESS_VALIDATION_FAILED,
  FAILED_BUSINESS_VALIDATION: AccountFactoryErrors.BUSINESS_VALIDATION_FAILED,
  PENDING_BUSINESS_VALIDATION: AccountFactoryErrors.BUSINESS_VALIDATION_FAILED,
  INVALID_IDENTITY_FOR_BUSINESS_VALIDATION: AccountFactoryErrors.BUSINESS_VALIDATION_FAILED,
  UNKNOWN_BUSINESS_VALIDATION: AccountFactoryErrors.BUSINESS_VALIDATION_FAILED,
  MISSING_PAYMENT_INSTRUMENT: AccountFactoryErrors.PAYMENT_INSTRUMENT_REQUIRED,
  INVALID_PAYMENT_INSTRUMENT: AccountFactoryErrors.PAYMENT_INSTRUMENT_REQUIRED,
  GOVCLOUD_ACCOUNT_ALREADY_EXISTS: AccountFactoryErrors.GOVCLOUD_ACCOUNT_ALREADY_EXISTS,
};

import { InputField, InputValidation, PollSchedule } from '@statecraft/process-orchestration';
import { Duration, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BaselineOptions } from './baseline-stack-set';
import { CreationSlots } from './creation-slots';
import { LifecycleEventOptions } from './events';
import { createAccountStep } from './private/create-account';
import { deployBaselineStep } from './private/deploy-baseline';
import { finishVendingSteps } from './private/finish-vending';
import { inputLimitsStep } from './private/input-limits';
import { moveAccountStep } from './private/move-account';
import { registerTenantStep } from './private/register-tenant';
import { StepContext } from './private/step-context';
import { vendingFailureHandler } from './private/vending-failure';
import { TenantRegistry } from './tenant-registry';
import { TenantSeeding } from './tenant-seeding';

/** The default event source of the lifecycle events. */
const DEFAULT_EVENT_SOURCE = 'statecraft.account-factory';

/** How a StackSet operation goes through the Regions. */
export enum RegionConcurrency {
  /** One Region after another. */
  SEQUENTIAL = 'SEQUENTIAL',
  /** All Regions at once. */
  PARALLEL = 'PARALLEL',
}

/** StackSet operation preferences for the baseline (the CreateStackInstances `OperationPreferences`). */
export interface StackSetOperationPreferences {
  /**
   * Stack instance failures tolerated per Region before the operation stops.
   * @default 0
   */
  readonly failureToleranceCount?: number;
  /**
   * Accounts deployed to at once per Region (one new account here, so this mostly matters for Regions).
   * @default 1
   */
  readonly maxConcurrentCount?: number;
  /**
   * Deploy to the Regions one after another or in parallel.
   * @default RegionConcurrency.PARALLEL
   */
  readonly regionConcurrency?: RegionConcurrency;
  /**
   * The order of Regions when `regionConcurrency` is SEQUENTIAL.
   * @default - the order of the Regions list
   */
  readonly regionOrder?: string[];
}

/** Props for {@link AccountVendingFragment}. */
export interface AccountVendingFragmentProps extends AccountVendingOptions {
  /** The tenant registry. */
  readonly registry: TenantRegistry;
}

/** What the vending workflow does, shared by {@link AccountFactory} and {@link AccountVendingFragment}. */
export interface AccountVendingOptions extends LifecycleEventOptions, BaselineOptions {
  /** The organization's root id (`r-xxxx`): new accounts start there and are moved to the tenant's OU. */
  readonly organizationRootId: string;
  /**
   * StackSet operation preferences.
   * @default - one account at a time, no failure tolerated, Regions in parallel
   */
  readonly stackSetOperationPreferences?: StackSetOperationPreferences;
  /**
   * How often the baseline StackSet operations are checked.
   * @default Duration.minutes(1)
   */
  readonly baselinePollInterval?: Duration;
  /**
   * When account creation is checked.
   * @default PollSchedule.geometricCheckTimes() (first check after 144 s, 1.2x later each time, at most 5 minutes apart, 2 hours in all);
   * with `creationSlots`, their `pollSchedule`
   */
  readonly creationPollSchedule?: PollSchedule;
  /**
   * How the tenant's data is seeded.
   * @default TenantSeeding.none()
   */
  readonly seeding?: TenantSeeding;
  /**
   * The IAM role created in each new account for the management account.
   * @default - Organizations' default, OrganizationAccountAccessRole
   */
  readonly accessRoleName?: string;
  /**
   * Let IAM users of the new account see billing.
   * @default - Organizations' default (allowed)
   */
  readonly iamUserAccessToBilling?: boolean;
  /**
   * A `*` wildcard pattern tenant ids must match (for example `tenant-*`).
   * @default - any non-empty string not starting with '#'
   */
  readonly tenantIdPattern?: string;
  /**
   * Hold one of a limited number of creation slots while the account is being created (bulk onboarding).
   * @default - no slots: Organizations' own limit (5 in progress) applies, with retries on contention
   */
  readonly creationSlots?: CreationSlots;
}

/**
 * The account vending workflow as a fragment, for users who want it inside a state machine of their own.
 * Put `inputValidation` first (see `InputValidationStep`) and run `failureHandler` after a failed execution
 * (see `ExecutionStatusHandler` from @statecraft/process-orchestration); `AccountFactory` does exactly that.
 */
export class AccountVendingFragment extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The checks on the execution input (run before this fragment, before any side effect). */
  public readonly inputValidation: InputValidation;
  /**
   * The failure bookkeeping: registry FAILED with the error, and the failure event. A handler for an
   * `ExecutionStatusHandler` on the state machine that runs this fragment (it reads `$.execution` and `$.failure`).
   */
  public readonly failureHandler: sfn.IChainable;
  /** The creation poll schedule in use. */
  public readonly creationPollSchedule: PollSchedule;
  /** The bus the lifecycle events go to. */
  public readonly eventBus: events.IEventBus;

  constructor(scope: Construct, id: string, props: AccountVendingFragmentProps) {
    super(scope, id);
    this.eventBus = props.eventBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default');
    this.creationPollSchedule = props.creationPollSchedule ?? props.creationSlots?.pollSchedule ?? PollSchedule.geometricCheckTimes();
    const eventSource = props.eventSource ?? DEFAULT_EVENT_SOURCE;
    const ctx: StepContext = {
      scope: this,
      table: props.registry.table,
      eventBus: this.eventBus,
      eventSource,
    };

    this.inputValidation = InputValidation.of([
      InputField.string('tenantId', { required: true, pattern: props.tenantIdPattern }),
      InputField.string('accountName', { required: true }),
      InputField.string('email', { required: true, pattern: '*@*.*' }),
      InputField.string('organizationalUnitId', { required: true, pattern: 'ou-*-*' }),
    ]);

    const finish = finishVendingSteps(ctx, props.seeding ?? TenantSeeding.none());
    const baseline = deployBaselineStep(ctx, {
      stackSets: (props.baselineStackSets ?? []).map((set) => set.bind(this)),
      defaultRegions: props.baselineRegions ?? [Stack.of(this).region],
      operationPreferences: operationPreferencesJson(props.stackSetOperationPreferences),
      pollInterval: props.baselinePollInterval ?? Duration.minutes(1),
      next: finish.baselined,
    });
    const move = moveAccountStep(ctx, { organizationRootId: props.organizationRootId, next: baseline });
    const creation = createAccountStep(ctx, {
      schedule: this.creationPollSchedule,
      organizationRootId: props.organizationRootId,
      accessRoleName: props.accessRoleName,
      iamUserAccessToBilling: props.iamUserAccessToBilling === undefined ? undefined : (props.iamUserAccessToBilling ? 'ALLOW' : 'DENY'),
      onActive: move,
      slots: props.creationSlots,
    });
    const register = registerTenantStep(ctx, {
      createAccount: creation.create,
      resumeWait: creation.resumeWait,
      resumeBaseline: baseline,
      resumeSeeding: finish.seed,
    });

    const limits = inputLimitsStep(this, { tenantIdPattern: props.tenantIdPattern, next: register.start });

    this.failureHandler = vendingFailureHandler(ctx, props.creationSlots);
    this.startState = limits;
    this.endStates = [finish.end, register.existing];
  }
}

function operationPreferencesJson(preferences: StackSetOperationPreferences = {}): { [key: string]: any } {
  return {
    FailureToleranceCount: preferences.failureToleranceCount ?? 0,
    MaxConcurrentCount: preferences.maxConcurrentCount ?? 1,
    RegionConcurrencyType: preferences.regionConcurrency ?? RegionConcurrency.PARALLEL,
    ...(preferences.regionOrder ? { RegionOrder: preferences.regionOrder } : {}),
  };
}

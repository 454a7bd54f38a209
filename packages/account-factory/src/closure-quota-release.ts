import { ValidationErrors } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { AccountFactoryErrors } from './errors';
import { LifecycleEventOptions, LifecycleEventType } from './events';
import { CLOSURE_QUOTA_KEY } from './private/closure-meters';
import { publishEvent } from './private/registry-tasks';
import { releaseSlot } from './private/semaphore';
import { StepContext, jsonata } from './private/step-context';

/** The default rolling window of the account closure quota. */
export const DEFAULT_CLOSURE_QUOTA_WINDOW = Duration.days(30);

/** Props for {@link ClosureQuotaRelease}; its event (a closure that could not be given back) goes to `eventBus`. */
export interface ClosureQuotaReleaseProps extends LifecycleEventOptions {
  /** The registry table that holds the closure quota (`TenantRegistry.table`). */
  readonly table: dynamodb.ITable;
  /**
   * How long a closure counts against the rolling quota: the release waits this long, then gives it back.
   * 1 to 364 days (a Standard execution lasts at most a year).
   * @default Duration.days(30)
   */
  readonly window?: Duration;
}

/**
 * Gives one account closure back to the rolling closure quota once its window has passed: a Wait for the window,
 * then the holder (`$states.input.holder`, the retirement execution's name) is deleted from the quota meter. If
 * that fails, "Account Retirement Failed" is published and the execution fails with
 * `Statecraft.AccountRetirementFailed`: the closure then stays counted (the safe side of the quota) until an
 * operator removes it. Input: `{ holder, tenantId }`.
 */
export class ClosureQuotaRelease extends sfn.StateMachineFragment {
  /** Checks a quota window: 1 to 364 days. */
  public static validateWindow(errors: ValidationErrors, prop: string, window: Duration): void {
    errors.addIf(window.toDays({ integral: false }) < 1 || window.toDays({ integral: false }) > 364, prop,
      `must be 1 to 364 days (a Standard execution lasts at most a year), got ${window.toHumanString()}`);
  }

  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The window a closure counts against the quota. */
  public readonly window: Duration;

  constructor(scope: Construct, id: string, props: ClosureQuotaReleaseProps) {
    super(scope, id);
    this.window = props.window ?? DEFAULT_CLOSURE_QUOTA_WINDOW;
    const errors = new ValidationErrors(this);
    ClosureQuotaRelease.validateWindow(errors, 'window', this.window);
    errors.throwIfAny();

    const ctx: StepContext = {
      scope: this,
      table: props.table,
      eventBus: props.eventBus ?? events.EventBus.fromEventBusName(this, 'DefaultBus', 'default'),
      eventSource: props.eventSource ?? 'statecraft.account-factory',
    };
    const wait = sfn.Wait.jsonata(this, 'Wait Out The Quota Window', { time: sfn.WaitTime.duration(this.window) });
    // The release's output is nothing anyone reads: the DeleteItem result.
    const giveBack = releaseSlot(ctx, 'Give Closure Back To Quota', CLOSURE_QUOTA_KEY, '$states.input.holder', null);
    const failed = sfn.Fail.jsonata(this, 'Quota Release Failed', {
      error: AccountFactoryErrors.ACCOUNT_RETIREMENT_FAILED,
      cause: 'The closure could not be given back to the rolling quota; remove the holder from the #closure-quota item',
    });
    // Caught without an Output, the state's output is the error output (`{ Error, Cause }`).
    const input = (field: string) => jsonata(`$states.context.Execution.Input.${field}`);
    const notify = publishEvent({ ...ctx, tenantId: '$states.context.Execution.Input.tenantId' }, 'Publish Quota Release Failed', LifecycleEventType.RETIREMENT_FAILED, {
      detail: { holder: input('holder'), error: jsonata('$states.input.Error'), cause: jsonata('$states.input.Cause') },
      failure: true,
    });
    notify.addCatch(failed, { errors: [sfn.Errors.ALL] });
    notify.next(failed);
    giveBack.addCatch(notify, { errors: [sfn.Errors.ALL] });
    wait.next(giveBack);
    this.startState = wait;
    this.endStates = [giveBack];
  }
}


import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { RetryPolicy } from './retry-policy';

/** Props for {@link FailureEvent}. */
export interface FailureEventProps {
  /** The event's `source` (for example `statecraft.ml-pipeline`). */
  readonly source: string;
  /** The event's `detail-type` (for example `Statecraft ML Pipeline Failed`). */
  readonly detailType: string;
  /**
   * The event bus.
   * @default - the account's default event bus
   */
  readonly eventBus?: events.IEventBus;
  /**
   * The event's detail: literals, or JSONata expressions (`{% ... %}`) over the state's input and the context, such
   * as {@link FailureEvent.EXECUTION_ARN}, {@link FailureEvent.ERROR} and {@link FailureEvent.CAUSE}.
   * @default FailureEvent.standardDetail() (`{ executionArn, executionName, error, cause }`)
   */
  readonly detail?: { [key: string]: any };
  /**
   * The retries of PutEvents.
   * @default RetryPolicy.transientAwsErrors() (narrowed to EventBridge's errors)
   */
  readonly retry?: RetryPolicy;
  /**
   * The state's name.
   * @default 'Publish Failure Event'
   */
  readonly stateName?: string;
}

/**
 * Publishes a named event about the execution to EventBridge, as one JSONata `PutEvents` task retried with a
 * {@link RetryPolicy}: by default a failure event whose detail comes from the error a {@link FailureHandler} (or a
 * `failureHandler` of a {@link ProcessOrchestrator}) hands over at `failure` (`{ Error, Cause }`). The state passes
 * its input on unchanged, and declares JSONata itself, so it fits JSONata and JSONPath state machines alike.
 *
 * @example
 * new ProcessOrchestrator(this, 'Pipeline', {
 *   processName: 'pipeline',
 *   definition,
 *   failureHandler: new FailureEvent(this, 'Failed', { source: 'my.app', detailType: 'Pipeline Failed' }),
 * });
 */
export class FailureEvent extends sfn.StateMachineFragment {
  /** The execution's ARN. */
  public static readonly EXECUTION_ARN = '{% $states.context.Execution.Id %}';
  /** The execution's name. */
  public static readonly EXECUTION_NAME = '{% $states.context.Execution.Name %}';
  /** The error's name, from the failure handed over at `failure`. */
  public static readonly ERROR = '{% $states.input.failure.Error %}';
  /** The error's cause, from the failure handed over at `failure`. */
  public static readonly CAUSE = '{% $states.input.failure.Cause %}';

  /** The default detail: `{ executionArn, executionName, error, cause }`. */
  public static standardDetail(): { [key: string]: string } {
    return {
      executionArn: FailureEvent.EXECUTION_ARN,
      executionName: FailureEvent.EXECUTION_NAME,
      error: FailureEvent.ERROR,
      cause: FailureEvent.CAUSE,
    };
  }

  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];
  /** The PutEvents task. */
  public readonly task: tasks.EventBridgePutEvents;

  constructor(scope: Construct, id: string, props: FailureEventProps) {
    super(scope, id);
    this.task = tasks.EventBridgePutEvents.jsonata(this, props.stateName ?? 'Publish Failure Event', {
      entries: [{
        eventBus: props.eventBus,
        source: props.source,
        detailType: props.detailType,
        detail: sfn.TaskInput.fromObject(props.detail ?? FailureEvent.standardDetail()),
      }],
      // The event is a side effect: the input goes on unchanged.
      outputs: '{% $states.input %}',
    });
    (props.retry ?? RetryPolicy.transientAwsErrors()).applyTo(this.task);
    this.startState = this.task;
    this.endStates = [this.task];
  }
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * Alarm thresholds, as data: each count threshold alarms when the metric's sum over one period reaches it;
 * 0 turns that alarm off.
 */
export interface ProcessAlarmsProps {
  /**
   * Create alarms at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Failed executions per period that raise the alarm (0 = no alarm).
   * @default 1
   */
  readonly executionsFailed?: number;
  /**
   * Timed-out executions per period that raise the alarm (0 = no alarm).
   * @default 1
   */
  readonly executionsTimedOut?: number;
  /**
   * Throttled executions per period that raise the alarm (0 = no alarm).
   * @default 1
   */
  readonly executionsThrottled?: number;
  /**
   * Aborted executions per period that raise the alarm (0 = no alarm).
   * @default 1
   */
  readonly executionsAborted?: number;
  /**
   * The duration percentile watched, for example `p90` or `p99`.
   * @default 'p99'
   */
  readonly durationPercentile?: string;
  /**
   * The duration at which the percentile raises the alarm (Duration.seconds(0) = no alarm).
   * @default - 80% of the orchestrator's timeout
   */
  readonly durationThreshold?: Duration;
  /**
   * The period each alarm evaluates.
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
  /**
   * Send alarm state changes to the orchestrator's notification topic.
   * @default true (when there is a topic)
   */
  readonly notifyTopic?: boolean;
}

/** Props for {@link ProcessAlarms}. */
export interface ProcessAlarmsConstructProps extends ProcessAlarmsProps {
  /** The watched state machine. */
  readonly stateMachine: sfn.StateMachine;
  /** The process name, used in alarm descriptions. */
  readonly processName: string;
  /** The overall execution timeout (the default duration threshold is 80% of it). */
  readonly timeout: Duration;
  /**
   * Where alarm state changes go.
   * @default - nowhere
   */
  readonly topic?: sns.ITopic;
}

/** CloudWatch alarms on a state machine's failed, timed-out, throttled and aborted executions and its duration. */
export class ProcessAlarms extends Construct {
  /** Failed executions, if enabled. */
  public readonly executionsFailed?: cloudwatch.Alarm;
  /** Timed-out executions, if enabled. */
  public readonly executionsTimedOut?: cloudwatch.Alarm;
  /** Throttled executions, if enabled. */
  public readonly executionsThrottled?: cloudwatch.Alarm;
  /** Aborted executions, if enabled. */
  public readonly executionsAborted?: cloudwatch.Alarm;
  /** The duration percentile, if enabled. */
  public readonly duration?: cloudwatch.Alarm;
  /** Every alarm created. */
  public readonly all: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ProcessAlarmsConstructProps) {
    super(scope, id);
    const period = props.period ?? Duration.minutes(5);
    const machine = props.stateMachine;
    const countAlarm = (name: string, what: string, threshold: number | undefined, metric: cloudwatch.Metric) => {
      const value = threshold ?? 1;
      if (value <= 0) return undefined;
      return this.track(new cloudwatch.Alarm(this, name, {
        alarmDescription: `${props.processName}: ${value} or more ${what} executions in ${period.toHumanString()}`,
        metric: metric.with({ period, statistic: 'Sum' }),
        threshold: value,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    };
    this.executionsFailed = countAlarm('ExecutionsFailed', 'failed', props.executionsFailed, machine.metricFailed());
    this.executionsTimedOut = countAlarm('ExecutionsTimedOut', 'timed-out', props.executionsTimedOut, machine.metricTimedOut());
    this.executionsThrottled = countAlarm('ExecutionsThrottled', 'throttled', props.executionsThrottled, machine.metricThrottled());
    this.executionsAborted = countAlarm('ExecutionsAborted', 'aborted', props.executionsAborted, machine.metricAborted());

    const percentile = props.durationPercentile ?? 'p99';
    const threshold = props.durationThreshold ?? Duration.millis(Math.floor(props.timeout.toMilliseconds() * 0.8));
    if (threshold.toMilliseconds() > 0) {
      this.duration = this.track(new cloudwatch.Alarm(this, 'Duration', {
        alarmDescription: `${props.processName}: ${percentile} execution time at or above ${threshold.toHumanString()}`,
        metric: machine.metric('ExecutionTime', { period, statistic: percentile }),
        threshold: threshold.toMilliseconds(),
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }));
    }
    if (props.topic && (props.notifyTopic ?? true)) {
      const action = new cloudwatchActions.SnsAction(props.topic);
      this.all.forEach((alarm) => alarm.addAlarmAction(action));
    }
  }

  private track(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    this.all.push(alarm);
    return alarm;
  }
}

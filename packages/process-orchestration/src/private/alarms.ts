import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ProcessAlarms, ProcessAlarmsProps } from '../process-alarms';
import { ValidationErrors } from '../validation-errors';

/** Records every problem with `alarms`. */
export function validateAlarms(errors: ValidationErrors, alarms: ProcessAlarmsProps | undefined, propPrefix: string): void {
  const percentile = alarms?.durationPercentile;
  errors.addIf(percentile !== undefined && !/^p(\d{1,2}(\.\d+)?|100)$/.test(percentile), `${propPrefix}.durationPercentile`,
    `'${percentile}' must be a percentile such as p50, p90, p99 or p99.9`);
  for (const [name, value] of Object.entries({
    executionsFailed: alarms?.executionsFailed,
    executionsTimedOut: alarms?.executionsTimedOut,
    executionsThrottled: alarms?.executionsThrottled,
    executionsAborted: alarms?.executionsAborted,
  })) {
    errors.addIf(value !== undefined && (!Number.isInteger(value) || value < 0), `${propPrefix}.${name}`,
      `${value} must be a whole number, 0 to turn the alarm off`);
  }
}

/** What {@link raiseAlarms} needs. */
export interface RaiseAlarmsOptions {
  readonly processName: string;
  readonly stateMachine: sfn.StateMachine;
  readonly timeout: Duration;
  /** The notification topic, if any. */
  readonly topic?: sns.ITopic;
  /** Whether the topic was created here (CloudWatch may then be allowed to publish to it). */
  readonly topicCreated: boolean;
}

/** The alarms (`Alarms`), unless turned off; they notify the topic, which CloudWatch may then publish to. */
export function raiseAlarms(scope: Construct, alarms: ProcessAlarmsProps | undefined, options: RaiseAlarmsOptions): ProcessAlarms | undefined {
  if (!(alarms?.enabled ?? true)) {
    return undefined;
  }
  const created = new ProcessAlarms(scope, 'Alarms', {
    ...alarms,
    stateMachine: options.stateMachine,
    processName: options.processName,
    timeout: options.timeout,
    topic: options.topic,
  });
  if (options.topic && (alarms?.notifyTopic ?? true) && options.topicCreated) {
    // CloudWatch publishes alarm changes itself; it needs the topic policy and the topic key.
    options.topic.grantPublish(new iam.ServicePrincipal('cloudwatch.amazonaws.com'));
  }
  return created;
}

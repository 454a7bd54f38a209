import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ProcessNotificationsProps } from './failure-notifications';
import { ProcessAlarmsProps } from './process-alarms';

/**
 * The operational props every construct built on {@link ProcessOrchestrator} takes and passes on to each
 * workflow it creates (its orchestrators and execution status handlers) and to the data stores it creates.
 */
export interface ProcessOptions {
  /**
   * A customer-managed KMS key for the construct's data: it encrypts the execution data and the log groups of its
   * state machines (a schedule's starter: its log group), the failure notification topic, and the buckets, tables,
   * queues and function log groups the construct creates. An imported key's policy must already
   * allow CloudWatch Logs, `events.amazonaws.com` and `cloudwatch.amazonaws.com`: CDK cannot add statements to it.
   * @default - AWS-owned or AWS-managed encryption, and a rotating key is created for the topic
   */
  readonly encryptionKey?: kms.IKey;
  /**
   * Notifications of the construct's executions that end FAILED, TIMED_OUT or ABORTED (to an SNS topic and/or an
   * event bus).
   * @default - an encrypted SNS topic receives FAILED, TIMED_OUT and ABORTED events
   */
  readonly notifications?: ProcessNotificationsProps;
  /**
   * Alarm thresholds of the construct's state machines (failed, timed-out, throttled and aborted executions, and a
   * duration percentile).
   * @default - every alarm on, count thresholds 1, duration p99 at 80% of the timeout unless the construct says otherwise
   */
  readonly alarms?: ProcessAlarmsProps;
  /**
   * How long the log groups of the construct's state machines (a schedule's starter included) and functions keep
   * their logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the resources the construct creates that hold data when they leave the stack: log groups, a
   * created topic key, buckets, tables, and the dead-letter queues of schedules and execution status handlers.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/** An execution status reported by Step Functions' "Execution Status Change" events. */
export enum ExecutionStatus {
  /** The execution failed. */
  FAILED = 'FAILED',
  /** The execution exceeded its overall timeout. */
  TIMED_OUT = 'TIMED_OUT',
  /** Someone stopped the execution. */
  ABORTED = 'ABORTED',
  /** The execution succeeded. */
  SUCCEEDED = 'SUCCEEDED',
}

/** Where failure notifications go. */
export interface ProcessNotificationsProps {
  /**
   * Send notifications at all.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * An existing topic to publish to instead of creating one. If it is encrypted with a customer-managed
   * key, that key must allow `events.amazonaws.com` to use it.
   * @default - a topic is created, encrypted with the orchestrator's key
   */
  readonly existingTopic?: sns.ITopic;
  /**
   * Create a topic when no `existingTopic` is given.
   * @default true
   */
  readonly createTopic?: boolean;
  /**
   * An EventBridge bus that also receives the events (for example a central operations bus).
   * @default - none
   */
  readonly eventBus?: events.IEventBus;
  /**
   * The statuses that notify.
   * @default [FAILED, TIMED_OUT, ABORTED]
   */
  readonly statuses?: ExecutionStatus[];
}

/** Props for {@link FailureNotifications}. */
export interface FailureNotificationsProps extends ProcessNotificationsProps {
  /** The state machine whose executions are watched. */
  readonly stateMachine: sfn.IStateMachine;
  /** The key that encrypts a created topic (EventBridge cannot publish to a topic under the AWS-managed SNS key). */
  readonly topicKey: kms.IKey;
}

/**
 * An EventBridge rule on the state machine's "Step Functions Execution Status Change" events, targeting an
 * SNS topic (created, encrypted and TLS-only, or an existing one) and/or an event bus.
 */
export class FailureNotifications extends Construct {
  /** The rule. */
  public readonly rule: events.Rule;
  /** The topic notifications are published to, if any. */
  public readonly topic?: sns.ITopic;

  constructor(scope: Construct, id: string, props: FailureNotificationsProps) {
    super(scope, id);
    const statuses = props.statuses ?? [ExecutionStatus.FAILED, ExecutionStatus.TIMED_OUT, ExecutionStatus.ABORTED];
    this.rule = new events.Rule(this, 'Rule', {
      description: `Execution status changes (${statuses.join(', ')}) of ${props.stateMachine.node.path}`,
      eventPattern: {
        source: ['aws.states'],
        detailType: ['Step Functions Execution Status Change'],
        detail: { status: statuses, stateMachineArn: [props.stateMachine.stateMachineArn] },
      },
    });
    if (props.existingTopic) {
      this.topic = props.existingTopic;
    } else if (props.createTopic ?? true) {
      this.topic = new sns.Topic(this, 'Topic', { masterKey: props.topicKey, enforceSSL: true });
    }
    if (this.topic) {
      // grantPublish to events.amazonaws.com also grants it the topic key (kms:Decrypt, kms:GenerateDataKey*).
      this.rule.addTarget(new targets.SnsTopic(this.topic));
    }
    if (props.eventBus) {
      this.rule.addTarget(new targets.EventBus(props.eventBus));
    }
  }
}

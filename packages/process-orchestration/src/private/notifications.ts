import { RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { FailureNotifications, ProcessNotificationsProps } from '../failure-notifications';
import { ValidationErrors } from '../validation-errors';

/** Records every problem with `notifications`. */
export function validateNotifications(errors: ValidationErrors, notifications: ProcessNotificationsProps | undefined, propPrefix: string): void {
  errors.addIf(notifications?.existingTopic !== undefined && notifications.createTopic === true, `${propPrefix}.createTopic`,
    'cannot be true together with existingTopic');
}

/** What {@link notifyFailures} needs. */
export interface NotifyFailuresOptions {
  readonly processName: string;
  readonly stateMachine: sfn.IStateMachine;
  readonly encryptionKey?: kms.IKey;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * Failure notifications (`Notifications`), unless turned off; with a created topic and no customer-managed key, a
 * rotating key for the topic (`TopicKey`).
 */
export function notifyFailures(scope: Construct, notifications: ProcessNotificationsProps, options: NotifyFailuresOptions) {
  if (!(notifications.enabled ?? true)) {
    return {};
  }
  const needsTopicKey = !options.encryptionKey && !notifications.existingTopic && (notifications.createTopic ?? true);
  const topicKey = needsTopicKey
    ? new kms.Key(scope, 'TopicKey', {
      description: `Encrypts the failure notifications of ${options.processName}`,
      enableKeyRotation: true,
      removalPolicy: options.removalPolicy,
    })
    : undefined;
  const failureNotifications = new FailureNotifications(scope, 'Notifications', {
    ...notifications,
    stateMachine: options.stateMachine,
    topicKey: options.encryptionKey ?? topicKey!,
  });
  return { topicKey, topic: failureNotifications.topic, rule: failureNotifications.rule };
}

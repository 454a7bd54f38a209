import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { ProcessVersioningProps, RolloutType } from '../process-versioning';
import { ValidationErrors } from '../validation-errors';

/** Records every problem with `versioning` (CreateStateMachineAlias: percentage 0-100 exclusive, interval 1-2100 minutes). */
export function validateVersioning(errors: ValidationErrors, versioning: ProcessVersioningProps | undefined, propPrefix: string): void {
  if (versioning?.percentage !== undefined) {
    errors.addIf(versioning.percentage <= 0 || versioning.percentage >= 100, `${propPrefix}.percentage`,
      `${versioning.percentage} must be between 0 and 100 (exclusive)`);
  }
  if (versioning?.interval !== undefined) {
    const minutes = versioning.interval.toSeconds() / 60;
    errors.addIf(!Number.isInteger(minutes) || minutes < 1 || minutes > 2100, `${propPrefix}.interval`,
      `${versioning.interval.toHumanString()} must be whole minutes from 1 to 2100`);
  }
  errors.addIf(versioning?.aliasName !== undefined && !/^[A-Za-z0-9_-]{1,80}$/.test(versioning.aliasName), `${propPrefix}.aliasName`,
    `'${versioning?.aliasName}' must be 1-80 letters, digits, '-' or '_'`);
}

/**
 * Publishes a version of `stateMachine` on every deploy (`Version`) and points an alias at it (`Alias`), rolled out
 * as `versioning` says and rolled back on `alarms`.
 */
export function publishVersion(
  scope: Construct, stateMachine: sfn.StateMachine, versioning: ProcessVersioningProps, alarms: cloudwatch.IAlarm[] | undefined,
) {
  const version = new sfn.CfnStateMachineVersion(scope, 'Version', {
    stateMachineArn: stateMachine.stateMachineArn,
    // A new revision id on every definition change publishes a new version.
    stateMachineRevisionId: stateMachine.stateMachineRevisionId,
    description: versioning.description,
  });
  // Keep old versions: an alias may still route to them during a rollout.
  version.applyRemovalPolicy(RemovalPolicy.RETAIN);
  const rollout = versioning.rollout ?? RolloutType.ALL_AT_ONCE;
  const gradual = rollout !== RolloutType.ALL_AT_ONCE;
  const alias = new sfn.CfnStateMachineAlias(scope, 'Alias', {
    name: versioning.aliasName ?? 'live',
    deploymentPreference: {
      stateMachineVersionArn: version.attrArn,
      type: rollout,
      percentage: gradual ? versioning.percentage ?? 10 : undefined,
      interval: gradual ? (versioning.interval ?? Duration.minutes(5)).toMinutes() : undefined,
      alarms: (versioning.rollbackOnAlarms ?? true) && alarms ? alarms.map((alarm) => alarm.alarmName) : undefined,
    },
  });
  return { version, alias };
}

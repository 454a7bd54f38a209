import { Duration } from 'aws-cdk-lib';

/** How an alias moves to a new version. */
export enum RolloutType {
  /** Route all executions to the new version at once. */
  ALL_AT_ONCE = 'ALL_AT_ONCE',
  /** Route `percentage` of executions to the new version, then all after `interval`. */
  CANARY = 'CANARY',
  /** Add `percentage` of executions to the new version every `interval`. */
  LINEAR = 'LINEAR',
}

/** Publishing a version on every deploy, with an alias for gradual rollout. */
export interface ProcessVersioningProps {
  /**
   * The alias's name; start executions through the alias ARN to follow rollouts.
   * @default 'live'
   */
  readonly aliasName?: string;
  /**
   * A description of the published version.
   * @default - none
   */
  readonly description?: string;
  /**
   * How the alias moves to a new version.
   * @default RolloutType.ALL_AT_ONCE
   */
  readonly rollout?: RolloutType;
  /**
   * The share of executions moved per step (CANARY, LINEAR), between 0 and 100.
   * @default 10
   */
  readonly percentage?: number;
  /**
   * Time between rollout steps (CANARY, LINEAR), whole minutes from 1 to 2,100.
   * @default Duration.minutes(5)
   */
  readonly interval?: Duration;
  /**
   * Roll back when any of the orchestrator's alarms goes off during a rollout.
   * @default true
   */
  readonly rollbackOnAlarms?: boolean;
}

import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** How a blue/green endpoint update shifts traffic to the new fleet. */
export class TrafficRouting {
  /** All traffic at once, after the new fleet is up. */
  public static allAtOnce(waitInterval?: Duration): TrafficRouting {
    return new TrafficRouting('ALL_AT_ONCE', waitInterval ?? Duration.minutes(5));
  }

  /**
   * A canary: `percent` of the capacity first, the rest after `waitInterval` if no alarm fired.
   * @param percent the canary's share of capacity, 1 to 99
   * @param waitInterval the time the canary is watched. @default Duration.minutes(5)
   */
  public static canary(percent: number, waitInterval?: Duration): TrafficRouting {
    return new TrafficRouting('CANARY', waitInterval ?? Duration.minutes(5), percent);
  }

  /**
   * Linear steps of `percent` of the capacity, each watched for `waitInterval`.
   * @param percent each step's share of capacity, 1 to 99
   * @param waitInterval the time each step is watched. @default Duration.minutes(5)
   */
  public static linear(percent: number, waitInterval?: Duration): TrafficRouting {
    return new TrafficRouting('LINEAR', waitInterval ?? Duration.minutes(5), percent);
  }

  private constructor(
    /** The SageMaker routing type. */
    public readonly type: string,
    /** How long each step is watched. */
    public readonly waitInterval: Duration,
    /** The share of capacity per step, for CANARY and LINEAR. */
    public readonly percent?: number,
  ) {}

  /** @internal */
  public _render(): { [key: string]: any } {
    const stepSize = this.percent === undefined ? {} : { [this.type === 'CANARY' ? 'CanarySize' : 'LinearStepSize']: { Type: 'CAPACITY_PERCENT', Value: this.percent } };
    return { Type: this.type, WaitIntervalInSeconds: this.waitInterval.toSeconds(), ...stepSize };
  }
}

/** A blue/green endpoint update that CloudWatch alarms roll back. */
export interface BlueGreenDeployment {
  /**
   * How traffic moves to the new fleet.
   * @default TrafficRouting.allAtOnce()
   */
  readonly trafficRouting?: TrafficRouting;

  /**
   * Alarms watched while traffic shifts; any of them in ALARM rolls the endpoint back to its previous configuration
   * (the stage then fails with `Statecraft.EndpointDeploymentRolledBack`). At least one, at most 10.
   */
  readonly rollbackAlarms: cloudwatch.IAlarm[];

  /**
   * How long the old fleet is kept after the shift, for a fast manual rollback.
   * @default Duration.minutes(5)
   */
  readonly terminationWait?: Duration;
}

import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { stageWorkPath } from './state-paths';

/** How a stage polls a long-running resource: exponential backoff with a cap, and a deadline. */
export interface PollSchedule {
  readonly firstWait: Duration;
  readonly maxWait: Duration;
  readonly deadline: Duration;
}

/**
 * Polling state kept at `$.work.<stage>.poll`: the next wait and the time waited so far. Step Functions has no date
 * arithmetic in JSONPath, so the deadline is checked against the sum of the waits (`States.MathAdd`).
 */
export class PollLoop {
  /** The Wait state every poll starts with. */
  public readonly wait: sfn.Wait;
  /** Doubles the wait (capped) and adds the last wait to the time waited, then loops to `wait`. */
  public readonly backOff: sfn.Pass;
  private readonly pollPath: string;

  constructor(scope: Construct, stageName: string, private readonly schedule: PollSchedule) {
    this.pollPath = stageWorkPath(stageName, 'poll');
    this.wait = new sfn.Wait(scope, `${stageName}: Wait`, {
      time: sfn.WaitTime.secondsPath(`${this.pollPath}.waitSeconds`),
    });
    const waitSeconds = `${this.pollPath}.waitSeconds`;
    const waitedSeconds = `${this.pollPath}.waitedSeconds`;
    this.backOff = new sfn.Pass(scope, `${stageName}: Back Off`, {
      parameters: {
        waitSeconds: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt(waitSeconds), sfn.JsonPath.numberAt(waitSeconds)),
        waitedSeconds: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt(waitedSeconds), sfn.JsonPath.numberAt(waitSeconds)),
      },
      resultPath: this.pollPath,
    });
    const capWait = new sfn.Pass(scope, `${stageName}: Cap Wait`, {
      parameters: {
        waitSeconds: schedule.maxWait.toSeconds(),
        waitedSeconds: sfn.JsonPath.numberAt(waitedSeconds),
      },
      resultPath: this.pollPath,
    });
    this.backOff.next(new sfn.Choice(scope, `${stageName}: Wait Too Long?`)
      .when(sfn.Condition.numberGreaterThan(waitSeconds, schedule.maxWait.toSeconds()), capWait.next(this.wait))
      .otherwise(this.wait));
  }

  /** The initial polling state, for a Pass or a ResultSelector: `{ waitSeconds, waitedSeconds: 0 }`. */
  public get initialState(): { [key: string]: number } {
    return { waitSeconds: this.schedule.firstWait.toSeconds(), waitedSeconds: 0 };
  }

  /** JSONPath of the polling state. */
  public get path(): string {
    return this.pollPath;
  }

  /** True once the time waited reaches the deadline. */
  public deadlinePassed(): sfn.Condition {
    return sfn.Condition.numberGreaterThanEquals(`${this.pollPath}.waitedSeconds`, this.schedule.deadline.toSeconds());
  }
}

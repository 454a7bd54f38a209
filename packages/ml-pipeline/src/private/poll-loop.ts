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
 * Polling state kept at `$.work.<stage>.poll`: the next wait and the time waited including it. Step Functions has no
 * date arithmetic in JSONPath, so the deadline is checked against the sum of the waits (`States.MathAdd`); the calls
 * themselves (an HTTP Task is capped at 60 seconds) are not counted, so the real runtime can exceed it by them.
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
    const doubled = sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt(waitSeconds), sfn.JsonPath.numberAt(waitSeconds));
    // waitedSeconds counts the wait about to start, so the deadline check after it sees the true time waited.
    this.backOff = new sfn.Pass(scope, `${stageName}: Back Off`, {
      parameters: {
        waitSeconds: doubled,
        // An intrinsic (a string token) may be an argument of another; the typings only say number.
        waitedSeconds: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt(waitedSeconds), doubled as unknown as number),
        waitedBefore: sfn.JsonPath.numberAt(waitedSeconds),
      },
      resultPath: this.pollPath,
    });
    const capWait = new sfn.Pass(scope, `${stageName}: Cap Wait`, {
      parameters: {
        waitSeconds: schedule.maxWait.toSeconds(),
        waitedSeconds: sfn.JsonPath.mathAdd(sfn.JsonPath.numberAt(`${this.pollPath}.waitedBefore`), schedule.maxWait.toSeconds()),
      },
      resultPath: this.pollPath,
    });
    this.backOff.next(new sfn.Choice(scope, `${stageName}: Wait Too Long?`)
      .when(sfn.Condition.numberGreaterThan(waitSeconds, schedule.maxWait.toSeconds()), capWait.next(this.wait))
      .otherwise(this.wait));
  }

  /** The initial polling state, for a Pass or a ResultSelector: the first wait, counted as waited. */
  public get initialState(): { [key: string]: number } {
    const first = this.schedule.firstWait.toSeconds();
    return { waitSeconds: first, waitedSeconds: first };
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

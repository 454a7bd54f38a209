import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { jsonata } from './jsonata';
import { workVariable } from './pipeline-variables';

/** How a stage polls a long-running resource: exponential backoff with a cap, and a deadline. */
export interface PollSchedule {
  readonly firstWait: Duration;
  readonly maxWait: Duration;
  readonly deadline: Duration;
}

/**
 * Polling state in the variable `poll<Stage>`: the next wait and the time waited including it. The deadline is checked
 * against the sum of the waits; the calls themselves (an HTTP Task is capped at 60 seconds) are not counted, so the
 * real runtime can exceed it by them.
 */
export class PollLoop {
  /** The Wait state every poll starts with. */
  public readonly wait: sfn.Wait;
  /** Doubles the wait (capped) and adds it to the time waited, then loops to `wait`. */
  public readonly backOff: sfn.Pass;
  private readonly variable: string;

  constructor(scope: Construct, stageName: string, private readonly schedule: PollSchedule) {
    this.variable = workVariable('poll', stageName);
    const poll = `$${this.variable}`;
    this.wait = sfn.Wait.jsonata(scope, `${stageName}: Wait`, { time: sfn.WaitTime.seconds(jsonata(`${poll}.waitSeconds`)) });
    // waitedSeconds counts the wait about to start, so the deadline check after it sees the true time waited.
    this.backOff = sfn.Pass.jsonata(scope, `${stageName}: Back Off`, {
      assign: {
        [this.variable]: jsonata(`($next := $min([${poll}.waitSeconds * 2, ${schedule.maxWait.toSeconds()}]); `
          + `{ 'waitSeconds': $next, 'waitedSeconds': ${poll}.waitedSeconds + $next })`),
      },
    });
    this.backOff.next(this.wait);
  }

  /** The variable assignment that starts polling: the first wait, counted as waited. */
  public get initialAssign(): { [variable: string]: { [key: string]: number } } {
    const first = this.schedule.firstWait.toSeconds();
    return { [this.variable]: { waitSeconds: first, waitedSeconds: first } };
  }

  /** True once the time waited reaches the deadline. */
  public deadlinePassed(): sfn.Condition {
    return sfn.Condition.jsonata(jsonata(`$${this.variable}.waitedSeconds >= ${this.schedule.deadline.toSeconds()}`));
  }
}

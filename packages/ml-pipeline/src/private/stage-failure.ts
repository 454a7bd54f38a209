import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { stageWorkPath } from './state-paths';

/**
 * Ends a stage with a named error whose cause is built at run time: a Pass that formats the cause, then a Fail that
 * reads it. Two states because a Fail state's CausePath is more portable as a plain path than as an intrinsic.
 */
export function failWithCause(
  scope: Construct,
  stageName: string,
  id: string,
  error: string,
  causeFormat: string,
  ...causeArgs: string[]
): sfn.Pass {
  const describe = new sfn.Pass(scope, `${stageName}: Describe ${id}`, {
    parameters: { cause: sfn.JsonPath.format(causeFormat, ...causeArgs) },
    resultPath: stageWorkPath(stageName, 'failure'),
  });
  describe.next(new sfn.Fail(scope, `${stageName}: ${id}`, {
    error,
    causePath: stageWorkPath(stageName, 'failure.cause'),
  }));
  return describe;
}

/**
 * The shared failure exit of a stage for errors that are not retried: it re-raises the original error with the
 * stage's name in front of its cause. ProcessOrchestrator then ends the execution with `Statecraft.ProcessFailed`,
 * the original error and this cause in its cause, after the failure handler ran.
 */
export class StageFailure {
  public readonly entry: sfn.Pass;
  private readonly errorPath: string;

  constructor(scope: Construct, private readonly stageName: string) {
    this.errorPath = stageWorkPath(stageName, 'error');
    this.entry = new sfn.Pass(scope, `${stageName}: Describe Stage Failure`, {
      parameters: {
        error: sfn.JsonPath.stringAt(`${this.errorPath}.Error`),
        cause: sfn.JsonPath.format(`Stage ${stageName}: {}`, sfn.JsonPath.stringAt(`${this.errorPath}.Cause`)),
      },
      resultPath: stageWorkPath(stageName, 'failure'),
    });
    this.entry.next(new sfn.Fail(scope, `${stageName}: Stage Failed`, {
      errorPath: stageWorkPath(stageName, 'failure.error'),
      causePath: stageWorkPath(stageName, 'failure.cause'),
    }));
  }

  /** Sends every error of `state` that its retriers did not absorb to the stage's failure exit. */
  public catchAll(state: sfn.TaskStateBase | sfn.Parallel | sfn.Map | sfn.CustomState): void {
    state.addCatch(this.entry, { errors: [sfn.Errors.ALL], resultPath: this.errorPath });
  }

  /** The JSONPath where a caught error (`{ Error, Cause }`) of this stage is kept. */
  public get caughtErrorPath(): string {
    return this.errorPath;
  }

  public get name(): string {
    return this.stageName;
  }
}

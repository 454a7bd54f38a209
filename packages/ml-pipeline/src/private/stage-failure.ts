import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { jsonata } from './jsonata';
import { workVariable } from './pipeline-variables';

/** Ends a stage with a named error whose cause is a JSONata expression evaluated when the state is entered. */
export function failWithCause(scope: Construct, stageName: string, id: string, error: string, causeExpression: string): sfn.Fail {
  return sfn.Fail.jsonata(scope, `${stageName}: ${id}`, { error, cause: jsonata(causeExpression) });
}

/**
 * The shared failure exit of a stage for errors that are not retried: it re-raises the original error with the
 * stage's name in front of its cause. ProcessOrchestrator then ends the execution with `Statecraft.ProcessFailed`,
 * the original error and this cause in its cause, after the failure handler ran.
 */
export class StageFailure {
  public readonly entry: sfn.Fail;
  /** The variable a caught error (`{ Error, Cause }`) of this stage is kept in. */
  public readonly errorVariable: string;

  constructor(scope: Construct, public readonly name: string) {
    this.errorVariable = workVariable('error', name);
    this.entry = sfn.Fail.jsonata(scope, `${name}: Stage Failed`, {
      error: jsonata(`$${this.errorVariable}.Error`),
      cause: jsonata(`'Stage ${name}: ' & $${this.errorVariable}.Cause`),
    });
  }

  /** Sends every error of `state` that its retriers did not absorb to the stage's failure exit. */
  public catchAll(state: sfn.TaskStateBase | sfn.Parallel | sfn.Map | sfn.CustomState): void {
    state.addCatch(this.entry, { errors: [sfn.Errors.ALL], assign: this.catchAssign });
  }

  /** The Catch assignment that keeps the caught error for the failure exit. */
  public get catchAssign(): { [variable: string]: string } {
    return { [this.errorVariable]: jsonata('$states.errorOutput') };
  }
}

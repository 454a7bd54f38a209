import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { PipelineStage, StageContext, StageStates } from '../pipeline-stage';
import { THROTTLING_ERRORS } from '../private/retry';
import { StageFailure } from '../private/stage-failure';
import { validateStageName } from '../private/stage-name';
import { stageFieldPath, stageOutputPath } from '../private/state-paths';

/**
 * A stage of your own: any chainable (a task, a chain, a fragment), or a Lambda function.
 *
 * A chainable receives the whole pipeline state (`{ params, run, stages }`) and its last state's output becomes
 * `$.stages.<stageName>.output`. A Lambda function receives the same state as its event and its return value becomes
 * `$.stages.<stageName>.output`. Errors are not retried except Lambda throttling; any error fails the stage with
 * `Statecraft.ProcessFailed` (the stage name in its cause).
 */
export class CustomStage extends PipelineStage {
  /** A stage that runs `chainable` (its states must not end the execution). */
  public static fromChainable(stageName: string, chainable: sfn.IChainable): CustomStage {
    return new CustomStage(stageName, (scope) => {
      const branch = new sfn.Parallel(scope, `${stageName}: Run`, {
        resultSelector: { output: sfn.JsonPath.objectAt('$[0]') },
        resultPath: stageOutputPath(stageName),
      });
      branch.branch(chainable);
      return branch;
    });
  }

  /** A stage that invokes `fn` synchronously with the pipeline state as its event. */
  public static fromLambdaFunction(stageName: string, fn: lambda.IFunction): CustomStage {
    return new CustomStage(stageName, (scope) => {
      const invoke = new tasks.LambdaInvoke(scope, `${stageName}: Invoke`, {
        lambdaFunction: fn,
        retryOnServiceExceptions: false,
        resultSelector: { output: sfn.JsonPath.objectAt('$.Payload') },
        resultPath: stageOutputPath(stageName),
      });
      invoke.addRetry({ errors: [...THROTTLING_ERRORS, 'Lambda.TooManyRequestsException'], maxAttempts: 6, backoffRate: 2, jitterStrategy: sfn.JitterType.FULL });
      return invoke;
    });
  }

  private constructor(stageName: string, private readonly build: (scope: Construct) => sfn.Parallel | tasks.LambdaInvoke) {
    super(stageName);
  }

  /** The stage's output (a JSONPath reference to `$.stages.<stageName>.output`). */
  public get output(): string {
    return sfn.JsonPath.stringAt(stageFieldPath(this.stageName, 'output'));
  }

  public validate(): string[] {
    return validateStageName(this.stageName);
  }

  /** @internal */
  public _compile(scope: Construct, _context: StageContext): StageStates {
    const state = this.build(scope);
    new StageFailure(scope, this.stageName).catchAll(state);
    return { start: state, end: state };
  }
}

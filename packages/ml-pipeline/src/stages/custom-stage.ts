import { ValidationErrors } from '@statecraft/process-orchestration';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { PipelineStage, StageContext, StageStates } from '../pipeline-stage';
import { jsonata } from '../private/jsonata';
import { PARAMS_VARIABLE, RUN_VARIABLE, stageField, stageVariable } from '../private/pipeline-variables';
import { LAMBDA_CALLS } from '../private/retry-policies';
import { StageFailure } from '../private/stage-failure';
import { validateStageName } from '../private/stage-name';

/**
 * A stage of your own: any chainable (a task, a chain, a fragment), or a Lambda function.
 *
 * A chainable receives the pipeline state (`{ params, run, stages }`, `stages` holding the outputs of the stages
 * before it) and its last state's output becomes `$stage<stageName>.output`. A Lambda function receives the same
 * state as its event and its return value becomes `$stage<stageName>.output`. Errors are not retried except Lambda
 * throttling; any error fails the stage with `Statecraft.ProcessFailed` (the stage name in its cause).
 */
export class CustomStage extends PipelineStage {
  /** A stage that runs `chainable` (its states must not end the execution). */
  public static fromChainable(stageName: string, chainable: sfn.IChainable): CustomStage {
    return new CustomStage(stageName, (scope, pipelineState) => {
      const branch = sfn.Parallel.jsonata(scope, `${stageName}: Run`, {
        arguments: pipelineState,
        assign: { [stageVariable(stageName)]: { output: jsonata('$states.result[0]') } },
      });
      branch.branch(chainable);
      return branch;
    });
  }

  /** A stage that invokes `fn` synchronously with the pipeline state as its event. */
  public static fromLambdaFunction(stageName: string, fn: lambda.IFunction): CustomStage {
    return new CustomStage(stageName, (scope, pipelineState) => {
      const invoke = tasks.LambdaInvoke.jsonata(scope, `${stageName}: Invoke`, {
        lambdaFunction: fn,
        retryOnServiceExceptions: false,
        payload: sfn.TaskInput.fromObject(pipelineState),
        assign: { [stageVariable(stageName)]: { output: jsonata('$states.result.Payload') } },
      });
      LAMBDA_CALLS.applyTo(invoke);
      return invoke;
    });
  }

  private constructor(
    stageName: string,
    private readonly build: (scope: Construct, pipelineState: { [key: string]: any }) => sfn.Parallel | tasks.LambdaInvoke,
  ) {
    super(stageName);
  }

  /** The stage's output (`{% $stage<stageName>.output %}`). */
  public get output(): string {
    return jsonata(stageField(this.stageName, 'output'));
  }

  public validate(errors: ValidationErrors, propPrefix: string): void {
    validateStageName(errors, propPrefix, this.stageName);
  }

  /** @internal */
  public _compile(scope: Construct, context: StageContext): StageStates {
    const earlier = context.earlierStages ?? [];
    const pipelineState = {
      params: jsonata(`$${PARAMS_VARIABLE}`),
      run: jsonata(`$${RUN_VARIABLE}`),
      stages: jsonata(earlier.length === 0 ? '{}' : `{ ${earlier.map((s) => `'${s}': $${stageVariable(s)}`).join(', ')} }`),
    };
    const state = this.build(scope, pipelineState);
    new StageFailure(scope, this.stageName).catchAll(state);
    return { start: state, end: state };
  }
}

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { StatecraftErrors } from './statecraft-errors';

/** Props for {@link FailureHandler}. */
export interface FailureHandlerProps {
  /** The workflow body whose failures are handled. */
  readonly body: sfn.IChainable;
  /**
   * What to do on any failure of the body (update a registry, notify, clean up). It receives the body's
   * input with the error at `$.failure` (`{ Error, Cause }`); its output is discarded.
   */
  readonly handler: sfn.IChainable;
  /**
   * The error that failures other than `Statecraft.*` errors are re-raised as (with the original error and
   * cause, as JSON, in the cause), so every error the workflow ends with is a documented Statecraft error.
   * @default StatecraftErrors.PROCESS_FAILED
   */
  readonly otherErrorsAs?: string;
  /**
   * Name of the Parallel state that runs the body.
   * @default 'Run Process'
   */
  readonly bodyStateName?: string;
}

/**
 * Runs a body, and on any failure runs a handler and then re-raises the original error and cause.
 *
 * The body runs as the only branch of a Parallel state whose Catch (`States.ALL`, ResultPath `$.failure`)
 * runs the handler inside a second Parallel (so the handler's output cannot clobber `$.failure`), then a
 * Fail state re-raises a `Statecraft.*` error with `ErrorPath`/`CausePath`: a named error such as
 * `Statecraft.SagaFailed` reaches a parent workflow unchanged. Any other error (`States.Timeout`, an AWS
 * error after its retries) ends as `Statecraft.ProcessFailed` with the original error and cause as JSON in
 * the cause. If the handler itself fails, the original error is still raised (the handler's error is kept
 * at `$.failureHandlerError` in the logged state).
 *
 * States: `Run Process`, `Handle Failure`, `Statecraft Error?`, `Re-raise Failure`, `Describe Failure`,
 * `Process Failed`.
 */
export class FailureHandler extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: FailureHandlerProps) {
    super(scope, id);
    const run = new sfn.Parallel(this, props.bodyStateName ?? 'Run Process', {
      // A Parallel outputs one element per branch; unwrap the single branch's output.
      outputPath: '$[0]',
    });
    run.branch(props.body);

    const reraise = new sfn.Fail(this, 'Re-raise Failure', {
      errorPath: '$.failure.Error',
      causePath: '$.failure.Cause',
    });
    const describe = new sfn.Pass(this, 'Describe Failure', {
      parameters: { 'cause.$': 'States.JsonToString($.failure)' },
      resultPath: '$.failureDescription',
    });
    const otherError = new sfn.Fail(this, 'Process Failed', {
      error: props.otherErrorsAs ?? StatecraftErrors.PROCESS_FAILED,
      causePath: '$.failureDescription.cause',
    });
    const statecraftError = new sfn.Choice(this, 'Statecraft Error?')
      .when(sfn.Condition.stringMatches('$.failure.Error', 'Statecraft.*'), reraise)
      .otherwise(describe.next(otherError));
    const handle = new sfn.Parallel(this, 'Handle Failure', { resultPath: sfn.JsonPath.DISCARD });
    handle.branch(props.handler);
    handle.addCatch(statecraftError, { errors: [sfn.Errors.ALL], resultPath: '$.failureHandlerError' });
    handle.next(statecraftError);

    run.addCatch(handle, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    this.startState = run;
    this.endStates = [run];
  }
}

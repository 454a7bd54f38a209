import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

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
 * Fail state re-raises with `ErrorPath`/`CausePath`. A named error such as `Statecraft.InvalidInput`
 * therefore reaches a parent workflow unchanged. If the handler itself fails, the original error is still
 * re-raised (the handler's error is kept at `$.failureHandlerError` in the logged state).
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
    const handle = new sfn.Parallel(this, 'Handle Failure', { resultPath: sfn.JsonPath.DISCARD });
    handle.branch(props.handler);
    handle.addCatch(reraise, { errors: [sfn.Errors.ALL], resultPath: '$.failureHandlerError' });
    handle.next(reraise);

    run.addCatch(handle, { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    this.startState = run;
    this.endStates = [run];
  }
}

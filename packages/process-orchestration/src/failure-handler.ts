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
   * The language of the wrapper's two Parallel states (their Catch puts the error at `failure` either way); the
   * re-raising Fail state is always JSONata. JSONATA fits JSONata and JSONPath state machines alike: the body's and
   * the handler's states take the machine's language unless they declare their own. JSON_PATH fits only a JSONPath
   * machine, where it saves the Parallels' `QueryLanguage` declarations.
   * @default sfn.QueryLanguage.JSONATA
   */
  readonly queryLanguage?: sfn.QueryLanguage;
  /**
   * Name of the Parallel state that runs the body.
   * @default 'Run Process'
   */
  readonly bodyStateName?: string;
}

/**
 * Runs a body, and on any failure runs a handler and then re-raises the original error and cause.
 *
 * The body runs as the only branch of a Parallel state whose Catch (`States.ALL`) puts the error at `failure` in the
 * input and runs the handler inside a second Parallel (so the handler's output cannot clobber `failure`), then one
 * Fail state re-raises: a `Statecraft.*` error (such as `Statecraft.SagaFailed`) unchanged, so it reaches a parent
 * workflow by name; any other error (`States.Timeout`, an AWS error after its retries) as `Statecraft.ProcessFailed`
 * with the original error and cause as JSON in the cause. If the handler itself fails, the original error is still
 * raised (the handler's error is kept at `failureHandlerError` in the logged state).
 *
 * Every state declares JSONata (unless `queryLanguage` is JSON_PATH), so the wrapper fits JSONata and JSONPath state
 * machines; the body and the handler may be written in either language.
 *
 * States: `Run Process`, `Handle Failure`, `Re-raise Failure`.
 */
export class FailureHandler extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: FailureHandlerProps) {
    super(scope, id);
    // A JSONata Parallel may run JSONPath branches: a state without its own QueryLanguage takes the state machine's
    // top-level language, not the enclosing Parallel's (developer guide, "State machine structure").
    const jsonata = (props.queryLanguage ?? sfn.QueryLanguage.JSONATA) === sfn.QueryLanguage.JSONATA;
    const language = jsonata ? sfn.QueryLanguage.JSONATA : undefined;
    const run = new sfn.Parallel(this, props.bodyStateName ?? 'Run Process', jsonata
      // A Parallel outputs one element per branch; unwrap the single branch's output.
      ? { queryLanguage: language, outputs: '{% $states.result[0] %}' }
      : { outputPath: '$[0]' });
    run.branch(props.body);

    // JSONata's Fail computes the error and cause itself: no state only to describe the failure.
    const named = '$contains($states.input.failure.Error, /^Statecraft\\./)';
    const reraise = sfn.Fail.jsonata(this, 'Re-raise Failure', {
      error: `{% ${named} ? $states.input.failure.Error : '${props.otherErrorsAs ?? StatecraftErrors.PROCESS_FAILED}' %}`,
      cause: `{% ${named} ? $states.input.failure.Cause : $string($states.input.failure) %}`,
    });
    const handle = new sfn.Parallel(this, 'Handle Failure', jsonata
      ? { queryLanguage: language, outputs: '{% $states.input %}' }
      : { resultPath: sfn.JsonPath.DISCARD });
    handle.branch(props.handler);
    handle.addCatch(reraise, jsonata
      ? { errors: [sfn.Errors.ALL], outputs: "{% $merge([$states.input, { 'failureHandlerError': $states.errorOutput }]) %}" }
      : { errors: [sfn.Errors.ALL], resultPath: '$.failureHandlerError' });
    handle.next(reraise);

    run.addCatch(handle, jsonata
      ? { errors: [sfn.Errors.ALL], outputs: "{% $merge([$states.input, { 'failure': $states.errorOutput }]) %}" }
      : { errors: [sfn.Errors.ALL], resultPath: '$.failure' });
    this.startState = run;
    this.endStates = [run];
  }
}

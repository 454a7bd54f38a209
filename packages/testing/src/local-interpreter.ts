// The shim must be installed before aws-local-stepfunctions is first evaluated; keep this import first.
import './promise-with-resolvers-shim';
import { StateMachine } from 'aws-local-stepfunctions';
// An indefinite JSONPath (filter, wildcard) that matches nothing gives [] as in AWS, instead of failing the state.
import './indefinite-path-results';

export { StateMachine };

// Belt and braces: every Task gets a local handler, but should one ever be missed the interpreter's Lambda client
// gets credentials no account accepts and an endpoint nothing listens on, so no real AWS call can succeed.
export const NO_AWS_CONFIG = {
  region: 'us-east-1',
  credentials: { accessKeys: { accessKeyId: 'STATECRAFT-TESTING-NO-AWS', secretAccessKey: 'statecraft-testing-never-calls-aws' } },
};
process.env.AWS_ENDPOINT_URL_LAMBDA ??= 'http://127.0.0.1:9';

type ErrorClass = new () => Error;
let timeoutErrorClass: Promise<ErrorClass> | undefined;

/**
 * The interpreter's own States.Timeout error class. It is not exported, and `States.TaskFailed` in Retry/Catch must not
 * match a timeout (as in AWS), which the interpreter decides by `instanceof`. So we make it time out once, in 1 ms.
 */
export function statesTimeoutErrorClass(): Promise<ErrorClass> {
  timeoutErrorClass ??= (async () => {
    const probe = new StateMachine(
      { StartAt: 'Probe', States: { Probe: { Type: 'Task', Resource: 'arn:aws:states:::probe', TimeoutSeconds: 0.001, End: true } } } as never,
      { validationOptions: { noValidate: true }, awsConfig: NO_AWS_CONFIG },
    );
    const never = new Promise<never>(() => undefined);
    try {
      await probe.run({}, { overrides: { taskResourceLocalHandlers: { Probe: () => never } } }).result;
    } catch (error) {
      const cause = (error as { cause?: Error }).cause;
      if (cause?.name === 'States.Timeout') {
        return cause.constructor as ErrorClass;
      }
    }
    throw new Error('aws-local-stepfunctions did not raise States.Timeout as expected; is it still version 3.0.0?');
  })();
  return timeoutErrorClass;
}

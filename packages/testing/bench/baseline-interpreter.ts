// The benchmark's baseline only: aws-local-stepfunctions 3.0.0 (a dev dependency) needs Promise.withResolvers, which
// Node 20 lacks; this polyfill is installed before the interpreter is loaded. The engine in src/engine needs neither.
const promiseClass = Promise as unknown as { withResolvers?: () => unknown };
promiseClass.withResolvers ??= function withResolvers<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { StateMachine } = require('aws-local-stepfunctions') as typeof import('aws-local-stepfunctions');

import { createRequire } from 'module';

/**
 * Step Functions evaluates paths in InputPath, OutputPath and the `.$` fields of Parameters, ResultSelector and
 * ItemSelector as JsonPath, where an indefinite path (a filter `[?(...)]`, a wildcard `*`, a deep scan `..`, a slice
 * or a union) yields the array of its matches: `$.jar[?(@.a >= 5)] => [{"a": 5}, {"a": 7}]` in the AWS developer
 * guide ("Using JSONPath paths"), so no match is `[]`. aws-local-stepfunctions 3.0.0 evaluates paths with
 * jsonpath-plus (`wrap: false`), which returns `undefined` for no match, and then fails the state as if a definite
 * path were missing. Its calls read `JSONPath` from the jsonpath-plus module each time, so wrapping the export once
 * turns "no match of an indefinite path" into `[]`. Definite paths that select nothing still fail, as in AWS.
 */
const requireFromInterpreter = createRequire(require.resolve('aws-local-stepfunctions'));
const jsonPathPlus = requireFromInterpreter('jsonpath-plus') as { JSONPath: JsonPathFunction & { statecraftIndefiniteAsArray?: true } };

type JsonPathFunction = (options: { path: string; json: unknown; wrap?: boolean }) => unknown;

/** True for a path that can select any number of nodes. Quoted member names are ignored. */
export function isIndefinitePath(path: string): boolean {
  const unquoted = path.replace(/'[^']*'|"[^"]*"/g, "''");
  return /\[\?|\*|\.\.|\[[^\]]*[:,][^\]]*\]/.test(unquoted);
}

if (!jsonPathPlus.JSONPath.statecraftIndefiniteAsArray) {
  const evaluate = jsonPathPlus.JSONPath;
  const wrapped = Object.assign(function indefiniteAsArray(this: unknown, ...args: Parameters<JsonPathFunction>) {
    const result = evaluate.apply(this, args);
    const options = args[0];
    // Only the interpreter's form of call (an options object with wrap: false) is changed.
    if (result === undefined && options?.wrap === false && typeof options.path === 'string' && isIndefinitePath(options.path)) {
      return [];
    }
    return result;
  }, evaluate, { statecraftIndefiniteAsArray: true as const });
  jsonPathPlus.JSONPath = wrapped;
}

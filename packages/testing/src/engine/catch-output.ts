import type { AslCatcher } from '../asl-types';
import { writePath } from './json-path';
import { evaluateJsonataTemplate } from './jsonata-expression';
import { RunScope } from './run-scope';
import { StateHost } from './state-step';
import { evaluateJsonataAssign, evaluatePathAssign } from './variable-assign';

/**
 * The output of a state whose error a Catcher caught, and the variables its Assign sets: JSONPath writes the error output
 * at ResultPath (default `$`), JSONata gives `$states.errorOutput` unless Output says otherwise ("Handling errors in Step
 * Functions workflows", Fallback states).
 */
export async function applyCatcher(
  host: Pick<StateHost, 'jsonataBindings'>, name: string, catcher: AslCatcher, input: unknown, errorOutput: { Error: string; Cause: string }, scope: RunScope,
  context: Record<string, unknown>,
): Promise<unknown> {
  const raw = catcher as AslCatcher & { Assign?: unknown; Output?: unknown };
  if (scope.language === 'JSONata') {
    const bindings = host.jsonataBindings(name, { input, context, errorOutput }, scope.variables);
    const assigned = raw.Assign !== undefined ? await evaluateJsonataAssign(raw.Assign, bindings) : undefined;
    const output = raw.Output !== undefined ? await evaluateJsonataTemplate(raw.Output, 'Output', bindings) : errorOutput;
    if (assigned) {
      Object.assign(scope.variables, assigned);
    }
    return output;
  }
  const assigned = raw.Assign !== undefined
    ? evaluatePathAssign(raw.Assign, { input: errorOutput, context, variables: scope.variables })
    : undefined;
  const resultPath = catcher.ResultPath === undefined ? '$' : catcher.ResultPath;
  const output = resultPath === null ? input : writePath(resultPath, input, errorOutput, name);
  if (assigned) {
    Object.assign(scope.variables, assigned);
  }
  return output;
}

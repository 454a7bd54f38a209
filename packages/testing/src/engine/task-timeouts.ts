import type { AslState } from '../asl-types';
import { bracketNotation } from './io-path';
import { JsonataBindings, evaluateJsonataString, isJsonataExpression } from './jsonata-expression';
import { PathScope, readScopedPath } from './path-scope';
import { StatesError } from './states-error';

/** A Task without TimeoutSeconds may run for the execution's whole life. */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/** TimeoutSeconds or HeartbeatSeconds: a number, its `...Path` (JSONPath) or an expression (JSONata), checked as AWS does. */
export async function taskTimeoutField(
  state: AslState, field: 'TimeoutSeconds' | 'HeartbeatSeconds', pathScope: PathScope | undefined, bindings: JsonataBindings | undefined,
): Promise<number | undefined> {
  const pathField = `${field}Path`;
  let value: unknown = state[field];
  if (typeof value === 'number' && !bindings && state[pathField] === undefined && Number.isInteger(value) && value >= 1) {
    return value;
  }
  if (value === undefined && state[pathField] === undefined) {
    return undefined;
  }
  if (bindings && isJsonataExpression(value)) {
    value = await evaluateJsonataString(value, field, bindings);
  } else if (pathScope && typeof state[pathField] === 'string') {
    value = readScopedPath(state[pathField] as string, pathScope);
    if (value === undefined) {
      throw new StatesError('States.Runtime', `Invalid path '${state[pathField] as string}' : No results for path: ${bracketNotation(state[pathField] as string)}`);
    }
  }
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > DEFAULT_TASK_TIMEOUT_SECONDS) {
    throw new StatesError(bindings ? 'States.QueryEvaluationError' : 'States.Runtime', `The ${field} value of the state must be a positive integer, but was ${JSON.stringify(value)}`);
  }
  return value;
}

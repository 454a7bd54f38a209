import type { AslState } from '../asl-types';
import { bracketNotation } from './io-path';
import { JsonataBindings, evaluateJsonataString, isJsonataExpression } from './jsonata-expression';
import { PathScope, readScopedPath } from './path-scope';
import { StatesError } from './states-error';

/** A Task without TimeoutSeconds may run for the execution's whole life. */
export const DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;

/**
 * TimeoutSeconds or HeartbeatSeconds: a number, its `...Path` (JSONPath) or an expression (JSONata), checked as AWS does.
 * Returns a promise only for an expression (JSONata's evaluation is asynchronous); a Task pays no await otherwise.
 */
export function taskTimeoutField(
  state: AslState, field: 'TimeoutSeconds' | 'HeartbeatSeconds', pathScope: PathScope | undefined, bindings: JsonataBindings | undefined,
): number | undefined | Promise<number | undefined> {
  const pathField = `${field}Path`;
  const value: unknown = state[field];
  if (value === undefined && state[pathField] === undefined) {
    return undefined;
  }
  if (bindings && isJsonataExpression(value)) {
    return evaluateJsonataString(value, field, bindings).then((evaluated) => checkedSeconds(field, evaluated, bindings));
  }
  return checkedSeconds(field, readTimeoutValue(state, field, value, pathScope), bindings);
}

function readTimeoutValue(state: AslState, field: string, fieldValue: unknown, pathScope: PathScope | undefined): unknown {
  const pathField = `${field}Path`;
  let value = fieldValue;
  if (pathScope && typeof state[pathField] === 'string') {
    value = readScopedPath(state[pathField] as string, pathScope);
    if (value === undefined) {
      throw new StatesError('States.Runtime', `Invalid path '${state[pathField] as string}' : No results for path: ${bracketNotation(state[pathField] as string)}`);
    }
  }
  return value;
}

function checkedSeconds(field: string, value: unknown, bindings: JsonataBindings | undefined): number | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > DEFAULT_TASK_TIMEOUT_SECONDS) {
    throw new StatesError(bindings ? 'States.QueryEvaluationError' : 'States.Runtime', `The ${field} value of the state must be a positive integer, but was ${JSON.stringify(value)}`);
  }
  return value;
}

import { evaluateIntrinsic, isIntrinsicFunction } from './intrinsics';
import { PathScope, readScopedPath } from './path-scope';
import { StatesError } from './states-error';

/**
 * A JSONPath payload template (Parameters, ResultSelector, ItemSelector, Arguments of a JSONPath state): a key ending in
 * `.$` takes the value of its path or intrinsic function, and loses the suffix ("Payload templates", developer guide).
 * A definite path that selects nothing fails with States.Runtime, as AWS reports it.
 */
export function evaluatePayloadTemplate(template: unknown, scope: PathScope, inputDescription: () => unknown = () => scope.input): unknown {
  if (Array.isArray(template)) {
    return template.map((item) => evaluatePayloadTemplate(item, scope, inputDescription));
  }
  if (template === null || typeof template !== 'object') {
    return template;
  }
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string') {
      result[key.slice(0, -2)] = evaluateDynamicValue(value, key, scope, inputDescription);
    } else {
      result[key] = evaluatePayloadTemplate(value, scope, inputDescription);
    }
  }
  return result;
}

/** The value of one `"key.$"` field: a path (`$`, `$$`, `$variable`) or an intrinsic function. */
export function evaluateDynamicValue(text: string, field: string, scope: PathScope, inputDescription: () => unknown = () => scope.input): unknown {
  if (isIntrinsicFunction(text)) {
    return evaluateIntrinsic(text, { readPath: (path: string) => readRequiredPath(path, field, scope, inputDescription), random: scope.random });
  }
  return readRequiredPath(text, field, scope, inputDescription);
}

function readRequiredPath(path: string, field: string, scope: PathScope, inputDescription: () => unknown): unknown {
  const value = readScopedPath(path, scope);
  if (value === undefined) {
    const document = path.startsWith('$$') ? scope.context : inputDescription();
    throw new StatesError('States.Runtime', `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${JSON.stringify(document)}'`);
  }
  return value;
}

import { PathScope } from './path-scope';
import { evaluateDynamicValue } from './payload-template';
import { StatesError } from './states-error';

/** A Fail state's ErrorPath or CausePath: it must give a string. */
export function failField(path: string, field: string, scope: PathScope): string {
  const value = evaluateDynamicValue(path, field, scope);
  if (typeof value !== 'string') {
    throw new StatesError('States.Runtime', `The value of the field '${field}' must be a string, but was ${JSON.stringify(value)}`);
  }
  return value;
}

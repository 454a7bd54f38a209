import { deepEqual } from './json-path';
import { PathScope, readScopedPath } from './path-scope';
import { StatesError } from './states-error';

/**
 * A JSONPath Choice rule ("Choice workflow state", developer guide): And/Or/Not, or a `Variable` with one comparison
 * operator. A comparison against a value of another type is false; a Variable that selects nothing fails with
 * States.Runtime, except for IsPresent.
 */
export function evaluateChoiceRule(rule: Record<string, unknown>, scope: PathScope): boolean {
  if (Array.isArray(rule.And)) {
    return (rule.And as Array<Record<string, unknown>>).every((inner) => evaluateChoiceRule(inner, scope));
  }
  if (Array.isArray(rule.Or)) {
    return (rule.Or as Array<Record<string, unknown>>).some((inner) => evaluateChoiceRule(inner, scope));
  }
  if (rule.Not && typeof rule.Not === 'object') {
    return !evaluateChoiceRule(rule.Not as Record<string, unknown>, scope);
  }
  const variablePath = rule.Variable as string;
  const value = readScopedPath(variablePath, scope);
  const operator = Object.keys(rule).find((key) => key !== 'Variable' && key !== 'Next' && key !== 'Comment' && key !== 'Assign')!;
  const expected = rule[operator];
  if (operator === 'IsPresent') {
    return (value !== undefined) === expected;
  }
  if (value === undefined) {
    throw new StatesError('States.Runtime', `Invalid path '${variablePath}': The choice state's condition path references an invalid value.`);
  }
  switch (operator) {
    case 'IsNull': return (value === null) === expected;
    case 'IsNumeric': return (typeof value === 'number') === expected;
    case 'IsString': return (typeof value === 'string') === expected;
    case 'IsBoolean': return (typeof value === 'boolean') === expected;
    case 'IsTimestamp': return (typeof value === 'string' && isTimestamp(value)) === expected;
  }
  let operand = expected;
  let base = operator;
  if (operator.endsWith('Path')) {
    base = operator.slice(0, -4);
    operand = readScopedPath(expected as string, scope);
    if (operand === undefined) {
      throw new StatesError('States.Runtime', `Invalid path '${expected as string}': The choice state's condition path references an invalid value.`);
    }
  }
  return compareWith(base, value, operand);
}

function compareWith(operator: string, value: unknown, operand: unknown): boolean {
  const kind = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)$/.exec(operator);
  if (!kind) {
    throw new StatesError('States.Runtime', `Unknown Choice rule operator '${operator}'`);
  }
  const [, type, comparison] = kind;
  switch (type) {
    case 'String':
      if (typeof value !== 'string' || typeof operand !== 'string') {
        return false;
      }
      return comparison === 'Matches' ? matchesPattern(value, operand) : compareOrdered(comparison, value, operand);
    case 'Numeric':
      return typeof value === 'number' && typeof operand === 'number' && compareOrdered(comparison, value, operand);
    case 'Boolean':
      return typeof value === 'boolean' && typeof operand === 'boolean' && deepEqual(value, operand);
    default: {
      if (typeof value !== 'string' || typeof operand !== 'string' || !isTimestamp(value) || !isTimestamp(operand)) {
        return false;
      }
      return compareOrdered(comparison, Date.parse(value), Date.parse(operand));
    }
  }
}

function compareOrdered<T extends string | number>(comparison: string, a: T, b: T): boolean {
  switch (comparison) {
    case 'Equals': return a === b;
    case 'LessThan': return a < b;
    case 'GreaterThan': return a > b;
    case 'LessThanEquals': return a <= b;
    default: return a >= b;
  }
}

/** `*` matches any run of characters; `\*` and `\\` are a literal star and backslash. */
export function matchesPattern(value: string, pattern: string): boolean {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i];
    if (char === '\\' && i + 1 < pattern.length) {
      i += 1;
      source += escapeRegExp(pattern[i]);
    } else if (char === '*') {
      source += '[\\s\\S]*';
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`).test(value);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 timestamp with an uppercase T and a Z or an offset ("Choice workflow state": timestamps). */
export function isTimestamp(text: string): boolean {
  return TIMESTAMP.test(text) && !Number.isNaN(Date.parse(text));
}

import jsonata from 'jsonata';
import { INTRINSIC_FUNCTION_NAMES, IntrinsicArgument, isIntrinsicFunction, parseIntrinsic } from '../intrinsics';
import { parsePath } from '../json-path';
import { isJsonataExpression } from '../jsonata-expression';
import { DiagnosticSink } from './definition-diagnostic';

/** Segments of a JSON pointer under construction. */
export type At = ReadonlyArray<string | number>;

/** RFC 3339 profile of ISO 8601 the States Language requires: uppercase T, Z or a numeric offset. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** The messages of a list field whose entries are objects: `Choices`, `Retry`, `Catch`. */
export interface ObjectListMessages {
  /** Reported at the field when it is not an array (or, with `nonEmpty`, an empty one). */
  readonly notAList: string;
  /** Reported at an entry that is not an object; the entry is then skipped. */
  readonly notAnObject: string;
  readonly nonEmpty?: boolean;
}

/** Checks a list of objects and hands each object entry to `check` with its index and pointer. */
export function forEachObjectEntry(
  sink: DiagnosticSink,
  list: unknown,
  messages: ObjectListMessages,
  at: At,
  check: (entry: Record<string, unknown>, index: number, here: At, isLast: boolean) => void,
): void {
  if (!Array.isArray(list) || (messages.nonEmpty && list.length === 0)) {
    sink.schema(messages.notAList, at);
    return;
  }
  list.forEach((entry, i) => {
    const here = [...at, i];
    if (isObject(entry)) check(entry, i, here, i === list.length - 1);
    else sink.schema(messages.notAnObject, here);
  });
}

export function isTimestamp(value: unknown): boolean {
  return typeof value === 'string' && TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value));
}

/** `$$.x` (context object) and `$name.x` (variable) are read like `$.x` once the root is known. */
function asDollarRooted(path: string): string | undefined {
  if (path.startsWith('$$')) return '$' + path.slice(2);
  const variable = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(path);
  if (variable) return '$' + path.slice(variable[0].length);
  return path.startsWith('$') ? path : undefined;
}

export interface PathRules {
  /** A reference path selects one node: only `.name`, `['name']` and `[n]` steps. */
  readonly reference?: boolean;
  /** `$$.` and `$variable` roots are accepted (not for ResultPath, which writes into the state's input). */
  readonly otherRoots?: boolean;
  readonly intrinsic?: boolean;
}

/** Reports a malformed path (or intrinsic function, where allowed) at `at`; returns whether it is well formed. */
export function checkPath(sink: DiagnosticSink, value: unknown, rules: PathRules, at: At): boolean {
  const field = String(at[at.length - 1]);
  if (typeof value !== 'string') {
    sink.schema(`The value of '${field}' must be a string path`, at);
    return false;
  }
  if (rules.intrinsic && isIntrinsicFunction(value)) {
    try {
      const unknown = unknownFunction(parseIntrinsic(value));
      if (unknown !== undefined) {
        sink.schema(`The value of '${field}' calls '${unknown}', which is not an intrinsic function (developer guide, Intrinsic functions)`, at);
        return false;
      }
      return true;
    } catch (error) {
      sink.schema(`The value of '${field}' is not a valid intrinsic function: ${(error as Error).message}`, at);
      return false;
    }
  }
  const rooted = rules.otherRoots === false ? (value.startsWith('$$') || /^\$[A-Za-z_]/.test(value) ? undefined : value) : asDollarRooted(value);
  let valid = rooted !== undefined;
  if (valid) {
    try {
      const parsed = parsePath(rooted!);
      valid = !rules.reference || (parsed.definite && !parsed.function);
    } catch {
      valid = false;
    }
  }
  if (!valid) sink.schema(`The value of '${field}' is not a valid ${rules.reference ? 'reference path' : 'JSONPath'}: '${value}'`, at);
  return valid;
}

/** The first function name in a parsed intrinsic (nested calls too) that is not one of the 18 States.* functions. */
function unknownFunction(argument: IntrinsicArgument): string | undefined {
  if (argument.kind !== 'call') return undefined;
  if (!INTRINSIC_FUNCTION_NAMES.includes(argument.name)) return argument.name;
  for (const nested of argument.args) {
    const unknown = unknownFunction(nested);
    if (unknown !== undefined) return unknown;
  }
  return undefined;
}

// Parse outcomes by expression body (undefined: valid); definitions repeat expressions, and parsing dominates the cost.
const parseErrors = new Map<string, string | undefined>();

function jsonataParseError(body: string): string | undefined {
  if (!parseErrors.has(body)) {
    if (parseErrors.size > 10_000) parseErrors.clear();
    try {
      jsonata(body);
      parseErrors.set(body, undefined);
    } catch (error) {
      parseErrors.set(body, (error as Error).message);
    }
  }
  return parseErrors.get(body);
}

/** Reports a `{% %}` string whose body JSONata cannot parse. */
export function checkJsonataString(sink: DiagnosticSink, value: string, at: At): void {
  const error = jsonataParseError(value.slice(2, -2));
  if (error !== undefined) sink.schema(`The JSONata expression '${value}' is not valid: ${error}`, at);
}

/** Walks a JSONata field's value and checks every expression string in it (templates may nest them anywhere). */
export function checkJsonataTemplate(sink: DiagnosticSink, value: unknown, at: At): void {
  if (isJsonataExpression(value)) {
    checkJsonataString(sink, value, at);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => checkJsonataTemplate(sink, item, [...at, i]));
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) checkJsonataTemplate(sink, item, [...at, key]);
  }
}

/**
 * Checks a JSONPath payload template (Parameters, ResultSelector, ItemSelector, Assign, Arguments of an ItemReader):
 * a `.$` key takes a path or intrinsic function; a plain key whose value looks like one draws AWS's NO_DOLLAR warning.
 */
export function checkPayloadTemplate(sink: DiagnosticSink, value: unknown, at: At, options: { contextPaths?: boolean } = {}): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => checkPayloadTemplate(sink, item, [...at, i], options));
    return;
  }
  if (!isObject(value)) return;
  for (const [key, item] of Object.entries(value)) {
    const here = [...at, key];
    if (key.endsWith('.$')) {
      checkPath(sink, item, { intrinsic: true, otherRoots: options.contextPaths !== false }, here);
    } else if (typeof item === 'string' && (/^\$\$?\./.test(item) || isIntrinsicFunction(item))) {
      sink.warning('NO_DOLLAR', `The field '${key}' holds '${item}', which looks like a path or intrinsic function; name it '${key}.$' to evaluate it`, here);
    } else {
      checkPayloadTemplate(sink, item, here, options);
    }
  }
}

/** Assign: variable names must be identifiers, `states` is reserved for `$states` in JSONata. */
export function checkAssign(sink: DiagnosticSink, assign: unknown, language: 'JSONPath' | 'JSONata', at: At): void {
  if (!isObject(assign)) {
    sink.schema("The value of 'Assign' must be an object", at);
    return;
  }
  for (const [key, value] of Object.entries(assign)) {
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!VARIABLE_NAME.test(name) || name === 'states') {
      sink.schema(`'${name}' is not a valid variable name (letters, digits and _, not starting with a digit; 'states' is reserved)`, [...at, key]);
    }
    if (language === 'JSONata') checkJsonataTemplate(sink, value, [...at, key]);
    else checkPayloadTemplate(sink, { [key]: value }, at);
  }
}

/** A field that takes a value of its own type or, in a JSONata state, an expression. */
export function checkNumberOrExpression(
  sink: DiagnosticSink, value: unknown, language: 'JSONPath' | 'JSONata', at: At,
  rule: { min: number; max?: number; integer?: boolean },
): void {
  if (language === 'JSONata' && isJsonataExpression(value)) {
    checkJsonataString(sink, value, at);
    return;
  }
  const field = String(at[at.length - 1]);
  const ok = typeof value === 'number' && (!rule.integer || Number.isInteger(value)) && value >= rule.min && (rule.max === undefined || value <= rule.max);
  if (!ok) {
    const range = rule.max === undefined ? `>= ${rule.min}` : `between ${rule.min} and ${rule.max}`;
    sink.schema(`The value of '${field}' must be ${rule.integer ? 'an integer' : 'a number'} ${range}${language === 'JSONata' ? ' or a JSONata expression' : ''}`, at);
  }
}

export function checkEnum(sink: DiagnosticSink, value: unknown, allowed: readonly string[], at: At): void {
  if (typeof value !== 'string' || !allowed.includes(value)) {
    sink.schema(`The value of '${String(at[at.length - 1])}' must be one of ${allowed.join(', ')}`, at);
  }
}

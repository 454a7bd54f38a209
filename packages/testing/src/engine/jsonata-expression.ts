import jsonata from 'jsonata';
import { registerStepFunctionsFunctions } from './jsonata-functions';
import { StatesError } from './states-error';

/**
 * A string is a JSONata expression when it starts with `{%` and ends with `%}`, nothing around them ("Transforming data
 * with JSONata in Step Functions", developer guide); any other string in a JSONata state is a literal.
 */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

/** What `$states` and the workflow variables hold while a JSONata field is evaluated. */
export interface JsonataBindings {
  readonly states: Record<string, unknown>;
  readonly variables: Readonly<Record<string, unknown>>;
  readonly partition: string;
  readonly seed: string;
  /** The execution's seeded randomness for $random() and $uuid(): each call draws the next value. */
  readonly random?: () => number;
  /** Where the expression sits (`Output`, `Arguments.id`), for the cause of a failure. */
  readonly stateName: string;
}

const compiled = new Map<string, jsonata.Expression>();

function compile(body: string, source: string, field: string, stateName: string): jsonata.Expression {
  let expression = compiled.get(body);
  if (!expression) {
    try {
      expression = jsonata(body);
    } catch (error) {
      throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${source}' specified for the field '${field}' of state '${stateName}' could not be parsed: ${(error as Error).message}`, false, field);
    }
    if (compiled.size > 5_000) {
      compiled.clear();
    }
    compiled.set(body, expression);
  }
  return expression;
}

/** Evaluates one `{% ... %}` string. Errors and an undefined result fail with States.QueryEvaluationError. */
export async function evaluateJsonataString(source: string, field: string, bindings: JsonataBindings): Promise<unknown> {
  const body = source.slice(2, -2);
  const expression = compile(body, source, field, bindings.stateName);
  registerStepFunctionsFunctions(expression, { partition: bindings.partition, seed: bindings.seed, random: bindings.random });
  let result: unknown;
  try {
    result = await expression.evaluate({}, { ...bindings.variables, states: bindings.states });
  } catch (error) {
    if (error instanceof StatesError) {
      throw error;
    }
    const message = (error as { message?: string }).message ?? String(error);
    throw new StatesError('States.QueryEvaluationError', `An error occurred while evaluating the JSONata expression '${source}' for the field '${field}' of state '${bindings.stateName}': ${message}`, false, field);
  }
  if (result === undefined) {
    throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${source}' specified for the field '${field}' of state '${bindings.stateName}' returned nothing (undefined)`, false, field);
  }
  return toJson(result, source, field, bindings.stateName);
}

/** Evaluates every `{% %}` string inside a JSON template (objects and arrays are walked, other values kept). */
export async function evaluateJsonataTemplate(template: unknown, field: string, bindings: JsonataBindings): Promise<unknown> {
  if (isJsonataExpression(template)) {
    return evaluateJsonataString(template, field, bindings);
  }
  if (Array.isArray(template)) {
    const items: unknown[] = [];
    for (let i = 0; i < template.length; i++) {
      items.push(await evaluateJsonataTemplate(template[i], `${field}[${i}]`, bindings));
    }
    return items;
  }
  if (template !== null && typeof template === 'object') {
    const object: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(template)) {
      object[key] = await evaluateJsonataTemplate(value, `${field}.${key}`, bindings);
    }
    return object;
  }
  return template;
}

/** jsonata marks arrays as sequences and may return functions; the payload is plain JSON. */
function toJson(value: unknown, source: string, field: string, stateName: string): unknown {
  if (typeof value === 'function') {
    throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${source}' specified for the field '${field}' of state '${stateName}' returned a function, which is not JSON`, false, field);
  }
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new StatesError('States.QueryEvaluationError', `The JSONata expression '${source}' specified for the field '${field}' of state '${stateName}' returned a number that is not finite`, false, field);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  return JSON.parse(JSON.stringify(value));
}

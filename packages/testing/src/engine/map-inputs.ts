import type { AslState } from '../asl-types';
import { ExecutionRequest } from './engine-types';
import { readIoPath } from './io-path';
import { evaluateJsonataString, evaluateJsonataTemplate, isJsonataExpression, JsonataBindings } from './jsonata-expression';
import { PathScope, readScopedPath } from './path-scope';
import { evaluatePayloadTemplate } from './payload-template';
import { StatesError } from './states-error';

/*
 * What a Map state works on before its iterations run: its items, each iteration's input, and its numeric settings
 * (MaxConcurrency, ToleratedFailure*, ItemBatcher and ReaderConfig sizes), as the Map state pages describe them.
 */

/** An ItemReader's or ResultWriter's configuration with its Parameters (JSONPath) or Arguments (JSONata) evaluated. */
export async function evaluateNested(
  config: Record<string, unknown>, scope: PathScope, bindings: JsonataBindings | undefined, field: string,
): Promise<Record<string, unknown>> {
  const evaluated: Record<string, unknown> = { ...config };
  if (config.Parameters !== undefined) {
    evaluated.Parameters = evaluatePayloadTemplate(config.Parameters, scope);
  }
  if (config.Arguments !== undefined && bindings) {
    evaluated.Arguments = await evaluateJsonataTemplate(config.Arguments, `${field}.Arguments`, bindings);
  }
  return evaluated;
}

/** The items a Map state iterates over: from its ItemReader, its Items (JSONata) or its ItemsPath (JSONPath). */
export async function mapItems(
  name: string, state: AslState, scope: PathScope, bindings: JsonataBindings | undefined, io: ExecutionRequest['distributedMap'],
): Promise<unknown[]> {
  let items: unknown;
  if (state.ItemReader) {
    if (!io) {
      throw new StatesError('States.ItemReaderFailed', `Map state '${name}' reads items with an ItemReader, and no item source is configured`);
    }
    const reader = await evaluateNested(state.ItemReader as Record<string, unknown>, scope, bindings, 'ItemReader');
    const config = reader.ReaderConfig as Record<string, unknown> | undefined;
    if (config && (typeof config.MaxItemsPath === 'string' || isJsonataExpression(config.MaxItems))) {
      // ReaderConfig.MaxItemsPath (JSONPath) or MaxItems as an expression (JSONata), resolved before reading.
      const maxItems = await mapNumber(state, config, 'MaxItems', scope, bindings);
      reader.ReaderConfig = { ...config, MaxItems: maxItems, MaxItemsPath: undefined };
    }
    items = await io.readItems(name, reader);
  } else if (bindings) {
    items = state.Items === undefined ? scope.input : isJsonataExpression(state.Items) ? await evaluateJsonataString(state.Items, 'Items', bindings) : state.Items;
    if (!Array.isArray(items)) {
      throw new StatesError('States.QueryEvaluationError', `The Items field of Map state '${name}' must evaluate to an array, but gave ${JSON.stringify(items)}`);
    }
  } else {
    const path = state.ItemsPath ?? '$';
    items = path === '$' ? scope.input : readIoPath(path, scope);
    if (!Array.isArray(items)) {
      throw new StatesError('States.Runtime', `Invalid path '${path}': The Map state's ItemsPath must reference a JSON array, but it references ${JSON.stringify(items)}`);
    }
  }
  return items as unknown[];
}

/** One iteration's input: the item, or the ItemSelector evaluated with `$$.Map.Item` in the context. */
export async function selectItem(
  template: unknown, mapInput: unknown, context: Record<string, unknown>, variables: Record<string, unknown>, value: unknown,
  bindings: JsonataBindings | undefined,
): Promise<unknown> {
  if (template === undefined) {
    return value;
  }
  if (bindings) {
    return evaluateJsonataTemplate(template, 'ItemSelector', { ...bindings, states: { ...bindings.states, context } });
  }
  return evaluatePayloadTemplate(template, { input: mapInput, context, variables });
}

/** MaxConcurrency, ToleratedFailure*, MaxItemsPerBatch: a number, its `...Path`, or a JSONata expression. */
export async function mapNumber(
  state: AslState, holder: Record<string, unknown>, field: string, scope: PathScope, bindings: JsonataBindings | undefined, fraction = false,
): Promise<number | undefined> {
  let value = holder[field];
  if (bindings && isJsonataExpression(value)) {
    value = await evaluateJsonataString(value, field, bindings);
  } else if (typeof holder[`${field}Path`] === 'string') {
    value = readScopedPath(holder[`${field}Path`] as string, scope);
  }
  if (value === undefined) {
    return undefined;
  }
  const valid = typeof value === 'number' && value >= 0 && (fraction ? value <= 100 : Number.isInteger(value));
  if (!valid) {
    throw new StatesError(bindings ? 'States.QueryEvaluationError' : 'States.Runtime', `The ${field} of Map state must be a ${fraction ? 'number between 0 and 100' : 'non-negative integer'}, but was ${JSON.stringify(value)}`);
  }
  void state;
  return value as number;
}

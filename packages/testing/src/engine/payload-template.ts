import { evaluateIntrinsic, isIntrinsicFunction } from './intrinsics';
import { PathScope, readScopedPath } from './path-scope';
import { StatesError } from './states-error';

/**
 * A JSONPath payload template (Parameters, ResultSelector, ItemSelector, Arguments of a JSONPath state): a key ending in
 * `.$` takes the value of its path or intrinsic function, and loses the suffix ("Payload templates", developer guide).
 * A definite path that selects nothing fails with States.Runtime, as AWS reports it.
 */
export function evaluatePayloadTemplate(template: unknown, scope: PathScope, inputDescription: () => unknown = () => scope.input): unknown {
  if (template === null || typeof template !== 'object') {
    return template;
  }
  return evaluateCompiled(compiledTemplate(template), scope, inputDescription);
}

/** A template's keys, sorted out once per definition: which are dynamic (`.$`), and which of those are intrinsics. */
type CompiledTemplate =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'array'; readonly items: readonly CompiledTemplate[] }
  | { readonly kind: 'object'; readonly fields: readonly CompiledField[] };

interface CompiledField {
  readonly key: string;
  /** The field as written (`n.$`), for error messages. */
  readonly field: string;
  readonly dynamic?: { readonly text: string; readonly intrinsic: boolean };
  readonly nested?: CompiledTemplate;
}

const compiledTemplates = new WeakMap<object, CompiledTemplate>();

function compiledTemplate(template: unknown): CompiledTemplate {
  if (template === null || typeof template !== 'object') {
    return { kind: 'value', value: template };
  }
  let compiled = compiledTemplates.get(template);
  if (!compiled) {
    compiled = Array.isArray(template)
      ? { kind: 'array', items: template.map(compiledTemplate) }
      : {
        kind: 'object',
        fields: Object.entries(template).map(([key, value]): CompiledField => (key.endsWith('.$') && typeof value === 'string'
          ? { key: key.slice(0, -2), field: key, dynamic: { text: value, intrinsic: isIntrinsicFunction(value) } }
          : { key, field: key, nested: compiledTemplate(value) })),
      };
    compiledTemplates.set(template, compiled);
  }
  return compiled;
}

function evaluateCompiled(compiled: CompiledTemplate, scope: PathScope, inputDescription: () => unknown): unknown {
  switch (compiled.kind) {
    case 'value':
      return compiled.value;
    case 'array':
      return compiled.items.map((item) => evaluateCompiled(item, scope, inputDescription));
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const { key, field, dynamic, nested } of compiled.fields) {
        result[key] = dynamic
          ? evaluateDynamic(dynamic.text, dynamic.intrinsic, field, scope, inputDescription)
          : evaluateCompiled(nested!, scope, inputDescription);
      }
      return result;
    }
  }
}

/** The value of one `"key.$"` field: a path (`$`, `$$`, `$variable`) or an intrinsic function. */
export function evaluateDynamicValue(text: string, field: string, scope: PathScope, inputDescription: () => unknown = () => scope.input): unknown {
  return evaluateDynamic(text, isIntrinsicFunction(text), field, scope, inputDescription);
}

function evaluateDynamic(text: string, intrinsic: boolean, field: string, scope: PathScope, inputDescription: () => unknown): unknown {
  if (intrinsic) {
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

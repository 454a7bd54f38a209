import { parsePath, selectNodes } from './json-path';
import { StatesError } from './states-error';

/** What a JSONPath in a state reads: `$` the state's (effective) input, `$$` the context object, `$name` a variable. */
export interface PathScope {
  readonly input: unknown;
  readonly context: unknown;
  readonly variables: Readonly<Record<string, unknown>>;
  /** The execution's seeded randomness (States.UUID, States.MathRandom without a seed). */
  readonly random?: () => number;
}

const VARIABLE = /^\$([A-Za-z_][A-Za-z0-9_]*)/;

/** Splits a path into the document it reads and the JSONPath (starting at `$`) inside that document. */
export function resolveRoot(text: string, scope: PathScope): { document: unknown; path: string; found: boolean } {
  if (text.startsWith('$$')) {
    return { document: scope.context, path: `$${text.slice(2)}`, found: true };
  }
  const variable = VARIABLE.exec(text);
  if (variable) {
    const name = variable[1];
    const found = Object.prototype.hasOwnProperty.call(scope.variables, name);
    return { document: scope.variables[name], path: `$${text.slice(variable[0].length)}`, found };
  }
  return { document: scope.input, path: text, found: true };
}

/**
 * Reads a path, or undefined when a definite path selects nothing (an indefinite one gives `[]`). Throws when the path
 * names a variable that was never assigned.
 */
export function readScopedPath(text: string, scope: PathScope): unknown {
  const { document, path, found } = resolveRoot(text, scope);
  if (!found) {
    throw new StatesError('States.Runtime', `The variable '${text.split(/[.[]/)[0]}' is not defined`);
  }
  const parsed = parsePath(path);
  const nodes = selectNodes(parsed, document);
  return parsed.definite ? nodes[0] : nodes;
}

/** True when `text` is a path the engine reads at run time (`$`, `$$`, or a variable). */
export function looksLikePath(text: string): boolean {
  return text.startsWith('$');
}

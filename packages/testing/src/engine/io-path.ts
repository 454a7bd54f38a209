import { parsePath } from './json-path';
import { PathScope, readScopedPath } from './path-scope';
import { StatesError } from './states-error';

/*
 * InputPath, OutputPath and ItemsPath read as AWS reads them, and paths printed as AWS prints them in its errors.
 */

/** `$.a.b[0]` as AWS prints it in path errors: `$['a']['b'][0]`. */
export function bracketNotation(path: string): string {
  try {
    const parsed = parsePath(path.startsWith('$') && !path.startsWith('$$') ? path.replace(/^\$[A-Za-z_][A-Za-z0-9_]*/, '$') : path.replace(/^\$\$/, '$'));
    return `$${parsed.steps.map((step) => ('name' in step ? `['${step.name}']` : 'index' in step ? `[${step.index}]` : '')).join('')}`;
  } catch {
    return path;
  }
}

/** InputPath, OutputPath, ItemsPath: a definite path that selects nothing fails the state. */
export function readIoPath(path: string, scope: PathScope): unknown {
  const value = readScopedPath(path, scope);
  if (value === undefined) {
    throw new StatesError('States.Runtime', `Invalid path '${path}' : No results for path: ${bracketNotation(path)}`);
  }
  return value;
}

/** InputPath: `null` gives `{}`, `$` (or none) the whole input. */
export function applyInputPath(path: string | null | undefined, input: unknown, context: unknown, variables: Record<string, unknown>): unknown {
  if (path === null) {
    return {};
  }
  if (path === undefined || path === '$') {
    return input;
  }
  return readIoPath(path, { input, context, variables });
}

/** OutputPath: `null` gives `{}`, `$` (or none) the whole output. */
export function applyOutputPath(path: string | null | undefined, output: unknown, context: unknown, variables: Record<string, unknown>): unknown {
  if (path === null) {
    return {};
  }
  if (path === undefined || path === '$') {
    return output;
  }
  return readIoPath(path, { input: output, context, variables });
}

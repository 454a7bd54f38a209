import { parsePath } from './json-path';

/** `$.a.b[0]` as AWS prints it in path errors: `$['a']['b'][0]`. */
export function bracketNotation(path: string): string {
  try {
    const parsed = parsePath(path.startsWith('$') && !path.startsWith('$$') ? path.replace(/^\$[A-Za-z_][A-Za-z0-9_]*/, '$') : path.replace(/^\$\$/, '$'));
    return `$${parsed.steps.map((step) => ('name' in step ? `['${step.name}']` : 'index' in step ? `[${step.index}]` : '')).join('')}`;
  } catch {
    return path;
  }
}

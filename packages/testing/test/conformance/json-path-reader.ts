/**
 * A minimal `$.a.b[0]` reader for module-level intrinsic cases (the engine's own JSONPath is tested through
 * executions). Variables are read from `variables` (`$name.field`), the context object from `context` (`$$.x`).
 */
export function pathReader(input: unknown, variables: Record<string, unknown> = {}, context: unknown = {}) {
  return (path: string): unknown => {
    let root: unknown;
    let rest: string;
    if (path.startsWith('$$')) {
      root = context;
      rest = path.slice(2);
    } else if (/^\$[A-Za-z_]/.test(path)) {
      const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(path)![1];
      root = variables[name];
      rest = path.slice(name.length + 1);
    } else {
      root = input;
      rest = path.slice(1);
    }
    const steps = rest.match(/\.[^.[\]]+|\[\d+\]/g) ?? [];
    return steps.reduce<unknown>((value, step) => {
      const key = step.startsWith('.') ? step.slice(1) : Number(step.slice(1, -1));
      if (value === null || typeof value !== 'object' || !(key in (value as object))) {
        throw new Error(`path ${path} does not exist`);
      }
      return (value as Record<string | number, unknown>)[key];
    }, root);
  };
}

/**
 * JSONPath reference paths (`$`, `$.a.b`) as JSONata, for fragments that keep JSONPath-style props such as `resultPath`.
 */

/** A reference path of dotted names: `$`, `$.approval`, `$.a.b`. */
export const REFERENCE_PATH = /^\$(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** The value at a reference path of the state input: `$.a.b` is `$states.input.a.b`. */
export function inputAt(path: string): string {
  return `$states.input${path.slice(1)}`;
}

/** The state input with `value` set at a reference path, as `ResultPath` does (`$` replaces the input). */
export function setAt(path: string, value: string): string {
  const names = path.split('.').slice(1);
  const build = (depth: number): string => {
    if (depth === names.length) return value;
    const here = ['$states.input', ...names.slice(0, depth)].join('.');
    return `$merge([${here}, {${JSON.stringify(names[depth])}: ${build(depth + 1)}}])`;
  };
  return build(0);
}

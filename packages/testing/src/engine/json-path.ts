import { FilterNode, FilterOperand, PATH_FUNCTIONS, PathFunction, PathReader, Step } from './json-path-reader';
import { StatesError } from './states-error';

/**
 * JSONPath as Step Functions reads it ("Paths" and "Reference paths", AWS Step Functions developer guide): `$`, `.name`,
 * `['name']`, `[n]`, `[*]`/`.*`, `..name`, unions `[a,b]`, slices `[s:e:step]` and filters `[?(@.a > 1 && @.b == 'x')]`.
 * Filters are parsed and evaluated here (never as JavaScript). A definite path selects one node or nothing; an
 * indefinite path (wildcard, deep scan, union, slice, filter) selects the array of its matches, `[]` when none.
 */

export interface ParsedPath {
  readonly text: string;
  readonly steps: readonly Step[];
  /** True when the path gives one value (no wildcard, deep scan, union, slice or filter; or a trailing function). */
  readonly definite: boolean;
  /**
   * A trailing function, `$.items.length()`: "Paths" lists it among what a reference path does not support, so a path
   * may end with it; it applies to what the steps before it select.
   */
  readonly function?: PathFunction;
}


const cache = new Map<string, ParsedPath>();

/** Parses a path that starts with `$` (the caller maps `$$` and `$variable` roots onto `$`). */
export function parsePath(text: string): ParsedPath {
  let parsed = cache.get(text);
  if (!parsed) {
    const reader = new PathReader(text);
    const [steps, pathFunction] = splitFunction(text, reader.readPath());
    const stepsDefinite = steps.every((step) => step.kind === 'name' || step.kind === 'index');
    parsed = pathFunction
      ? { text, steps, definite: true, function: pathFunction, stepsDefinite } as ParsedPath
      : { text, steps, definite: stepsDefinite };
    if (cache.size > 10_000) {
      cache.clear();
    }
    cache.set(text, parsed);
  }
  return parsed;
}

/** True when the text parses as a JSONPath starting at `$`. */
export function isValidPath(text: string): boolean {
  try {
    parsePath(text);
    return true;
  } catch {
    return false;
  }
}

/** The nodes a path selects in `data`, in document order. */
export function selectNodes(path: ParsedPath, data: unknown): unknown[] {
  const nodes = applySteps(path.steps, [data], data);
  if (!path.function) {
    return nodes;
  }
  const selected = (path as ParsedPath & { stepsDefinite: boolean }).stepsDefinite ? nodes[0] : nodes;
  const value = applyFunction(path.function, selected);
  return value === undefined ? [] : [value];
}

/** `length()` counts an array's items or an object's keys; of anything else it gives nothing. */
function applyFunction(name: PathFunction, value: unknown): unknown {
  switch (name) {
    case 'length':
      if (Array.isArray(value)) return value.length;
      if (value !== null && typeof value === 'object') return Object.keys(value).length;
      return undefined;
  }
}

/** Takes a trailing `.name()` step off a path: the reader reads it as a member `name` followed by `()`. */
function splitFunction(text: string, steps: Step[]): [Step[], PathFunction | undefined] {
  const last = steps[steps.length - 1];
  if (last?.kind === 'name' && last.name.endsWith('()') && text.endsWith(`.${last.name}`) && PATH_FUNCTIONS.has(last.name.slice(0, -2))) {
    return [steps.slice(0, -1), last.name.slice(0, -2) as PathFunction];
  }
  return [steps, undefined];
}

/** Selected value: a definite path gives its node (undefined when missing), an indefinite one the array of matches. */
export function queryPath(text: string, data: unknown): unknown {
  const path = parsePath(text);
  const nodes = selectNodes(path, data);
  return path.definite ? nodes[0] : nodes;
}

/**
 * Writes `value` at a ResultPath-style definite path inside a copy of `target`, creating missing objects on the way.
 * A step through a value that is not an object fails with States.ResultPathMatchFailure, as AWS does.
 */
export function writePath(text: string, target: unknown, value: unknown, stateName: string): unknown {
  const path = parsePath(text);
  if (!path.definite || path.function) {
    throw new StatesError('States.ResultPathMatchFailure', `Unable to apply ResultPath "${text}" to input: the path is not a reference path (state '${stateName}')`);
  }
  if (path.steps.length === 0) {
    return value;
  }
  const fail = () => new StatesError(
    'States.ResultPathMatchFailure',
    `Unable to apply step "${text}" to input ${JSON.stringify(target)}`,
  );
  const write = (node: unknown, steps: readonly Step[]): unknown => {
    const [step, ...rest] = steps;
    if (step.kind === 'name') {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) {
        throw fail();
      }
      const object = node as Record<string, unknown>;
      const child = rest.length === 0 ? value : write(object[step.name] === undefined ? {} : object[step.name], rest);
      return { ...object, [step.name]: child };
    }
    const index = (step as { index: number }).index;
    if (!Array.isArray(node) || index < 0 || index >= node.length) {
      throw fail();
    }
    const copy = [...node];
    copy[index] = rest.length === 0 ? value : write(copy[index], rest);
    return copy;
  };
  return write(target, path.steps);
}

function applySteps(steps: readonly Step[], nodes: unknown[], root: unknown): unknown[] {
  let current = nodes;
  for (const step of steps) {
    const next: unknown[] = [];
    for (const node of current) {
      applyStep(step, node, root, next);
    }
    current = next;
  }
  return current;
}

function childrenOf(node: unknown): unknown[] {
  if (Array.isArray(node)) {
    return node;
  }
  if (node !== null && typeof node === 'object') {
    return Object.values(node);
  }
  return [];
}

function applyStep(step: Step, node: unknown, root: unknown, out: unknown[]): void {
  switch (step.kind) {
    case 'name':
      if (node !== null && typeof node === 'object' && !Array.isArray(node) && Object.prototype.hasOwnProperty.call(node, step.name)) {
        out.push((node as Record<string, unknown>)[step.name]);
      }
      return;
    case 'index':
      if (Array.isArray(node)) {
        const index = step.index < 0 ? node.length + step.index : step.index;
        if (index >= 0 && index < node.length) {
          out.push(node[index]);
        }
      }
      return;
    case 'wildcard':
      out.push(...childrenOf(node));
      return;
    case 'union':
      for (const member of step.members) {
        applyStep(typeof member === 'number' ? { kind: 'index', index: member } : { kind: 'name', name: member }, node, root, out);
      }
      return;
    case 'slice': {
      if (!Array.isArray(node)) {
        return;
      }
      const length = node.length;
      const stride = step.step ?? 1;
      const clamp = (value: number) => Math.max(0, Math.min(length, value < 0 ? length + value : value));
      const start = clamp(step.start ?? 0);
      const end = clamp(step.end ?? length);
      for (let i = start; stride > 0 && i < end; i += stride) {
        out.push(node[i]);
      }
      return;
    }
    case 'filter':
      for (const child of childrenOf(node)) {
        // "Paths": the @ operator does not match scalar values, only objects.
        if (child !== null && typeof child === 'object' && evaluateFilter(step.expression, child, root)) {
          out.push(child);
        }
      }
      return;
    case 'deep': {
      const visit = (value: unknown) => {
        applyStep(step.step, value, root, out);
        for (const child of childrenOf(value)) {
          if (child !== null && typeof child === 'object') {
            visit(child);
          }
        }
      };
      visit(node);
      return;
    }
  }
}

function evaluateFilter(node: FilterNode, current: unknown, root: unknown): boolean {
  switch (node.kind) {
    case 'and':
      return evaluateFilter(node.left, current, root) && evaluateFilter(node.right, current, root);
    case 'or':
      return evaluateFilter(node.left, current, root) || evaluateFilter(node.right, current, root);
    case 'not':
      return !evaluateFilter(node.operand, current, root);
    case 'exists':
      return operandValues(node.operand, current, root).length > 0;
    case 'compare': {
      const left = operandValues(node.left, current, root);
      const right = operandValues(node.right, current, root);
      if (left.length === 0 || right.length === 0) {
        return node.operator === '!=' && (left.length === 0) !== (right.length === 0);
      }
      return compare(node.operator, left[0], right[0]);
    }
  }
}

function operandValues(operand: FilterOperand, current: unknown, root: unknown): unknown[] {
  if (operand.kind === 'literal') {
    return [operand.value];
  }
  return applySteps(operand.steps, [operand.root === '@' ? current : root], root);
}

function compare(operator: string, left: unknown, right: unknown): boolean {
  switch (operator) {
    case '==':
      return deepEqual(left, right);
    case '!=':
      return !deepEqual(left, right);
  }
  const comparable = (typeof left === 'number' && typeof right === 'number') || (typeof left === 'string' && typeof right === 'string');
  if (!comparable) {
    return false;
  }
  const a = left as number | string;
  const b = right as number | string;
  switch (operator) {
    case '<': return a < b;
    case '<=': return a <= b;
    case '>': return a > b;
    case '>=': return a >= b;
    default: return false;
  }
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) {
    return true;
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) {
    return false;
  }
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length
    && keysA.every((key) => deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]));
}

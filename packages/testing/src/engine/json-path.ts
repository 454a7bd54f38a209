import { StatesError } from './states-error';

/**
 * JSONPath as Step Functions reads it ("Paths" and "Reference paths", AWS Step Functions developer guide): `$`, `.name`,
 * `['name']`, `[n]`, `[*]`/`.*`, `..name`, unions `[a,b]`, slices `[s:e:step]` and filters `[?(@.a > 1 && @.b == 'x')]`.
 * Filters are parsed and evaluated here (never as JavaScript). A definite path selects one node or nothing; an
 * indefinite path (wildcard, deep scan, union, slice, filter) selects the array of its matches, `[]` when none.
 */

type Step =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'deep'; step: Step }
  | { kind: 'union'; members: Array<string | number> }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; expression: FilterNode };

type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; operator: string; left: FilterOperand; right: FilterOperand }
  | { kind: 'exists'; operand: FilterOperand };

type FilterOperand = { kind: 'literal'; value: unknown } | { kind: 'path'; root: '@' | '$'; steps: Step[] };

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

/** The functions a path may end with. */
type PathFunction = 'length';
const PATH_FUNCTIONS: ReadonlySet<string> = new Set<PathFunction>(['length']);

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

class PathReader {
  private position = 0;

  constructor(private readonly text: string) {}

  public readPath(): Step[] {
    this.expect('$');
    const steps = this.readSteps(false);
    if (this.position !== this.text.length) {
      this.fail(`unexpected '${this.text[this.position]}'`);
    }
    return steps;
  }

  private readSteps(inFilter: boolean): Step[] {
    const steps: Step[] = [];
    while (this.position < this.text.length) {
      const char = this.text[this.position];
      if (char === '.' && this.text[this.position + 1] === '.') {
        this.position += 2;
        steps.push({ kind: 'deep', step: this.text[this.position] === '[' ? this.readBracket() : this.readDotMember() });
      } else if (char === '.') {
        this.position += 1;
        steps.push(this.readDotMember());
      } else if (char === '[') {
        steps.push(this.readBracket());
      } else if (inFilter) {
        break;
      } else {
        this.fail(`unexpected '${char}'`);
      }
    }
    return steps;
  }

  private readDotMember(): Step {
    if (this.text[this.position] === '*') {
      this.position += 1;
      return { kind: 'wildcard' };
    }
    const start = this.position;
    while (this.position < this.text.length && !'.[ \t=!<>&|)('.includes(this.text[this.position])) {
      this.position += 1;
    }
    if (this.position === start) {
      this.fail('missing member name');
    }
    const name = this.text.slice(start, this.position);
    if (this.text.startsWith('()', this.position) && this.position + 2 === this.text.length && PATH_FUNCTIONS.has(name)) {
      // A function call (`.length()`), only at the very end of the path.
      this.position += 2;
      return { kind: 'name', name: `${name}()` };
    }
    return { kind: 'name', name };
  }

  private readBracket(): Step {
    this.expect('[');
    this.skipSpaces();
    const char = this.text[this.position];
    let step: Step;
    if (char === '*') {
      this.position += 1;
      step = { kind: 'wildcard' };
    } else if (char === '?') {
      this.position += 1;
      this.skipSpaces();
      this.expect('(');
      const expression = this.readOr();
      this.skipSpaces();
      this.expect(')');
      step = { kind: 'filter', expression };
    } else {
      const members: Array<string | number> = [];
      let slice: Array<number | undefined> | undefined;
      for (;;) {
        this.skipSpaces();
        const quote = this.text[this.position];
        if (quote === '\'' || quote === '"') {
          members.push(this.readQuoted());
        } else {
          const start = this.position;
          while (this.position < this.text.length && /[-0-9:]/.test(this.text[this.position])) {
            this.position += 1;
          }
          const token = this.text.slice(start, this.position);
          if (token.includes(':')) {
            slice = token.split(':').map((part) => (part === '' ? undefined : Number(part)));
            if (slice.length > 3 || slice.some((part) => part !== undefined && !Number.isInteger(part))) {
              this.fail('bad slice');
            }
          } else if (/^-?\d+$/.test(token)) {
            members.push(Number(token));
          } else {
            this.fail('bad subscript');
          }
        }
        this.skipSpaces();
        if (this.text[this.position] === ',') {
          this.position += 1;
          continue;
        }
        break;
      }
      if (slice) {
        if (members.length > 0) {
          this.fail('a slice cannot be part of a union');
        }
        step = { kind: 'slice', start: slice[0], end: slice[1], step: slice[2] };
      } else if (members.length === 1) {
        step = typeof members[0] === 'number' ? { kind: 'index', index: members[0] } : { kind: 'name', name: members[0] };
      } else {
        step = { kind: 'union', members };
      }
    }
    this.skipSpaces();
    this.expect(']');
    return step;
  }

  private readOr(): FilterNode {
    let left = this.readAnd();
    for (;;) {
      this.skipSpaces();
      if (!this.text.startsWith('||', this.position)) {
        return left;
      }
      this.position += 2;
      left = { kind: 'or', left, right: this.readAnd() };
    }
  }

  private readAnd(): FilterNode {
    let left = this.readUnary();
    for (;;) {
      this.skipSpaces();
      if (!this.text.startsWith('&&', this.position)) {
        return left;
      }
      this.position += 2;
      left = { kind: 'and', left, right: this.readUnary() };
    }
  }

  private readUnary(): FilterNode {
    this.skipSpaces();
    if (this.text[this.position] === '!' && this.text[this.position + 1] !== '=') {
      this.position += 1;
      return { kind: 'not', operand: this.readUnary() };
    }
    if (this.text[this.position] === '(') {
      this.position += 1;
      const inner = this.readOr();
      this.skipSpaces();
      this.expect(')');
      return inner;
    }
    const left = this.readOperand();
    this.skipSpaces();
    const operator = /^(==|!=|<=|>=|<|>)/.exec(this.text.slice(this.position))?.[1];
    if (!operator) {
      return { kind: 'exists', operand: left };
    }
    this.position += operator.length;
    return { kind: 'compare', operator, left, right: this.readOperand() };
  }

  private readOperand(): FilterOperand {
    this.skipSpaces();
    const char = this.text[this.position];
    if (char === '@' || char === '$') {
      this.position += 1;
      return { kind: 'path', root: char, steps: this.readSteps(true) };
    }
    if (char === '\'' || char === '"') {
      return { kind: 'literal', value: this.readQuoted() };
    }
    const match = /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(this.text.slice(this.position));
    if (!match) {
      this.fail('bad filter operand');
    }
    this.position += match![1].length;
    return { kind: 'literal', value: JSON.parse(match![1]) };
  }

  private readQuoted(): string {
    const quote = this.text[this.position];
    this.position += 1;
    let value = '';
    while (this.position < this.text.length && this.text[this.position] !== quote) {
      if (this.text[this.position] === '\\' && this.position + 1 < this.text.length) {
        this.position += 1;
      }
      value += this.text[this.position];
      this.position += 1;
    }
    this.expect(quote);
    return value;
  }

  private skipSpaces(): void {
    while (this.text[this.position] === ' ') {
      this.position += 1;
    }
  }

  private expect(char: string): void {
    if (this.text[this.position] !== char) {
      this.fail(`expected '${char}'`);
    }
    this.position += 1;
  }

  private fail(reason: string): never {
    throw new InvalidPathError(this.text, `${reason} at position ${this.position}`);
  }
}

/** A path that does not parse. The engine reports it as AWS does for the field it was found in. */
export class InvalidPathError extends Error {
  constructor(public readonly path: string, reason: string) {
    super(`Invalid JSONPath '${path}': ${reason}`);
    this.name = 'InvalidPathError';
  }
}

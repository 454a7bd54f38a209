/*
 * The JSONPath grammar Step Functions accepts ("Paths" and "Reference paths", developer guide), read into steps and
 * filter expressions; json-path.ts selects and writes with them.
 */

/** The functions a path may end with. */
export type PathFunction = 'length';
export const PATH_FUNCTIONS: ReadonlySet<string> = new Set<PathFunction>(['length']);

export type Step =
  | { kind: 'name'; name: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  | { kind: 'deep'; step: Step }
  | { kind: 'union'; members: Array<string | number> }
  | { kind: 'slice'; start?: number; end?: number; step?: number }
  | { kind: 'filter'; expression: FilterNode };

export type FilterNode =
  | { kind: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; operand: FilterNode }
  | { kind: 'compare'; operator: string; left: FilterOperand; right: FilterOperand }
  | { kind: 'exists'; operand: FilterOperand };

export type FilterOperand = { kind: 'literal'; value: unknown } | { kind: 'path'; root: '@' | '$'; steps: Step[] };

/** Reads a path text into steps, failing with InvalidPathError at the first character it cannot read. */
export class PathReader {
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
    return this.readLeftAssociative('||', 'or', () => this.readAnd());
  }

  private readAnd(): FilterNode {
    return this.readLeftAssociative('&&', 'and', () => this.readUnary());
  }

  /** `a op b op c` as `(a op b) op c`: || binds looser than &&, so each level reads its operands from the next. */
  private readLeftAssociative(operator: '||' | '&&', kind: 'or' | 'and', readOperand: () => FilterNode): FilterNode {
    let left = readOperand();
    for (;;) {
      this.skipSpaces();
      if (!this.text.startsWith(operator, this.position)) {
        return left;
      }
      this.position += operator.length;
      left = { kind, left, right: readOperand() };
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

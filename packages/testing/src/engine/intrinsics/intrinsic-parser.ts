import { StatesError } from '../states-error';

/** A parsed intrinsic argument: a literal value, a JSONPath to read, or a nested call. */
export type IntrinsicArgument =
  | { readonly kind: 'literal'; readonly value: unknown; readonly raw?: string }
  | { readonly kind: 'path'; readonly path: string }
  | IntrinsicCall;

export interface IntrinsicCall {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly IntrinsicArgument[];
}

// "You can nest up to 10 intrinsic functions within a field" (developer guide, Intrinsic functions for JSONPath states).
export const MAX_INTRINSIC_FUNCTIONS_PER_FIELD = 10;

const FUNCTION_NAME = /^States\.[A-Za-z0-9]+/;
const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/;

/**
 * Parses `States.Name(arg, ...)`. Arguments are single-quoted strings (with `\'`, `\{`, `\}` and `\\` escapes),
 * numbers, `null`, `true`, `false`, JSONPaths (`$.a`, `$$.Execution.Id`, `$var`) and nested calls.
 * Throws `States.IntrinsicFailure` naming the position of the first syntax error.
 */
export function parseIntrinsic(expression: string): IntrinsicCall {
  const parser = new Parser(expression);
  const call = parser.parseCall();
  parser.skipSpaces();
  if (!parser.atEnd()) parser.fail('unexpected text after the closing parenthesis');
  if (parser.functionCount > MAX_INTRINSIC_FUNCTIONS_PER_FIELD) {
    throw new StatesError('States.IntrinsicFailure',
      `'${expression}' nests ${parser.functionCount} intrinsic functions; a field allows at most ${MAX_INTRINSIC_FUNCTIONS_PER_FIELD}`);
  }
  return call;
}

class Parser {
  public functionCount = 0;
  private pos = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  skipSpaces(): void {
    while (!this.atEnd() && /\s/.test(this.text[this.pos])) this.pos++;
  }

  fail(reason: string): never {
    throw new StatesError('States.IntrinsicFailure', `Invalid intrinsic function '${this.text}' at character ${this.pos}: ${reason}`);
  }

  parseCall(): IntrinsicCall {
    this.skipSpaces();
    const match = FUNCTION_NAME.exec(this.text.slice(this.pos));
    if (!match) this.fail('expected a States.* function name');
    this.pos += match[0].length;
    this.functionCount++;
    this.skipSpaces();
    if (this.text[this.pos] !== '(') this.fail(`expected '(' after ${match[0]}`);
    this.pos++;
    const args: IntrinsicArgument[] = [];
    this.skipSpaces();
    if (this.text[this.pos] === ')') {
      this.pos++;
      return { kind: 'call', name: match[0], args };
    }
    for (;;) {
      args.push(this.parseArgument());
      this.skipSpaces();
      const next = this.text[this.pos];
      if (next === ',') {
        this.pos++;
        continue;
      }
      if (next === ')') {
        this.pos++;
        return { kind: 'call', name: match[0], args };
      }
      this.fail(next === undefined ? "missing ')'" : `expected ',' or ')' but found '${next}'`);
    }
  }

  private parseArgument(): IntrinsicArgument {
    this.skipSpaces();
    const rest = this.text.slice(this.pos);
    if (rest.startsWith("'")) return this.parseString();
    if (rest.startsWith('$')) return { kind: 'path', path: this.parsePath() };
    if (FUNCTION_NAME.test(rest)) return this.parseCall();
    for (const [word, value] of [['null', null], ['true', true], ['false', false]] as const) {
      if (rest.startsWith(word) && !/^[\w.]/.test(rest.slice(word.length))) {
        this.pos += word.length;
        return { kind: 'literal', value };
      }
    }
    const number = NUMBER.exec(rest);
    if (number && !/^[\w.]/.test(rest.slice(number[0].length))) {
      this.pos += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    return this.fail('expected a string, number, null, boolean, path or intrinsic function');
  }

  /** Keeps `raw` (the text between the quotes) so States.Format can tell an escaped `\{` from a placeholder. */
  private parseString(): IntrinsicArgument {
    const start = ++this.pos;
    let value = '';
    while (!this.atEnd()) {
      const char = this.text[this.pos];
      if (char === "'") {
        const raw = this.text.slice(start, this.pos);
        this.pos++;
        return { kind: 'literal', value, raw };
      }
      if (char === '\\') {
        const escaped = this.text[this.pos + 1];
        // "If an open escape backslash \ is found in the intrinsic invocation string, the interpreter will throw a runtime error."
        if (escaped === undefined || !"'{}\\".includes(escaped)) this.fail('open escape backslash in a string literal');
        value += escaped;
        this.pos += 2;
        continue;
      }
      value += char;
      this.pos++;
    }
    return this.fail('unterminated string literal');
  }

  /** A path runs to the next top-level ',' or ')'; brackets and quotes inside it (`$['a,b']`) do not end it. */
  private parsePath(): string {
    const start = this.pos;
    let depth = 0;
    let quote: string | undefined;
    while (!this.atEnd()) {
      const char = this.text[this.pos];
      if (quote) {
        if (char === '\\') this.pos++;
        else if (char === quote) quote = undefined;
      } else if (char === '\'' || char === '"') {
        quote = char;
      } else if (char === '[' || char === '(') {
        depth++;
      } else if (char === ']' || (char === ')' && depth > 0)) {
        depth--;
      } else if (depth === 0 && (char === ',' || char === ')')) {
        break;
      }
      this.pos++;
    }
    const path = this.text.slice(start, this.pos).trim();
    if (quote || depth !== 0) this.fail(`unbalanced brackets or quotes in path '${path}'`);
    return path;
  }
}

import { createHash } from 'node:crypto';
import { evaluateIntrinsic, isIntrinsicFunction, parseIntrinsic } from '../../src/engine/intrinsics';
import { seededRandom } from '../../src/engine/intrinsics/seeded-random';
import { StatesError } from '../../src/engine/states-error';

function errorOf(fn: () => unknown): StatesError {
  try {
    fn();
  } catch (e) {
    return e as StatesError;
  }
  throw new Error('expected an error');
}

const noPaths = { readPath: (path: string): unknown => { throw new Error(`unexpected path ${path}`); } };

describe('intrinsic parser', () => {
  test('parses literals of every kind, paths and nested calls', () => {
    expect(parseIntrinsic("States.Array('a\\'b', -1.5, 2e3, null, true, false, $.x, States.UUID())")).toEqual({
      kind: 'call',
      name: 'States.Array',
      args: [
        { kind: 'literal', value: "a'b", raw: "a\\'b" },
        { kind: 'literal', value: -1.5 },
        { kind: 'literal', value: 2000 },
        { kind: 'literal', value: null },
        { kind: 'literal', value: true },
        { kind: 'literal', value: false },
        { kind: 'path', path: '$.x' },
        { kind: 'call', name: 'States.UUID', args: [] },
      ],
    });
  });

  test('a path argument keeps commas and parentheses inside brackets and quotes', () => {
    const seen: string[] = [];
    const value = evaluateIntrinsic("States.Array($['a,b'], $.list[0], $$.Execution.Id, $myVar.field)", {
      readPath: (path) => {
        seen.push(path);
        return path;
      },
    });
    expect(seen).toEqual(["$['a,b']", '$.list[0]', '$$.Execution.Id', '$myVar.field']);
    expect(value).toEqual(seen);
  });

  test('whitespace around arguments is ignored', () => {
    expect(evaluateIntrinsic("States.Array(  1 ,'x'  , States.Array( ) )", noPaths)).toEqual([1, 'x', []]);
  });

  test.each([
    ['missing closing parenthesis', "States.Array('a'"],
    ['unterminated string', "States.Array('a)"],
    ['text after the call', 'States.Array() x'],
    ['not a States function', 'Array(1)'],
    ['an unquoted word', 'States.Array(abc)'],
    ['a double-quoted string', 'States.Array("a")'],
    ['an unknown function', 'States.Nope(1)'],
  ])('%s is States.IntrinsicFailure', (_, expression) => {
    expect(errorOf(() => evaluateIntrinsic(expression, noPaths)).error).toBe('States.IntrinsicFailure');
  });

  test('ten functions in one field are allowed, eleven are not', () => {
    const nest = (n: number): string => (n === 1 ? 'States.Array()' : `States.Array(${nest(n - 1)})`);
    expect(() => evaluateIntrinsic(nest(10), noPaths)).not.toThrow();
    expect(errorOf(() => evaluateIntrinsic(nest(11), noPaths)).error).toBe('States.IntrinsicFailure');
  });

  test('a path the reader cannot resolve is States.Runtime, not a JavaScript error', () => {
    const failing = { readPath: (): unknown => { throw new TypeError('no such field'); } };
    expect(errorOf(() => evaluateIntrinsic('States.Array($.missing)', failing)).error).toBe('States.Runtime');
  });

  test('isIntrinsicFunction tells calls from paths', () => {
    expect(isIntrinsicFunction("States.Format('{}', $.a)")).toBe(true);
    expect(isIntrinsicFunction('  States.UUID()')).toBe(true);
    expect(isIntrinsicFunction('$.States.Format')).toBe(false);
    expect(isIntrinsicFunction('$$.Execution.Id')).toBe(false);
    expect(isIntrinsicFunction('States.ALL')).toBe(false);
  });
});

describe('intrinsic randomness', () => {
  test('States.UUID is a version 4 UUID and reproducible from a seeded generator', () => {
    const first = evaluateIntrinsic('States.UUID()', { ...noPaths, random: seededRandom(7) });
    const second = evaluateIntrinsic('States.UUID()', { ...noPaths, random: seededRandom(7) });
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).toBe(first);
  });

  test('States.MathRandom stays in [start, end) and its seed argument makes it reproducible', () => {
    const values = Array.from({ length: 200 }, (_, seed) => evaluateIntrinsic(`States.MathRandom(1, 4, ${seed})`, noPaths) as number);
    expect(new Set(values)).toEqual(new Set([1, 2, 3]));
    expect(evaluateIntrinsic('States.MathRandom(1, 999, 42)', noPaths)).toBe(evaluateIntrinsic('States.MathRandom(1, 999, 42)', noPaths));
  });

  test('unseeded States.MathRandom draws from the context generator', () => {
    expect(evaluateIntrinsic('States.MathRandom(10, 20)', { ...noPaths, random: () => 0.5 })).toBe(15);
  });
});

describe('intrinsic answers the old interpreter got wrong', () => {
  test('States.Hash of 56 bytes and more matches node:crypto', () => {
    const data = 'a'.repeat(56);
    const sha = createHash('sha256').update(data).digest('hex');
    expect(evaluateIntrinsic("States.Hash($.d, 'SHA-256')", { readPath: () => data })).toBe(sha);
  });

  test('States.StringSplit drops the empty pieces between adjacent delimiters', () => {
    expect(evaluateIntrinsic("States.StringSplit('a,,b,', ',')", noPaths)).toEqual(['a', 'b']);
  });

  test('States.Format inserts a JSON value as JSON text', () => {
    expect(evaluateIntrinsic("States.Format('v={}', $.v)", { readPath: () => ({ q: 'a"b' }) })).toBe('v={"q":"a\\"b"}');
  });
});

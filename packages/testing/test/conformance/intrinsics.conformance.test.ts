import { createHash } from 'node:crypto';
import { INTRINSICS } from './aws-docs';
import { ExpressionCase } from './expression-case';
import { pathReader } from './json-path-reader';
import { evaluateIntrinsic } from '../../src/engine/intrinsics';
import { StatesError } from '../../src/engine/states-error';

/**
 * Every intrinsic function example of the developer guide, and the argument rules and limits the same page states.
 * Module-level: the cases call evaluateIntrinsic with a path reader over `input`.
 */

const ARRAYS = `${INTRINSICS} — Intrinsics for arrays`;
const ENCODING = `${INTRINSICS} — Intrinsics for data encoding and decoding`;
const HASH = `${INTRINSICS} — Intrinsic for hash calculation`;
const JSON_DATA = `${INTRINSICS} — Intrinsics for JSON data manipulation`;
const MATH = `${INTRINSICS} — Intrinsics for Math operations`;
const STRING = `${INTRINSICS} — Intrinsic for String operation`;
const UNIQUE = `${INTRINSICS} — Intrinsic for unique identifier generation`;
const GENERIC = `${INTRINSICS} — Intrinsics for generic operation`;
const RESERVED = `${INTRINSICS} — Reserved characters in intrinsic functions`;
const NESTING = `${INTRINSICS} — (introduction: "You can nest up to 10 intrinsic functions within a field")`;

const NINE_TO_ONE = [1, 2, 3, 4, 5, 6, 7, 8, 9];
const LONG_DATA = 'x'.repeat(10_001);

const cases: ExpressionCase[] = [
  // States.Array
  { title: 'States.Array wraps a path value', source: ARRAYS, expression: 'States.Array($.Id)', input: { Id: 123456 }, expected: [123456] },
  { title: 'States.Array with zero arguments is an empty array', source: ARRAYS, expression: 'States.Array()', expected: [] },
  { title: 'States.Array keeps argument order and types', source: ARRAYS, expression: "States.Array('a', 1, true, null)", expected: ['a', 1, true, null] },
  // States.ArrayPartition
  { title: 'States.ArrayPartition example: chunks of 4, last one shorter', source: ARRAYS, expression: 'States.ArrayPartition($.inputArray,4)', input: { inputArray: [1, 2, 3, 4, 5, 6, 7, 9] }, expected: [[1, 2, 3, 4], [5, 6, 7, 9]] },
  { title: 'States.ArrayPartition with a chunk size larger than the array', source: ARRAYS, expression: 'States.ArrayPartition($.a, 10)', input: { a: [1, 2] }, expected: [[1, 2]] },
  { title: 'States.ArrayPartition of an empty array', source: ARRAYS, expression: 'States.ArrayPartition($.a, 2)', input: { a: [] }, expected: [] },
  { title: 'States.ArrayPartition refuses a first argument that is not an array', source: ARRAYS, expression: "States.ArrayPartition('abc', 2)", error: 'States.IntrinsicFailure' },
  // States.ArrayContains
  { title: 'States.ArrayContains example: the value is in the array', source: ARRAYS, expression: 'States.ArrayContains($.inputArray, $.lookingFor)', input: { inputArray: NINE_TO_ONE, lookingFor: 5 }, expected: true },
  { title: 'States.ArrayContains is false for a missing value', source: ARRAYS, expression: 'States.ArrayContains($.inputArray, $.lookingFor)', input: { inputArray: NINE_TO_ONE, lookingFor: 10 }, expected: false },
  { title: 'States.ArrayContains compares JSON objects by value', source: ARRAYS, expression: 'States.ArrayContains($.a, $.v)', input: { a: [{ k: 1 }], v: { k: 1 } }, expected: true },
  // States.ArrayRange
  { title: 'States.ArrayRange example: 1 to 9 step 2', source: ARRAYS, expression: 'States.ArrayRange(1, 9, 2)', expected: [1, 3, 5, 7, 9] },
  { title: 'States.ArrayRange ends at the last value not past the end', source: ARRAYS, expression: 'States.ArrayRange(0, 10, 3)', expected: [0, 3, 6, 9] },
  { title: 'States.ArrayRange counts down with a negative step', source: ARRAYS, expression: 'States.ArrayRange(5, 1, -2)', expected: [5, 3, 1] },
  { title: 'States.ArrayRange may produce 1000 items', source: ARRAYS, expression: 'States.ArrayRange(1, 1000, 1)', expected: Array.from({ length: 1000 }, (_, i) => i + 1) },
  { title: 'States.ArrayRange fails above 1000 items', source: ARRAYS, expression: 'States.ArrayRange(1, 1001, 1)', error: 'States.IntrinsicFailure' },
  { title: 'States.ArrayRange needs exactly three arguments', source: ARRAYS, expression: 'States.ArrayRange(1, 9)', error: 'States.IntrinsicFailure' },
  // States.ArrayGetItem
  { title: 'States.ArrayGetItem example: index 5 is the sixth item', source: ARRAYS, expression: 'States.ArrayGetItem($.inputArray, $.index)', input: { inputArray: NINE_TO_ONE, index: 5 }, expected: 6 },
  { title: 'States.ArrayGetItem with a literal index 0', source: ARRAYS, expression: 'States.ArrayGetItem($.inputArray, 0)', input: { inputArray: ['a', 'b'] }, expected: 'a' },
  { title: 'States.ArrayGetItem refuses a non-integer index', source: ARRAYS, expression: "States.ArrayGetItem($.inputArray, 'x')", input: { inputArray: [1] }, error: 'States.IntrinsicFailure' },
  // States.ArrayLength
  { title: 'States.ArrayLength example: nine items', source: ARRAYS, expression: 'States.ArrayLength($.inputArray)', input: { inputArray: NINE_TO_ONE }, expected: 9 },
  { title: 'States.ArrayLength of an empty array is 0', source: ARRAYS, expression: 'States.ArrayLength($.a)', input: { a: [] }, expected: 0 },
  { title: 'States.ArrayLength refuses an object', source: ARRAYS, expression: 'States.ArrayLength($.a)', input: { a: { length: 3 } }, error: 'States.IntrinsicFailure' },
  // States.ArrayUnique
  { title: 'States.ArrayUnique example: duplicates removed, order kept', source: ARRAYS, expression: 'States.ArrayUnique($.inputArray)', input: { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] }, expected: [1, 2, 3, 4] },
  { title: 'States.ArrayUnique compares strings and objects by value', source: ARRAYS, expression: 'States.ArrayUnique($.a)', input: { a: ['x', 'x', { k: 1 }, { k: 1 }] }, expected: ['x', { k: 1 }] },
  // States.Base64Encode / Base64Decode
  { title: 'States.Base64Encode example', source: ENCODING, expression: 'States.Base64Encode($.input)', input: { input: 'Data to encode' }, expected: 'RGF0YSB0byBlbmNvZGU=' },
  { title: 'States.Base64Decode example', source: ENCODING, expression: 'States.Base64Decode($.base64)', input: { base64: 'RGF0YSB0byBlbmNvZGU=' }, expected: 'Data to encode' },
  { title: 'States.Base64Encode accepts a literal string', source: ENCODING, expression: "States.Base64Encode('Data to encode')", expected: 'RGF0YSB0byBlbmNvZGU=' },
  { title: 'States.Base64Encode of 10,000 characters is allowed', source: ENCODING, expression: 'States.Base64Encode($.s)', input: { s: 'a'.repeat(10_000) }, expected: Buffer.from('a'.repeat(10_000)).toString('base64') },
  { title: 'States.Base64Encode fails above 10,000 characters', source: ENCODING, expression: 'States.Base64Encode($.s)', input: { s: LONG_DATA }, error: 'States.IntrinsicFailure' },
  { title: 'States.Base64Decode fails above 10,000 characters', source: ENCODING, expression: 'States.Base64Decode($.s)', input: { s: 'QUFB'.repeat(2501) }, error: 'States.IntrinsicFailure' },
  { title: 'States.Base64Encode refuses a number', source: ENCODING, expression: 'States.Base64Encode(42)', error: 'States.IntrinsicFailure' },
  // States.Hash
  { title: 'States.Hash example: SHA-1 of "input data"', source: HASH, expression: 'States.Hash($.Data, $.Algorithm)', input: { Data: 'input data', Algorithm: 'SHA-1' }, expected: 'aaff4a450a104cd177d28d18d74485e8cae074b7' },
  { title: 'States.Hash MD5', source: HASH, expression: "States.Hash($.Data, 'MD5')", input: { Data: 'input data' }, expected: '812f45842bc6d66ee14572ce20db8e86' },
  { title: 'States.Hash SHA-256', source: HASH, expression: "States.Hash($.Data, 'SHA-256')", input: { Data: 'input data' }, expected: 'b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3' },
  { title: 'States.Hash SHA-384', source: HASH, expression: "States.Hash($.Data, 'SHA-384')", input: { Data: 'input data' }, expected: 'd28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562' },
  { title: 'States.Hash SHA-512', source: HASH, expression: "States.Hash($.Data, 'SHA-512')", input: { Data: 'input data' }, expected: '6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4' },
  { title: 'States.Hash of an execution ARN (over 56 bytes) is the standard SHA-256', source: HASH, expression: "States.Hash($$.Execution.Id, 'SHA-256')", expected: '__sha256_of_execution_id__' },
  { title: 'States.Hash refuses an algorithm outside the five listed', source: HASH, expression: "States.Hash($.Data, 'SHA-224')", input: { Data: 'input data' }, error: 'States.IntrinsicFailure' },
  { title: 'States.Hash fails above 10,000 characters', source: HASH, expression: "States.Hash($.s, 'MD5')", input: { s: LONG_DATA }, error: 'States.IntrinsicFailure' },
  // States.JsonMerge / StringToJson / JsonToString
  { title: 'States.JsonMerge example: shallow merge, the second object wins', source: JSON_DATA, expression: 'States.JsonMerge($.json1, $.json2, false)', input: { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } }, expected: { a: { a3: 1, a4: 2 }, b: 2, c: 3 } },
  { title: 'States.JsonMerge refuses deep merging (true)', source: JSON_DATA, expression: 'States.JsonMerge($.json1, $.json2, true)', input: { json1: {}, json2: {} }, error: 'States.IntrinsicFailure' },
  { title: 'States.JsonMerge refuses an array argument', source: JSON_DATA, expression: 'States.JsonMerge($.a, $.b, false)', input: { a: [], b: {} }, error: 'States.IntrinsicFailure' },
  { title: 'States.StringToJson example', source: JSON_DATA, expression: 'States.StringToJson($.escapedJsonString)', input: { escapedJsonString: '{"foo": "bar"}' }, expected: { foo: 'bar' } },
  { title: 'States.StringToJson parses a JSON number', source: JSON_DATA, expression: 'States.StringToJson($.s)', input: { s: '42' }, expected: 42 },
  { title: 'States.StringToJson fails with States.IntrinsicFailure on text that is not JSON', source: JSON_DATA, expression: 'States.StringToJson($.s)', input: { s: '{not json' }, error: 'States.IntrinsicFailure' },
  { title: 'States.JsonToString example', source: JSON_DATA, expression: 'States.JsonToString($.unescapedJson)', input: { unescapedJson: { foo: 'bar' } }, expected: '{"foo":"bar"}' },
  { title: 'States.JsonToString escapes quotes and backslashes (the result is JSON text)', source: JSON_DATA, expression: 'States.JsonToString($.v)', input: { v: { s: 'say "hi" \\o/' } }, expected: '{"s":"say \\"hi\\" \\\\o/"}' },
  { title: 'States.JsonToString of a string is a quoted JSON string', source: JSON_DATA, expression: 'States.JsonToString($.v)', input: { v: 'a"b' }, expected: '"a\\"b"' },
  { title: 'States.JsonToString requires a path argument', source: JSON_DATA, expression: "States.JsonToString('x')", error: 'States.IntrinsicFailure' },
  // States.MathAdd / MathRandom
  { title: 'States.MathAdd example: 111 + -1', source: MATH, expression: 'States.MathAdd($.value1, $.step)', input: { value1: 111, step: -1 }, expected: 110 },
  { title: 'States.MathAdd rounds a decimal argument to the nearest integer (down)', source: MATH, expression: 'States.MathAdd($.a, $.b)', input: { a: 1.2, b: 1 }, expected: 2 },
  { title: 'States.MathAdd rounds a decimal argument to the nearest integer (up)', source: MATH, expression: 'States.MathAdd($.a, $.b)', input: { a: 2.7, b: 1.8 }, expected: 5 },
  { title: 'States.MathAdd refuses a value below -2147483648', source: MATH, expression: 'States.MathAdd($.a, 1)', input: { a: -2147483649 }, error: 'States.IntrinsicFailure' },
  { title: 'States.MathAdd refuses a value above 2147483647', source: MATH, expression: 'States.MathAdd($.a, 1)', input: { a: 2147483648 }, error: 'States.IntrinsicFailure' },
  { title: 'States.MathAdd refuses a string', source: MATH, expression: "States.MathAdd('1', 1)", error: 'States.IntrinsicFailure' },
  { title: 'States.MathRandom needs at least start and end', source: MATH, expression: 'States.MathRandom(1)', error: 'States.IntrinsicFailure' },
  { title: 'States.MathRandom refuses a non-integer start', source: MATH, expression: "States.MathRandom('a', 10)", error: 'States.IntrinsicFailure' },
  // States.StringSplit
  { title: 'States.StringSplit example: comma-separated', source: STRING, expression: 'States.StringSplit($.inputString, $.splitter)', input: { inputString: '1,2,3,4,5', splitter: ',' }, expected: ['1', '2', '3', '4', '5'] },
  { title: 'States.StringSplit example: every delimiter character splits', source: STRING, expression: 'States.StringSplit($.inputString, $.splitter)', input: { inputString: 'This.is+a,test=string', splitter: '.+,=' }, expected: ['This', 'is', 'a', 'test', 'string'] },
  { title: 'States.StringSplit with literal arguments', source: STRING, expression: "States.StringSplit('a/b/c', '/')", expected: ['a', 'b', 'c'] },
  { title: 'States.StringSplit refuses a number', source: STRING, expression: "States.StringSplit(12, ',')", error: 'States.IntrinsicFailure' },
  // States.UUID
  { title: 'States.UUID takes no arguments', source: UNIQUE, expression: "States.UUID('x')", error: 'States.IntrinsicFailure' },
  // States.Format
  { title: 'States.Format example with a literal template', source: GENERIC, expression: "States.Format('Hello, my name is {}.', $.name)", input: { name: 'Arnav', template: 'Hello, my name is {}.' }, expected: 'Hello, my name is Arnav.' },
  { title: 'States.Format example with the template read from a path', source: GENERIC, expression: 'States.Format($.template, $.name)', input: { name: 'Arnav', template: 'Hello, my name is {}.' }, expected: 'Hello, my name is Arnav.' },
  { title: 'States.Format with several placeholders', source: GENERIC, expression: "States.Format('{}-{}-{}', 'a', 1, true)", expected: 'a-1-true' },
  { title: 'States.Format with no placeholders and no arguments', source: GENERIC, expression: "States.Format('plain')", expected: 'plain' },
  { title: 'States.Format needs as many arguments as placeholders (too few)', source: GENERIC, expression: "States.Format('{} {}', 'a')", error: 'States.IntrinsicFailure' },
  { title: 'States.Format needs as many arguments as placeholders (too many)', source: GENERIC, expression: "States.Format('{}', 'a', 'b')", error: 'States.IntrinsicFailure' },
  { title: 'States.Format needs a string template', source: GENERIC, expression: 'States.Format(12)', error: 'States.IntrinsicFailure' },
  // Reserved characters
  { title: "\\' in a literal is a quote", source: RESERVED, expression: String.raw`States.Format('It\'s {}', $.name)`, input: { name: 'Arnav' }, expected: "It's Arnav" },
  { title: '\\{ and \\} in a template are literal braces, not a placeholder', source: RESERVED, expression: String.raw`States.Format('\{\} {}', 'x')`, expected: '{} x' },
  { title: '\\\\ in a literal is one backslash', source: RESERVED, expression: String.raw`States.Format('C:\\{}', 'dir')`, expected: 'C:\\dir' },
  { title: 'an unescaped brace that is not a placeholder is an error (braces are reserved)', source: RESERVED, expression: String.raw`States.Format('{"path": "{}"}', $.p)`, input: { p: 'x' }, error: 'States.IntrinsicFailure' },
  { title: 'escaped braces and quotes build JSON text', source: RESERVED, expression: String.raw`States.Format('\{"path": "{}"\}', $.p)`, input: { p: 'x' }, expected: '{"path": "x"}' },
  { title: 'an open escape backslash is a runtime error', source: RESERVED, expression: String.raw`States.Format('bad \x {}', 'a')`, error: 'States.IntrinsicFailure' },
  // Nesting
  { title: 'nested calls: ArrayGetItem of StringSplit', source: NESTING, expression: "States.ArrayGetItem(States.StringSplit($.Arn, '/'), 1)", input: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.0' }, expected: 'my-recipe' },
  { title: 'nested calls four deep as in the guide\'s myArn example', source: NESTING, expression: "States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.Arn, '/'), 2), '.'), 0)", input: { Arn: 'arn:aws:imagebuilder:us-east-1:123456789012:image-recipe/my-recipe/1.0.0' }, expected: '1' },
];

const EXECUTION_ID = 'arn:aws:states:us-east-1:123456789012:execution:conformance-state-machine:0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';

describe('intrinsic functions conformance (JSONPath states)', () => {
  test.each(cases)('[intrinsics] $title', ({ expression, input, expected, error }) => {
    const readPath = pathReader(input ?? {}, {}, { Execution: { Id: EXECUTION_ID } });
    const evaluate = () => evaluateIntrinsic(expression, { readPath });
    if (error) {
      expect(evaluate).toThrow(StatesError);
      try {
        evaluate();
      } catch (e) {
        expect((e as StatesError).error).toBe(error);
      }
      return;
    }
    const want = expected === '__sha256_of_execution_id__'
      ? createHash('sha256').update(EXECUTION_ID).digest('hex')
      : expected;
    expect(evaluate()).toEqual(want);
  });

  test('every case cites the intrinsic functions page', () => {
    expect(cases.every((c) => c.source.startsWith(INTRINSICS))).toBe(true);
  });
});

import { createHash } from 'node:crypto';
import { StatesError } from '../states-error';
import { IntrinsicArgument } from './intrinsic-parser';
import { describeType, isJsonObject, jsonEquals } from './json-values';
import { seededRandom, uuidV4 } from './seeded-random';

/** What a function receives: its evaluated arguments, the parsed arguments (for literal-only rules) and the randomness. */
export interface IntrinsicInvocation {
  readonly name: string;
  readonly values: readonly unknown[];
  readonly args: readonly IntrinsicArgument[];
  readonly random: () => number;
}

type IntrinsicFunction = (call: IntrinsicInvocation) => unknown;

// Limits from the developer guide, "Intrinsic functions for JSONPath states in Step Functions".
const MAX_ENCODING_INPUT_CHARACTERS = 10_000;
const MAX_ARRAY_RANGE_ITEMS = 1_000;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const HASH_ALGORITHMS: Record<string, string> = { 'MD5': 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function failure(call: IntrinsicInvocation, reason: string): StatesError {
  return new StatesError('States.IntrinsicFailure', `${call.name}: ${reason}`);
}

function expectArgumentCount(call: IntrinsicInvocation, min: number, max = min): void {
  const count = call.values.length;
  if (count < min || count > max) {
    const expected = min === max ? `${min}` : max === Infinity ? `at least ${min}` : `${min} to ${max}`;
    throw failure(call, `expected ${expected} argument(s) but received ${count}`);
  }
}

function stringArgument(call: IntrinsicInvocation, index: number): string {
  const value = call.values[index];
  if (typeof value !== 'string') throw failure(call, `argument ${index + 1} must be a string, received ${describeType(value)}`);
  return value;
}

function arrayArgument(call: IntrinsicInvocation, index: number): unknown[] {
  const value = call.values[index];
  if (!Array.isArray(value)) throw failure(call, `argument ${index + 1} must be an array, received ${describeType(value)}`);
  return value;
}

function integerArgument(call: IntrinsicInvocation, index: number): number {
  const value = call.values[index];
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw failure(call, `argument ${index + 1} must be an integer, received ${JSON.stringify(value)}`);
  }
  return value;
}

function boundedString(call: IntrinsicInvocation, index: number): string {
  const value = stringArgument(call, index);
  if (value.length > MAX_ENCODING_INPUT_CHARACTERS) {
    throw failure(call, `the input has ${value.length} characters; the maximum is ${MAX_ENCODING_INPUT_CHARACTERS}`);
  }
  return value;
}

/** A value as it appears inside a formatted string: strings as they are, everything else as JSON text. */
function formatValue(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * Splits a States.Format template into literal text and `{}` placeholders. In a string literal, `\{` and `\}` are
 * literal braces; an unescaped brace that is not part of `{}` is an error, because the braces are reserved characters.
 */
function formatTemplate(call: IntrinsicInvocation): string[] {
  const arg = call.args[0];
  const literal = arg.kind === 'literal' && typeof arg.raw === 'string';
  const text = literal ? (arg as { raw: string }).raw : stringArgument(call, 0);
  const pieces: string[] = [''];
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (literal && char === '\\') {
      pieces[pieces.length - 1] += text[++i];
    } else if (char === '{' && text[i + 1] === '}') {
      pieces.push('');
      i++;
    } else if (literal && (char === '{' || char === '}')) {
      throw failure(call, `unescaped '${char}' in the template at character ${i}; write \\${char} for a literal brace`);
    } else {
      pieces[pieces.length - 1] += char;
    }
  }
  return pieces;
}

const FUNCTIONS: Record<string, IntrinsicFunction> = {
  'States.Format': (call) => {
    expectArgumentCount(call, 1, Infinity);
    stringArgument(call, 0);
    const pieces = formatTemplate(call);
    const values = call.values.slice(1);
    if (values.length !== pieces.length - 1) {
      throw failure(call, `the template has ${pieces.length - 1} placeholder(s) but ${values.length} argument(s) follow it`);
    }
    return pieces.reduce((out, piece, i) => out + (i === 0 ? '' : formatValue(values[i - 1])) + piece, '');
  },
  'States.StringToJson': (call) => {
    expectArgumentCount(call, 1);
    const text = stringArgument(call, 0);
    try {
      return JSON.parse(text);
    } catch (error) {
      throw failure(call, `the argument is not valid JSON: ${(error as Error).message}`);
    }
  },
  'States.JsonToString': (call) => {
    expectArgumentCount(call, 1);
    if (call.args[0].kind !== 'path') throw failure(call, 'the argument must be a path');
    return JSON.stringify(call.values[0]);
  },
  'States.Array': (call) => [...call.values],
  'States.ArrayPartition': (call) => {
    expectArgumentCount(call, 2);
    const array = arrayArgument(call, 0);
    const size = integerArgument(call, 1);
    if (size <= 0) throw failure(call, `the chunk size must be a positive integer, received ${size}`);
    const chunks: unknown[][] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  },
  'States.ArrayContains': (call) => {
    expectArgumentCount(call, 2);
    return arrayArgument(call, 0).some((item) => jsonEquals(item, call.values[1]));
  },
  'States.ArrayRange': (call) => {
    expectArgumentCount(call, 3);
    const [start, end, step] = [integerArgument(call, 0), integerArgument(call, 1), integerArgument(call, 2)];
    if (step === 0) throw failure(call, 'the step must not be 0');
    const count = Math.max(0, Math.floor((end - start) / step) + 1);
    if (count > MAX_ARRAY_RANGE_ITEMS) throw failure(call, `the range has ${count} items; the maximum is ${MAX_ARRAY_RANGE_ITEMS}`);
    return Array.from({ length: count }, (_, i) => start + i * step);
  },
  'States.ArrayGetItem': (call) => {
    expectArgumentCount(call, 2);
    const array = arrayArgument(call, 0);
    const index = integerArgument(call, 1);
    if (index < 0 || index >= array.length) throw failure(call, `index ${index} is out of bounds for an array of ${array.length} items`);
    return array[index];
  },
  'States.ArrayLength': (call) => {
    expectArgumentCount(call, 1);
    return arrayArgument(call, 0).length;
  },
  'States.ArrayUnique': (call) => {
    expectArgumentCount(call, 1);
    const unique: unknown[] = [];
    for (const item of arrayArgument(call, 0)) if (!unique.some((seen) => jsonEquals(seen, item))) unique.push(item);
    return unique;
  },
  'States.Base64Encode': (call) => {
    expectArgumentCount(call, 1);
    return Buffer.from(boundedString(call, 0), 'utf8').toString('base64');
  },
  'States.Base64Decode': (call) => {
    expectArgumentCount(call, 1);
    const encoded = boundedString(call, 0);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1) throw failure(call, 'the argument is not valid base64');
    return Buffer.from(encoded, 'base64').toString('utf8');
  },
  'States.Hash': (call) => {
    expectArgumentCount(call, 2);
    const data = boundedString(call, 0);
    const algorithm = stringArgument(call, 1);
    const nodeAlgorithm = HASH_ALGORITHMS[algorithm];
    if (!nodeAlgorithm) throw failure(call, `unsupported algorithm '${algorithm}'; use one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
    return createHash(nodeAlgorithm).update(data, 'utf8').digest('hex');
  },
  'States.JsonMerge': (call) => {
    expectArgumentCount(call, 3);
    const [left, right, deep] = call.values;
    if (!isJsonObject(left) || !isJsonObject(right)) throw failure(call, 'the first two arguments must be JSON objects');
    // Step Functions supports only the shallow merge: the third argument must be false.
    if (deep !== false) throw failure(call, 'only shallow merging is supported; the third argument must be false');
    return { ...left, ...right };
  },
  'States.MathRandom': (call) => {
    expectArgumentCount(call, 2, 3);
    const start = integerArgument(call, 0);
    const end = integerArgument(call, 1);
    for (const value of [start, end]) if (value < INT32_MIN || value > INT32_MAX) throw failure(call, `${value} is outside the 32-bit integer range`);
    if (start >= end) throw failure(call, `the start (${start}) must be less than the end (${end})`);
    const random = call.values.length === 3 ? seededRandom(integerArgument(call, 2)) : call.random;
    // The start is inclusive and the end exclusive.
    return start + Math.floor(random() * (end - start));
  },
  'States.MathAdd': (call) => {
    expectArgumentCount(call, 2);
    const [a, b] = call.values.map((value, i) => {
      if (typeof value !== 'number') throw failure(call, `argument ${i + 1} must be a number, received ${describeType(value)}`);
      if (value < INT32_MIN || value > INT32_MAX) throw failure(call, `${value} is outside the 32-bit integer range`);
      // "If you specify a non-integer value for one or both the arguments, Step Functions will round it off to the nearest integer."
      return Math.round(value);
    });
    return a + b;
  },
  'States.StringSplit': (call) => {
    expectArgumentCount(call, 2);
    const text = stringArgument(call, 0);
    const delimiters = [...stringArgument(call, 1)];
    // Each character of the delimiter splits the string; empty pieces are dropped.
    const pieces: string[] = [];
    let current = '';
    for (const char of text) {
      if (delimiters.includes(char)) {
        if (current) pieces.push(current);
        current = '';
      } else {
        current += char;
      }
    }
    if (current) pieces.push(current);
    return pieces;
  },
  'States.UUID': (call) => {
    expectArgumentCount(call, 0);
    return uuidV4(call.random);
  },
};

export const INTRINSIC_FUNCTION_NAMES: readonly string[] = Object.keys(FUNCTIONS);

export function invokeIntrinsic(call: IntrinsicInvocation): unknown {
  const fn = FUNCTIONS[call.name];
  if (!fn) throw new StatesError('States.IntrinsicFailure', `Unknown intrinsic function '${call.name}'`);
  return fn(call);
}

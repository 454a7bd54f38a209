import { createHash } from 'node:crypto';
import type jsonata from 'jsonata';
import { seededRandom, uuidV4 } from './intrinsics/seeded-random';
import { StatesError } from './states-error';

/**
 * The JSONata functions Step Functions adds and removes ("Transforming data with JSONata in Step Functions", JSONata
 * functions provided by Step Functions; Supported JSONata version): `$partition`, `$range`, `$hash`, `$random`,
 * `$uuid` and `$parse` are added; `$eval` is not available.
 */
export const REMOVED_JSONATA_FUNCTIONS: readonly string[] = ['$eval'];

const HASH_ALGORITHMS: Record<string, string> = { 'MD5': 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

export interface StepFunctionsFunctionContext {
  /** The partition of the execution's ARNs (aws, aws-cn, aws-us-gov). */
  readonly partition: string;
  /** Randomness for `$random()` without a seed and for `$uuid()`. */
  readonly random?: () => number;
  /** A seed for reproducible runs, used when `random` is not given. */
  readonly seed?: string;
}

function failure(name: string, reason: string): StatesError {
  return new StatesError('States.QueryEvaluationError', `$${name}: ${reason}`);
}

function isInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** Registers the Step Functions functions on a compiled expression (call before each evaluate). */
export function registerStepFunctionsFunctions(expression: jsonata.Expression, context: StepFunctionsFunctionContext): void {
  const random = context.random ?? (context.seed !== undefined ? seededRandom(context.seed) : Math.random);

  // $partition(array, size): chunks of `size`, the last one shorter (the JSONata form of States.ArrayPartition).
  expression.registerFunction('partition', (array: unknown, size: unknown) => {
    if (!Array.isArray(array)) throw failure('partition', 'the first argument must be an array');
    if (!isInteger(size) || size <= 0) throw failure('partition', 'the chunk size must be a positive integer');
    const chunks: unknown[][] = [];
    for (let i = 0; i < array.length; i += size) chunks.push(array.slice(i, i + size));
    return chunks;
  });

  // $range(start, end, step): from start to end inclusive (the JSONata form of States.ArrayRange).
  expression.registerFunction('range', (start: unknown, end: unknown, step: unknown = 1) => {
    if (!isInteger(start) || !isInteger(end) || !isInteger(step)) throw failure('range', 'start, end and step must be integers');
    if (step === 0) throw failure('range', 'the step must not be 0');
    const count = Math.max(0, Math.floor((end - start) / step) + 1);
    return Array.from({ length: count }, (_, i) => start + i * step);
  });

  // $hash(value, algorithm): hex digest with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.
  expression.registerFunction('hash', (value: unknown, algorithm: unknown) => {
    if (typeof value !== 'string') throw failure('hash', 'the value must be a string');
    const nodeAlgorithm = typeof algorithm === 'string' ? HASH_ALGORITHMS[algorithm] : undefined;
    if (!nodeAlgorithm) throw failure('hash', `unsupported algorithm '${String(algorithm)}'; use one of ${Object.keys(HASH_ALGORITHMS).join(', ')}`);
    return createHash(nodeAlgorithm).update(value, 'utf8').digest('hex');
  });

  // $random([seed]): a number in [0, 1); with a seed, the same number every time.
  expression.registerFunction('random', (seed?: unknown) => {
    if (seed === undefined) return random();
    if (!isInteger(seed)) throw failure('random', 'the seed must be an integer');
    return seededRandom(seed)();
  });

  expression.registerFunction('uuid', () => uuidV4(random));

  // $parse(text): JSON text to its value (Step Functions' replacement for $eval).
  expression.registerFunction('parse', (text: unknown) => {
    if (typeof text !== 'string') throw failure('parse', 'the argument must be a JSON string');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw failure('parse', `the argument is not valid JSON: ${(error as Error).message}`);
    }
  });

  for (const removed of REMOVED_JSONATA_FUNCTIONS) {
    const name = removed.slice(1);
    expression.registerFunction(name, () => {
      throw failure(name, `the function ${removed} is not supported by Step Functions${removed === '$eval' ? '; use $parse' : ''}`);
    });
  }
}

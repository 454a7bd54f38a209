import { createHash } from 'node:crypto';
import jsonata from 'jsonata';
import { JSONATA } from './aws-docs';
import { ExpressionCase } from './expression-case';
import { registerStepFunctionsFunctions } from '../../src/engine/jsonata-functions';
import { StatesError } from '../../src/engine/states-error';

/**
 * The functions Step Functions adds to JSONata and the one it removes, evaluated as the engine evaluates a `{% %}`
 * body: compiled with the jsonata package, the Step Functions functions registered, `$states.input` bound.
 */

const ADDED = `${JSONATA} — JSONata functions provided by Step Functions`;
const REMOVED = `${JSONATA} — Supported JSONata version ("$eval is not available — use $parse instead")`;
const sha = (algorithm: string, data: string) => createHash(algorithm).update(data).digest('hex');

const cases: ExpressionCase[] = [
  { title: '$partition example: nine items in chunks of 3', source: ADDED, expression: '$partition([1,2,3,4,5,6,7,8,9], 3)', expected: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] },
  { title: '$partition: the last chunk may be shorter', source: ADDED, expression: '$partition([1,2,3,4,5], 2)', expected: [[1, 2], [3, 4], [5]] },
  { title: '$partition of the state input', source: ADDED, expression: '$partition($states.input.ids, 2)', input: { ids: ['a', 'b', 'c'] }, expected: [['a', 'b'], ['c']] },
  { title: '$partition refuses a chunk size of 0', source: ADDED, expression: '$partition([1,2], 0)', error: 'States.QueryEvaluationError' },
  { title: '$range example: 0 to 10 step 2, end included', source: ADDED, expression: '$range(0, 10, 2)', expected: [0, 2, 4, 6, 8, 10] },
  { title: '$range counts down with a negative step', source: ADDED, expression: '$range(10, 0, -5)', expected: [10, 5, 0] },
  { title: '$range with step 1', source: ADDED, expression: '$range(1, 4, 1)', expected: [1, 2, 3, 4] },
  { title: '$range refuses a step of 0', source: ADDED, expression: '$range(1, 4, 0)', error: 'States.QueryEvaluationError' },
  { title: '$hash SHA-256 of the input', source: ADDED, expression: "$hash($states.input.content, 'SHA-256')", input: { content: 'input data' }, expected: sha('sha256', 'input data') },
  { title: '$hash MD5', source: ADDED, expression: "$hash('input data', 'MD5')", expected: sha('md5', 'input data') },
  { title: '$hash SHA-1', source: ADDED, expression: "$hash('input data', 'SHA-1')", expected: sha('sha1', 'input data') },
  { title: '$hash SHA-384', source: ADDED, expression: "$hash('input data', 'SHA-384')", expected: sha('sha384', 'input data') },
  { title: '$hash SHA-512', source: ADDED, expression: "$hash('input data', 'SHA-512')", expected: sha('sha512', 'input data') },
  { title: '$hash of a 100-byte string', source: ADDED, expression: "$hash($states.input.s, 'SHA-256')", input: { s: 'z'.repeat(100) }, expected: sha('sha256', 'z'.repeat(100)) },
  { title: '$hash refuses an unlisted algorithm', source: ADDED, expression: "$hash('x', 'SHA-3')", error: 'States.QueryEvaluationError' },
  { title: '$random with a seed returns the same number twice', source: ADDED, expression: '$random(42) = $random(42)', expected: true },
  { title: '$random() is in [0, 1)', source: ADDED, expression: '$random() >= 0 and $random() < 1', expected: true },
  { title: '$uuid() is a version 4 UUID', source: ADDED, expression: '$contains($uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)', expected: true },
  { title: '$uuid() differs between calls', source: ADDED, expression: '$uuid() != $uuid()', expected: true },
  { title: '$parse turns a JSON string into an object', source: ADDED, expression: '$parse($states.input.json)', input: { json: '{"customer": {"id": 7}}' }, expected: { customer: { id: 7 } } },
  { title: '$parse of a JSON array', source: ADDED, expression: "$parse('[1, 2]')", expected: [1, 2] },
  { title: '$parse refuses text that is not JSON', source: ADDED, expression: "$parse('{nope')", error: 'States.QueryEvaluationError' },
  { title: '$eval is not available', source: REMOVED, expression: "$eval('1 + 1')", error: 'States.QueryEvaluationError' },
  { title: 'JSONata 2.0 built-ins stay available ($sum)', source: REMOVED, expression: '$sum([1, 2, 3])', expected: 6 },
  { title: 'JSONata 2.0 built-ins stay available ($uppercase)', source: REMOVED, expression: "$uppercase('abc')", expected: 'ABC' },
  { title: 'JSONata 2.0 built-ins stay available ($string)', source: REMOVED, expression: '$string({"a": 1})', expected: '{"a":1}' },
];

async function evaluate(expression: string, input: unknown): Promise<unknown> {
  const compiled = jsonata(expression);
  registerStepFunctionsFunctions(compiled, { partition: 'aws' });
  try {
    return await compiled.evaluate({}, { states: { input } });
  } catch (error) {
    if (error instanceof StatesError) throw error;
    throw new StatesError('States.QueryEvaluationError', (error as Error).message);
  }
}

describe('JSONata functions conformance', () => {
  test.each(cases)('[jsonata-functions] $title', async ({ expression, input, expected, error }) => {
    if (error) {
      await expect(evaluate(expression, input ?? {})).rejects.toMatchObject({ error });
      return;
    }
    const result = await evaluate(expression, input ?? {});
    expect(JSON.parse(JSON.stringify(result))).toEqual(expected);
  });
});

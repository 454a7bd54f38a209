import { CHOICE, ERROR_HANDLING } from './aws-docs';
import { CASE_TITLE, ExecutionCase, runCase } from './execution-case';

/**
 * Choice rules: each case routes to a Pass state that names the branch taken, so the output proves the path.
 */
const RULES = `${CHOICE} — Choice Rules`;
const OPERATORS = `${CHOICE} — Choice Rules (comparison operators)`;
const branch = (name: string) => ({ Type: 'Pass', Result: { branch: name }, End: true });

function choiceMachine(rule: Record<string, unknown>, withDefault = true): Record<string, unknown> {
  return {
    StartAt: 'Decide',
    States: {
      Decide: { Type: 'Choice', Choices: [{ ...rule, Next: 'Matched' }], ...(withDefault ? { Default: 'Otherwise' } : {}) },
      Matched: branch('matched'),
      ...(withDefault ? { Otherwise: branch('default') } : {}),
    },
  };
}

const matched = { status: 'SUCCEEDED' as const, output: { branch: 'matched' } };
const notMatched = { status: 'SUCCEEDED' as const, output: { branch: 'default' } };
const rule = (title: string, r: Record<string, unknown>, input: unknown, expectMatch: boolean): ExecutionCase => ({
  area: 'choice', title, source: OPERATORS, asl: choiceMachine(r), input, expected: expectMatch ? matched : notMatched,
});

const GUIDE_EXAMPLE = {
  StartAt: 'ChoiceStateX',
  States: {
    ChoiceStateX: {
      Type: 'Choice',
      Choices: [
        { Not: { Variable: '$.type', StringEquals: 'Private' }, Next: 'Public' },
        { Variable: '$.value', NumericEquals: 0, Next: 'ValueIsZero' },
        { And: [{ Variable: '$.value', NumericGreaterThanEquals: 20 }, { Variable: '$.value', NumericLessThan: 30 }], Next: 'ValueInTwenties' },
      ],
      Default: 'DefaultState',
    },
    Public: branch('Public'),
    ValueIsZero: branch('ValueIsZero'),
    ValueInTwenties: branch('ValueInTwenties'),
    DefaultState: { Type: 'Fail', Error: 'DefaultStateError', Cause: 'No Matches!' },
  },
};

const cases: ExecutionCase[] = [
  { area: 'choice', title: 'guide example: type Private, value 22 goes to ValueInTwenties', source: `${CHOICE} — Choice state example`, asl: GUIDE_EXAMPLE, input: { type: 'Private', value: 22 }, expected: { status: 'SUCCEEDED', output: { branch: 'ValueInTwenties' } } },
  { area: 'choice', title: 'guide example: a type other than Private goes to Public', source: `${CHOICE} — Choice state example`, asl: GUIDE_EXAMPLE, input: { type: 'Public', value: 22 }, expected: { status: 'SUCCEEDED', output: { branch: 'Public' } } },
  { area: 'choice', title: 'guide example: value 0 goes to ValueIsZero', source: `${CHOICE} — Choice state example`, asl: GUIDE_EXAMPLE, input: { type: 'Private', value: 0 }, expected: { status: 'SUCCEEDED', output: { branch: 'ValueIsZero' } } },
  { area: 'choice', title: 'guide example: no rule matches, Default fails with DefaultStateError', source: `${CHOICE} — Choice state example`, asl: GUIDE_EXAMPLE, input: { type: 'Private', value: 50 }, expected: { status: 'FAILED', error: 'DefaultStateError', cause: 'No Matches!' } },
  { area: 'choice', title: 'the first matching rule wins', source: `${CHOICE} — Choice state (rules are evaluated in order)`, asl: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'A' }, { Variable: '$.n', NumericGreaterThan: 0, Next: 'B' }] }, A: branch('A'), B: branch('B') } }, input: { n: 5 }, expected: { status: 'SUCCEEDED', output: { branch: 'A' } } },
  { area: 'choice', title: 'no match and no Default fails with States.NoChoiceMatched', source: `${CHOICE} — Default`, asl: choiceMachine({ Variable: '$.a', StringEquals: 'x' }, false), input: { a: 'y' }, expected: { status: 'FAILED', error: 'States.NoChoiceMatched' } },
  // The guide's "Default" section says the execution fails; the cause AWS records in ExecutionFailed is the bare
  // "No Matches!" (Error names: States.NoChoiceMatched), with no state name appended.
  { area: 'choice', title: 'States.NoChoiceMatched carries the cause "No Matches!"', source: `${ERROR_HANDLING} — Error names (States.NoChoiceMatched); ${CHOICE} — Default`, asl: choiceMachine({ Variable: '$.a', StringEquals: 'x' }, false), input: { a: 'y' }, expected: { status: 'FAILED', error: 'States.NoChoiceMatched', cause: 'No Matches!' } },
  { area: 'choice', title: 'a Choice state passes its input through', source: `${CHOICE} — Choice state`, asl: { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'Done' }] }, Done: { Type: 'Succeed' } } }, input: { a: 1, b: 2 }, expected: { status: 'SUCCEEDED', output: { a: 1, b: 2 } } },
  { area: 'choice', title: 'a Choice Variable path that does not exist fails with States.Runtime', source: `${RULES} (Variable must resolve)`, asl: choiceMachine({ Variable: '$.missing', StringEquals: 'x' }), input: { a: 1 }, expected: { status: 'FAILED', error: 'States.Runtime' } },
  rule('StringEquals matches the same string', { Variable: '$.s', StringEquals: 'abc' }, { s: 'abc' }, true),
  rule('StringEquals is case-sensitive', { Variable: '$.s', StringEquals: 'abc' }, { s: 'ABC' }, false),
  rule('StringEquals against a number does not match', { Variable: '$.s', StringEquals: '1' }, { s: 1 }, false),
  rule('StringLessThan compares lexically', { Variable: '$.s', StringLessThan: 'b' }, { s: 'a' }, true),
  rule('StringGreaterThan compares lexically', { Variable: '$.s', StringGreaterThan: 'b' }, { s: 'a' }, false),
  rule('StringLessThanEquals matches equal strings', { Variable: '$.s', StringLessThanEquals: 'a' }, { s: 'a' }, true),
  rule('StringGreaterThanEquals matches equal strings', { Variable: '$.s', StringGreaterThanEquals: 'a' }, { s: 'a' }, true),
  rule('StringEqualsPath compares with another field', { Variable: '$.a', StringEqualsPath: '$.b' }, { a: 'x', b: 'x' }, true),
  rule('StringMatches with a * wildcard', { Variable: '$.file', StringMatches: 'log-*.txt' }, { file: 'log-2026.txt' }, true),
  rule('StringMatches without a match', { Variable: '$.file', StringMatches: 'log-*.txt' }, { file: 'log-2026.csv' }, false),
  rule('StringMatches * matches an empty run', { Variable: '$.file', StringMatches: 'log-*.txt' }, { file: 'log-.txt' }, true),
  rule('StringMatches with an escaped \\* matches a literal asterisk', { Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'a*b' }, true),
  rule('StringMatches with an escaped \\* does not act as a wildcard', { Variable: '$.s', StringMatches: 'a\\*b' }, { s: 'axxb' }, false),
  rule('NumericEquals matches an equal number', { Variable: '$.n', NumericEquals: 3 }, { n: 3 }, true),
  rule('NumericEquals matches 3 and 3.0', { Variable: '$.n', NumericEquals: 3 }, { n: 3.0 }, true),
  rule('NumericEquals against a string does not match', { Variable: '$.n', NumericEquals: 3 }, { n: '3' }, false),
  rule('NumericLessThan', { Variable: '$.n', NumericLessThan: 3 }, { n: 2.5 }, true),
  rule('NumericGreaterThan', { Variable: '$.n', NumericGreaterThan: 3 }, { n: 3 }, false),
  rule('NumericLessThanEquals', { Variable: '$.n', NumericLessThanEquals: 3 }, { n: 3 }, true),
  rule('NumericGreaterThanEquals', { Variable: '$.n', NumericGreaterThanEquals: 3 }, { n: 2 }, false),
  rule('NumericLessThanPath compares with another field', { Variable: '$.a', NumericLessThanPath: '$.b' }, { a: 1, b: 2 }, true),
  rule('BooleanEquals true', { Variable: '$.b', BooleanEquals: true }, { b: true }, true),
  rule('BooleanEquals false against true', { Variable: '$.b', BooleanEquals: false }, { b: true }, false),
  rule('BooleanEqualsPath', { Variable: '$.a', BooleanEqualsPath: '$.b' }, { a: false, b: false }, true),
  rule('TimestampEquals', { Variable: '$.t', TimestampEquals: '2026-01-01T00:00:00Z' }, { t: '2026-01-01T00:00:00Z' }, true),
  rule('TimestampLessThan', { Variable: '$.t', TimestampLessThan: '2026-01-01T00:00:00Z' }, { t: '2025-12-31T23:59:59Z' }, true),
  rule('TimestampGreaterThan', { Variable: '$.t', TimestampGreaterThan: '2026-01-01T00:00:00Z' }, { t: '2025-12-31T23:59:59Z' }, false),
  rule('TimestampLessThanEquals with an offset', { Variable: '$.t', TimestampLessThanEquals: '2026-01-01T00:00:00Z' }, { t: '2026-01-01T01:00:00+01:00' }, true),
  rule('TimestampGreaterThanEqualsPath', { Variable: '$.a', TimestampGreaterThanEqualsPath: '$.b' }, { a: '2026-01-02T00:00:00Z', b: '2026-01-01T00:00:00Z' }, true),
  rule('IsPresent true for a present field', { Variable: '$.a', IsPresent: true }, { a: null }, true),
  rule('IsPresent false matches a missing field', { Variable: '$.missing', IsPresent: false }, { a: 1 }, true),
  rule('IsPresent true does not match a missing field', { Variable: '$.missing', IsPresent: true }, { a: 1 }, false),
  rule('IsNull true for null', { Variable: '$.a', IsNull: true }, { a: null }, true),
  rule('IsNull true does not match a value', { Variable: '$.a', IsNull: true }, { a: 0 }, false),
  rule('IsNumeric true for a number', { Variable: '$.a', IsNumeric: true }, { a: 1.5 }, true),
  rule('IsNumeric true does not match a numeric string', { Variable: '$.a', IsNumeric: true }, { a: '1' }, false),
  rule('IsString true for a string', { Variable: '$.a', IsString: true }, { a: '' }, true),
  rule('IsBoolean false for a string', { Variable: '$.a', IsBoolean: false }, { a: 'true' }, true),
  rule('IsTimestamp true for an ISO-8601 timestamp', { Variable: '$.a', IsTimestamp: true }, { a: '2026-03-14T01:59:00Z' }, true),
  rule('IsTimestamp true does not match a date only', { Variable: '$.a', IsTimestamp: true }, { a: '2026-03-14' }, false),
  rule('And matches when every rule matches', { And: [{ Variable: '$.a', NumericGreaterThan: 1 }, { Variable: '$.a', NumericLessThan: 3 }] }, { a: 2 }, true),
  rule('And fails when one rule fails', { And: [{ Variable: '$.a', NumericGreaterThan: 1 }, { Variable: '$.a', NumericLessThan: 3 }] }, { a: 3 }, false),
  rule('Or matches when one rule matches', { Or: [{ Variable: '$.a', StringEquals: 'x' }, { Variable: '$.a', StringEquals: 'y' }] }, { a: 'y' }, true),
  rule('Not inverts a rule', { Not: { Variable: '$.a', StringEquals: 'x' } }, { a: 'y' }, true),
  rule('nested And inside Or', { Or: [{ And: [{ Variable: '$.a', IsPresent: true }, { Variable: '$.a', BooleanEquals: true }] }, { Variable: '$.b', IsPresent: true }] }, { a: true }, true),
  rule('a Variable may read the context object', { Variable: '$$.Execution.Name', StringEquals: 'conformance-execution' }, {}, true),
];

describe('Choice state conformance', () => {
  test.each(cases)(CASE_TITLE, runCase);
});

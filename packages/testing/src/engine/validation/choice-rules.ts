import { isJsonataExpression } from '../jsonata-expression';
import { DiagnosticSink } from './definition-diagnostic';
import { At, checkAssign, checkJsonataString, checkJsonataTemplate, checkPath, forEachObjectEntry, isObject, isTimestamp } from './field-checks';
import { QueryLanguage } from './state-fields';

/** Comparison operators of a JSONPath Choice rule ("Choice workflow state", Choice Rules) and the value each takes. */
const OPERATORS: Record<string, 'string' | 'number' | 'boolean' | 'timestamp'> = {
  StringEquals: 'string',
  StringLessThan: 'string',
  StringGreaterThan: 'string',
  StringLessThanEquals: 'string',
  StringGreaterThanEquals: 'string',
  StringMatches: 'string',
  NumericEquals: 'number',
  NumericLessThan: 'number',
  NumericGreaterThan: 'number',
  NumericLessThanEquals: 'number',
  NumericGreaterThanEquals: 'number',
  BooleanEquals: 'boolean',
  TimestampEquals: 'timestamp',
  TimestampLessThan: 'timestamp',
  TimestampGreaterThan: 'timestamp',
  TimestampLessThanEquals: 'timestamp',
  TimestampGreaterThanEquals: 'timestamp',
  IsNull: 'boolean',
  IsPresent: 'boolean',
  IsNumeric: 'boolean',
  IsString: 'boolean',
  IsBoolean: 'boolean',
  IsTimestamp: 'boolean',
};
const PATH_OPERATORS = Object.keys(OPERATORS).filter((op) => !op.startsWith('Is') && op !== 'StringMatches').map((op) => `${op}Path`);

function checkValue(sink: DiagnosticSink, operator: string, value: unknown, at: At): void {
  const kind = OPERATORS[operator];
  const ok = kind === 'timestamp' ? isTimestamp(value) : typeof value === kind;
  if (!ok) sink.schema(`The value of '${operator}' must be ${kind === 'timestamp' ? 'an ISO-8601 timestamp' : `a ${kind}`}`, at);
}

/** A JSONPath rule: a boolean combinator (And, Or, Not) or a Variable with exactly one comparison. */
function checkJsonPathRule(sink: DiagnosticSink, rule: Record<string, unknown>, topLevel: boolean, at: At): void {
  const combinators = ['And', 'Or', 'Not'].filter((k) => k in rule);
  const comparisons = Object.keys(rule).filter((k) => k in OPERATORS || PATH_OPERATORS.includes(k));
  const allowed = new Set(['Variable', 'Comment', ...(topLevel ? ['Next', 'Assign'] : []), ...combinators, ...comparisons]);
  for (const key of Object.keys(rule)) {
    if (!allowed.has(key)) {
      sink.schema(key === 'Next' ? "Only a top-level Choice rule has 'Next'" : `The field '${key}' is not supported in a Choice rule`, [...at, key]);
    }
  }
  if (combinators.length + comparisons.length !== 1) {
    sink.schema('A Choice rule needs exactly one comparison operator or one of And, Or, Not', at);
  }
  for (const combinator of combinators) {
    const value = rule[combinator];
    if (combinator === 'Not') {
      if (isObject(value)) checkJsonPathRule(sink, value, false, [...at, 'Not']);
      else sink.schema("'Not' must be a Choice rule object", [...at, 'Not']);
    } else if (Array.isArray(value) && value.length > 0) {
      value.forEach((inner, i) => (isObject(inner) ? checkJsonPathRule(sink, inner, false, [...at, combinator, i]) : sink.schema('A Choice rule must be an object', [...at, combinator, i])));
    } else {
      sink.schema(`'${combinator}' must be a non-empty array of Choice rules`, [...at, combinator]);
    }
  }
  if (comparisons.length > 0) {
    if (rule.Variable === undefined) sink.schema("A comparison needs 'Variable'", at);
    else checkPath(sink, rule.Variable, {}, [...at, 'Variable']);
  } else if (rule.Variable !== undefined) {
    sink.schema("'Variable' is only used with a comparison operator", [...at, 'Variable']);
  }
  for (const op of comparisons) {
    if (op.endsWith('Path')) checkPath(sink, rule[op], {}, [...at, op]);
    else checkValue(sink, op, rule[op], [...at, op]);
  }
  if (rule.Assign !== undefined) checkAssign(sink, rule.Assign, 'JSONPath', [...at, 'Assign']);
}

/** A JSONata rule: `Condition` (an expression or a boolean) and `Next`, with optional Assign, Output and Comment. */
function checkJsonataRule(sink: DiagnosticSink, rule: Record<string, unknown>, at: At): void {
  for (const key of Object.keys(rule)) {
    if (!['Condition', 'Next', 'Assign', 'Output', 'Comment'].includes(key)) {
      sink.schema(`The field '${key}' is not supported in a JSONata Choice rule${key === 'Variable' || key in OPERATORS ? ' (use Condition)' : ''}`, [...at, key]);
    }
  }
  const condition = rule.Condition;
  if (condition === undefined) sink.schema("A JSONata Choice rule requires 'Condition'", at);
  else if (isJsonataExpression(condition)) checkJsonataString(sink, condition, [...at, 'Condition']);
  else if (typeof condition !== 'boolean') sink.schema("'Condition' must be a JSONata expression or a boolean", [...at, 'Condition']);
  if (rule.Output !== undefined) checkJsonataTemplate(sink, rule.Output, [...at, 'Output']);
  if (rule.Assign !== undefined) checkAssign(sink, rule.Assign, 'JSONata', [...at, 'Assign']);
}

export function checkChoices(sink: DiagnosticSink, choices: unknown, language: QueryLanguage, at: At): void {
  const messages = { notAList: "'Choices' must be a non-empty array of Choice rules", notAnObject: 'A Choice rule must be an object', nonEmpty: true };
  forEachObjectEntry(sink, choices, messages, at, (rule, _i, here) => {
    if (rule.Next === undefined) sink.schema('These fields are required: [Next]', here);
    else if (typeof rule.Next !== 'string') sink.schema("'Next' must be a state name", [...here, 'Next']);
    if (language === 'JSONata') checkJsonataRule(sink, rule, here);
    else checkJsonPathRule(sink, rule, true, here);
  });
}

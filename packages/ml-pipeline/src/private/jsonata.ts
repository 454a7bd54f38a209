import { Token } from 'aws-cdk-lib';

/** `{% expression %}`: a value Step Functions evaluates as JSONata in a JSONata state. */
export function jsonata(expression: string): string {
  return `{% ${expression} %}`;
}

/** The expression inside `{% ... %}`, or the value as a JSONata string literal when it is plain text. */
export function asExpression(value: string): string {
  const match = /^\{%([\s\S]*)%\}$/.exec(value.trim());
  return match ? `(${match[1].trim()})` : JSON.stringify(value);
}

/** A JSONata expression that joins literal text and expressions (`{% ... %}` values) into one string. */
export function concat(...parts: string[]): string {
  return jsonata(parts.map(asExpression).join(' & '));
}

/** True when a prop is a run-time value (a JSONata expression or a CDK token) rather than a literal. */
export function isRuntimeValue(value: unknown): boolean {
  return Token.isUnresolved(value) || (typeof value === 'string' && /^\{%[\s\S]*%\}$/.test(value.trim()));
}

/** A number prop holding a JSONata expression (JSII's typing wants a number; the template gets the expression). */
export function numberExpression(expression: string): number {
  return Token.asNumber(jsonata(expression));
}

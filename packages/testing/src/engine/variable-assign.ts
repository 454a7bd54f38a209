import { JsonataBindings, evaluateJsonataTemplate } from './jsonata-expression';
import { PathScope } from './path-scope';
import { checkVariableSizes } from './payload-limits';
import { evaluatePayloadTemplate } from './payload-template';

/*
 * An Assign field evaluated, in a JSONPath state (a payload template) or a JSONata one, and checked against the
 * variable size quotas ("Passing data between states with variables").
 */

export function evaluatePathAssign(assign: unknown, scope: PathScope): Record<string, unknown> {
  const values = evaluatePayloadTemplate(assign, scope) as Record<string, unknown>;
  checkVariableSizes(values);
  return values;
}

export async function evaluateJsonataAssign(assign: unknown, bindings: JsonataBindings): Promise<Record<string, unknown>> {
  const values = await evaluateJsonataTemplate(assign, 'Assign', bindings) as Record<string, unknown>;
  checkVariableSizes(values);
  return values;
}

import jsonata from 'jsonata';
import { JsonValue } from './asl-types';
import { TaskFailure } from './mocks';

/** Matches a whole JSONata expression string: `{% ... %}`. */
const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/**
 * Evaluates the `Output` of a JSONata Pass state as Step Functions does: every string that is a whole `{% ... %}`
 * expression is evaluated with `$states.input` and `$states.context` bound, any other value is kept as is. An
 * expression that fails (or gives nothing) fails the state with `States.QueryEvaluationError`, as in AWS.
 */
export async function evaluateJsonataOutput(template: JsonValue, input: unknown, context: unknown, stateName: string): Promise<unknown> {
  const states = { input, context };
  const evaluate = async (value: JsonValue): Promise<unknown> => {
    if (Array.isArray(value)) {
      return Promise.all(value.map(evaluate));
    }
    if (value !== null && typeof value === 'object') {
      const entries = await Promise.all(Object.entries(value).map(async ([key, item]) => [key, await evaluate(item)] as const));
      return Object.fromEntries(entries);
    }
    const match = typeof value === 'string' ? EXPRESSION.exec(value.trim()) : null;
    if (!match) {
      return value;
    }
    let result: unknown;
    try {
      result = await jsonata(match[1]).evaluate({}, { states });
    } catch (error) {
      throw new TaskFailure('States.QueryEvaluationError', `State '${stateName}': ${(error as Error).message} in ${value}`);
    }
    if (result === undefined) {
      throw new TaskFailure('States.QueryEvaluationError', `State '${stateName}': ${value} evaluated to nothing`);
    }
    // jsonata returns arrays with a `sequence` marker; a JSON round trip gives plain values, as the payload would be.
    return JSON.parse(JSON.stringify(result));
  };
  return evaluate(template);
}

import type { AslState } from '../asl-types';
import { runMap, runParallel } from './child-runs';
import { RunCheckpoint } from './engine-types';
import { evaluateJsonataString, evaluateJsonataTemplate, isJsonataExpression } from './jsonata-expression';
import { checkPayloadSize } from './payload-limits';
import { FailStateError } from './run-failures';
import { RunScope } from './run-scope';
import { Inspection, StateHost, StateStep } from './state-step';
import { StatesError } from './states-error';
import { evaluateJsonataAssign } from './variable-assign';
import { secondsUntil } from './wait-duration';

/**
 * A JSONata state once: Arguments, the state's work, then Assign and Output over `$states` ("Transforming data with
 * JSONata in Step Functions").
 */
export async function executeJsonataState(
  host: StateHost, name: string, state: AslState, input: unknown, scope: RunScope, context: Record<string, unknown>,
  children: ReadonlyArray<RunCheckpoint | undefined> | undefined, inspection: Inspection | undefined, enteredId: number,
): Promise<StateStep> {
  const bindings = (extra: Record<string, unknown> = {}) => host.jsonataBindings(name, { input, context, ...extra }, scope.variables);
  const finish = async (
    result: unknown, defaultOutput: unknown, next: string | undefined, output: unknown = state.Output, assign: unknown = state.Assign,
  ): Promise<StateStep> => {
    // Assign and Output both read the variables from before the state ("Variables": evaluation order).
    const withResult = bindings(result === undefined ? {} : { result });
    const assigned = assign !== undefined ? await evaluateJsonataAssign(assign, withResult) : undefined;
    const finalOutput = output !== undefined ? await evaluateJsonataTemplate(output, 'Output', withResult) : defaultOutput;
    return { output: finalOutput, next, assigned };
  };
  switch (state.Type) {
    case 'Fail': {
      const error = state.Error !== undefined ? await evaluateJsonataTemplate(state.Error, 'Error', bindings()) : undefined;
      const cause = state.Cause !== undefined ? await evaluateJsonataTemplate(state.Cause, 'Cause', bindings()) : undefined;
      throw new FailStateError(error === undefined ? undefined : String(error), cause === undefined ? undefined : String(cause));
    }
    case 'Succeed':
      return finish(undefined, input, undefined);
    case 'Choice': {
      const rules = state.Choices ?? [];
      for (let i = 0; i < rules.length; i++) {
        const rule = rules[i] as Record<string, unknown> & { Next: string };
        const holds = isJsonataExpression(rule.Condition) ? await evaluateJsonataString(rule.Condition, `Choices[${i}].Condition`, bindings()) : rule.Condition;
        if (typeof holds !== 'boolean') {
          throw new StatesError('States.QueryEvaluationError', `The Condition of Choices[${i}] of state '${name}' must evaluate to a boolean, but gave ${JSON.stringify(holds)}`, false, `Choices[${i}].Condition`);
        }
        if (holds) {
          host.emit({ type: 'ChoiceRuleTaken', state: { name, type: 'Choice' }, rule: i, next: rule.Next }, scope);
          return finish(undefined, input, rule.Next, rule.Output, rule.Assign);
        }
      }
      if (state.Default === undefined) {
        throw new StatesError('States.NoChoiceMatched', 'No Matches!');
      }
      host.emit({ type: 'ChoiceRuleTaken', state: { name, type: 'Choice' }, rule: -1, next: state.Default }, scope);
      return finish(undefined, input, state.Default);
    }
    case 'Wait': {
      let seconds: number;
      if (state.Seconds !== undefined) {
        const value = isJsonataExpression(state.Seconds) ? await evaluateJsonataString(state.Seconds, 'Seconds', bindings()) : state.Seconds;
        if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
          throw new StatesError('States.QueryEvaluationError', `The Seconds field of state '${name}' must be a non-negative integer, but was ${JSON.stringify(value)}`, false, 'Seconds');
        }
        seconds = value;
      } else {
        const value = isJsonataExpression(state.Timestamp) ? await evaluateJsonataString(state.Timestamp, 'Timestamp', bindings()) : state.Timestamp;
        seconds = secondsUntil(value, 'Timestamp', host.nowMillis());
      }
      await host.scheduler.sleep(seconds);
      host.checkRunning(scope);
      return finish(undefined, input, state.Next);
    }
    case 'Pass':
      return finish(undefined, input, state.Next);
    default:
  }
  let result: unknown;
  if (state.Type === 'Task') {
    const args = state.Arguments !== undefined ? await evaluateJsonataTemplate(state.Arguments, 'Arguments', bindings()) : input;
    if (inspection) {
      inspection.afterParameters = args;
    }
    checkPayloadSize(name, args, 'input');
    result = await host.runTask(name, state, args, scope, context, undefined, enteredId, bindings());
  } else if (state.Type === 'Parallel') {
    const args = state.Arguments !== undefined ? await evaluateJsonataTemplate(state.Arguments, 'Arguments', bindings()) : input;
    result = await runParallel(host, name, state, args, scope, children, enteredId);
  } else if (state.Type === 'Map') {
    result = await runMap(host, name, state, input, scope, context, children, enteredId, bindings(), inspection);
  } else {
    throw new StatesError('States.Runtime', `Unknown state type '${state.Type}'`);
  }
  if (inspection) {
    inspection.result = result;
  }
  return finish(result, result, state.Next);
}

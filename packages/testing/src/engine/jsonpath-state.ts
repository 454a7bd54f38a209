import type { AslState } from '../asl-types';
import { runMap, runParallel } from './child-runs';
import { evaluateChoiceRule } from './choice-rule';
import { RunCheckpoint } from './engine-types';
import { failField } from './fail-state-fields';
import { applyInputPath, applyOutputPath } from './io-path';
import { writePath } from './json-path';
import { PathScope } from './path-scope';
import { checkPayloadSize } from './payload-limits';
import { evaluatePayloadTemplate } from './payload-template';
import { FailStateError } from './run-failures';
import { RunScope } from './run-scope';
import { Inspection, StateHost, StateStep } from './state-step';
import { StatesError } from './states-error';
import { evaluatePathAssign } from './variable-assign';
import { waitSeconds } from './wait-duration';

/**
 * A JSONPath state once: InputPath, Parameters, the state's work, ResultSelector, ResultPath, OutputPath, in the order
 * "Processing input and output in Step Functions" gives them; Assign reads the result after ResultSelector.
 * Pass, Choice, Succeed and Fail complete synchronously (no promise per state); Wait, Task, Parallel and Map return one.
 */
export function executeJsonPathState(
  host: StateHost, name: string, state: AslState, rawInput: unknown, scope: RunScope, context: Record<string, unknown>,
  children: ReadonlyArray<RunCheckpoint | undefined> | undefined, inspection: Inspection | undefined, enteredId: number,
): StateStep | Promise<StateStep> {
  const variables = scope.variables;
  if (state.Type === 'Fail') {
    const pathScope = { input: rawInput, context, variables };
    const error = state.ErrorPath !== undefined ? failField(state.ErrorPath as string, 'ErrorPath', pathScope) : state.Error;
    const cause = state.CausePath !== undefined ? failField(state.CausePath as string, 'CausePath', pathScope) : state.Cause;
    throw new FailStateError(error, cause);
  }
  const input = applyInputPath(state.InputPath as string | null | undefined, rawInput, context, variables);
  if (inspection) {
    inspection.afterInputPath = input;
  }
  const scopeOf = (value: unknown): PathScope => ({ input: value, context, variables, random: host.random });
  switch (state.Type) {
    case 'Succeed':
      return { output: applyOutputPath(state.OutputPath as string | null | undefined, input, context, variables) };
    case 'Choice': {
      const rules = state.Choices ?? [];
      for (let i = 0; i < rules.length; i++) {
        if (evaluateChoiceRule(rules[i] as Record<string, unknown>, scopeOf(input))) {
          host.emit({ type: 'ChoiceRuleTaken', state: { name, type: 'Choice' }, rule: i, next: rules[i].Next }, scope);
          const assigned = rules[i].Assign !== undefined ? evaluatePathAssign(rules[i].Assign, scopeOf(input)) : undefined;
          const output = applyOutputPath(state.OutputPath as string | null | undefined, input, context, variables);
          return { output, next: rules[i].Next, assigned };
        }
      }
      if (state.Default === undefined) {
        throw new StatesError('States.NoChoiceMatched', 'No Matches!');
      }
      host.emit({ type: 'ChoiceRuleTaken', state: { name, type: 'Choice' }, rule: -1, next: state.Default }, scope);
      const assigned = state.Assign !== undefined ? evaluatePathAssign(state.Assign, scopeOf(input)) : undefined;
      const output = applyOutputPath(state.OutputPath as string | null | undefined, input, context, variables);
      return { output, next: state.Default, assigned };
    }
    case 'Wait':
      return host.scheduler.sleep(waitSeconds(state, scopeOf(input), host.nowMillis())).then(() => {
        host.checkRunning(scope);
        const assigned = state.Assign !== undefined ? evaluatePathAssign(state.Assign, scopeOf(input)) : undefined;
        return { output: applyOutputPath(state.OutputPath as string | null | undefined, input, context, variables), next: state.Next, assigned };
      });
    default:
  }
  let effective = input;
  if (state.Parameters !== undefined && state.Type !== 'Map') {
    effective = evaluatePayloadTemplate(state.Parameters, scopeOf(input));
    checkPayloadSize(name, effective, 'input');
  }
  if (inspection) {
    inspection.afterParameters = effective;
  }
  const finish = (result: unknown) => processResult(name, state, rawInput, result, scopeOf, context, variables, inspection);
  switch (state.Type) {
    case 'Pass':
      return finish(state.Result !== undefined ? state.Result : effective);
    case 'Task':
      return host.runTask(name, state, effective, scope, context, scopeOf(input), enteredId).then(finish);
    case 'Parallel':
      return runParallel(host, name, state, effective, scope, children, enteredId).then(finish);
    case 'Map':
      return runMap(host, name, state, input, scope, context, children, enteredId, undefined, inspection).then(finish);
    default:
      throw new StatesError('States.Runtime', `Unknown state type '${state.Type}'`);
  }
}

/** ResultSelector, Assign, ResultPath and OutputPath over a state's result. */
function processResult(
  name: string, state: AslState, rawInput: unknown, stateResult: unknown, scopeOf: (value: unknown) => PathScope,
  context: Record<string, unknown>, variables: Record<string, unknown>, inspection: Inspection | undefined,
): StateStep {
  let result = stateResult;
  if (inspection) {
    inspection.result = result;
  }
  if (state.ResultSelector !== undefined) {
    result = evaluatePayloadTemplate(state.ResultSelector, scopeOf(result));
  }
  if (inspection) {
    inspection.afterResultSelector = result;
  }
  const assigned = state.Assign !== undefined ? evaluatePathAssign(state.Assign, scopeOf(result)) : undefined;
  const resultPath = state.ResultPath === undefined ? '$' : state.ResultPath as string | null;
  const combined = resultPath === null ? rawInput : writePath(resultPath, rawInput, result, name);
  if (inspection) {
    inspection.afterResultPath = combined;
  }
  return { output: applyOutputPath(state.OutputPath as string | null | undefined, combined, context, variables), next: state.Next, assigned };
}

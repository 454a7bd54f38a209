/**
 * Builds the retry and catch cases of a workflow from its own definition, so that a test can take every Retry and
 * Catch edge: each case names a Task state and an error its definition says it handles.
 */
import { ExecutionResult, MockCall, SimulatorMocks, TaskFailure, WorkflowDefinition, WorkflowSimulator, evaluateMock } from '@statecraft/testing';

/** A Retry entry of a Task state and the first error it names. */
export interface RetryCase {
  readonly state: string;
  readonly retrier: number;
  readonly error: string;
}

/** A Task state whose Catch takes every error, and where that Catch leads. */
export interface CatchCase {
  readonly state: string;
  readonly next: string;
}

/** Every Task state of the definition with its Retry and Catch entries, nested branches included. */
function taskStates(states: Record<string, any>): Array<[string, any]> {
  return Object.entries(states).flatMap(([name, state]): Array<[string, any]> => [
    ...(state.Type === 'Task' ? [[name, state] as [string, any]] : []),
    ...(state.Branches ?? []).flatMap((branch: any) => taskStates(branch.States)),
    ...(state.ItemProcessor ? taskStates(state.ItemProcessor.States) : []),
  ]);
}

export function retryCases(definition: WorkflowDefinition, only?: (state: string) => boolean): RetryCase[] {
  return taskStates((definition.asl as any).States)
    .filter(([name]) => !only || only(name))
    .flatMap(([state, task]) => (task.Retry ?? []).map((retrier: any, index: number) => ({ state, retrier: index, error: retrier.ErrorEquals[0] })));
}

export function catchAllCases(definition: WorkflowDefinition, only?: (state: string) => boolean): CatchCase[] {
  return taskStates((definition.asl as any).States)
    .filter(([name]) => !only || only(name))
    .flatMap(([state, task]) => (task.Catch ?? [])
      .filter((catcher: any) => catcher.ErrorEquals.includes('States.ALL'))
      .map((catcher: any) => ({ state, next: catcher.Next })));
}

/** `mocks` with `state` failing with `error` on its first attempt (or on every attempt), answering as before otherwise. */
export function failing(mocks: SimulatorMocks, state: string, error: string, cause: string, everyAttempt = false): SimulatorMocks {
  const original = mocks.states?.[state];
  return {
    ...mocks,
    states: {
      ...mocks.states,
      [state]: async (call: MockCall) => {
        if (everyAttempt || call.attempt === 0 || original === undefined) {
          throw new TaskFailure(error, cause);
        }
        const response = await evaluateMock(original, call);
        if (response.throw) throw new TaskFailure(response.throw.error, response.throw.cause ?? '');
        return response.return;
      },
    },
  };
}

/** A scenario a case can start from: its mocks, input and how it ends untouched. */
export interface BaseScenario {
  readonly name: string;
  readonly mocks: SimulatorMocks;
  readonly input: unknown;
  result?: ExecutionResult;
}

/** Runs each base scenario once, so a case can take the first one that reaches its state and compare outcomes. */
export async function runBases(definition: WorkflowDefinition, bases: BaseScenario[]): Promise<void> {
  for (const base of bases) {
    base.result = await new WorkflowSimulator(definition, { mocks: base.mocks }).run(base.input, { executionName: `base-${base.name}` });
  }
}

/** The first base scenario whose run enters `state`. */
export function baseReaching(bases: BaseScenario[], state: string): BaseScenario {
  const base = bases.find((b) => b.result!.visited.some((v) => v.name === state));
  if (!base) throw new Error(`no base scenario reaches '${state}'`);
  return base;
}

import type { AslRetrier } from '../asl-types';
import { applyCatcher } from './catch-output';
import { DEFAULT_MAX_ATTEMPTS, errorMatches, retryDelaySeconds } from './error-matching';
import type { ExecutionEngine } from './execution-engine';
import { causeOf, ChildFailure } from './run-failures';
import { RunScope } from './run-scope';
import { Inspection, SingleStateOutcome, SingleStateRequest } from './state-step';
import { StatesError } from './states-error';

/**
 * Runs one state of a definition once, as the TestState API does: no Retry is taken, a Catch is reported as the next
 * state. Returns the output, the next state and the data each processing step produced.
 */
export async function runSingleState(engine: ExecutionEngine, single: SingleStateRequest): Promise<SingleStateOutcome> {
  const scope: RunScope = {
    variables: { ...(single.variables ?? {}) },
    language: single.language,
    abort: { aborted: false },
    lastEventId: 0,
    history: engine.history,
    execution: { transitions: 1 },
  };
  const inspection: Inspection = {};
  const state = single.state;
  const retryCount = single.retrierRetryCount ?? 0;
  const context = single.context ?? engine.contextFor(single.stateName, state, retryCount, scope);
  try {
    const step = await engine.scheduler.spawn(async () => engine.executeState(
      single.stateName, state, single.input, scope, context, undefined, inspection,
    ));
    if (step.assigned) {
      Object.assign(scope.variables, step.assigned);
    }
    return { status: 'SUCCEEDED', output: step.output, nextState: step.next, inspection, variables: scope.variables };
  } catch (caught) {
    if (!(caught instanceof StatesError) && !(caught instanceof ChildFailure)) {
      throw caught;
    }
    const error = caught.error;
    const cause = caught instanceof ChildFailure ? caught.failureCause : causeOf(caught);
    if (state.Type !== 'Fail') {
      const retryIndex = (state.Retry ?? []).findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
      if (retryIndex >= 0) {
        const retrier = state.Retry![retryIndex] as AslRetrier;
        if (retryCount < (retrier.MaxAttempts ?? DEFAULT_MAX_ATTEMPTS)) {
          const delay = retryDelaySeconds(retrier, retryCount + 1, engine.random);
          return { status: 'RETRIABLE', error, cause, inspection, variables: scope.variables, retryIndex, retryBackoffIntervalSeconds: delay };
        }
      }
      const catchIndex = (state.Catch ?? []).findIndex((catcher) => errorMatches(catcher.ErrorEquals, error));
      if (catchIndex >= 0) {
        const catcher = state.Catch![catchIndex];
        const output = await applyCatcher(engine, single.stateName, catcher, single.input, { Error: error, Cause: cause ?? '' }, scope, context);
        return { status: 'CAUGHT_ERROR', output, nextState: catcher.Next, error, cause, inspection, variables: scope.variables, catchIndex };
      }
    }
    return { status: 'FAILED', error: error || undefined, cause, inspection, variables: scope.variables };
  }
}

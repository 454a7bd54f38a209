import type { AslState } from '../asl-types';
import { isTimestamp } from './choice-rule';
import { PathScope, readScopedPath } from './path-scope';
import { StatesError } from './states-error';

/** A JSONPath Wait state's duration: Seconds, SecondsPath, Timestamp or TimestampPath ("Wait workflow state"). */
export function waitSeconds(state: AslState, scope: PathScope, nowMillis: number): number {
  if (state.Seconds !== undefined) {
    return state.Seconds;
  }
  if (state.SecondsPath !== undefined) {
    const seconds = readScopedPath(state.SecondsPath, scope);
    if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
      throw new StatesError('States.Runtime', `The SecondsPath parameter does not reference a valid integer value (it must be a non-negative integer): '${state.SecondsPath}' is ${JSON.stringify(seconds)}`);
    }
    return seconds;
  }
  const timestamp = state.Timestamp ?? (state.TimestampPath !== undefined ? readScopedPath(state.TimestampPath, scope) : undefined);
  return secondsUntil(timestamp, state.TimestampPath ?? 'Timestamp', nowMillis);
}

/** Seconds from `nowMillis` to an ISO-8601 timestamp; none when it has passed. */
export function secondsUntil(timestamp: unknown, field: string, nowMillis: number): number {
  if (typeof timestamp !== 'string' || !isTimestamp(timestamp)) {
    throw new StatesError('States.Runtime', `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: '${field}' is ${JSON.stringify(timestamp)}`);
  }
  return Math.max(0, (Date.parse(timestamp) - nowMillis) / 1000);
}

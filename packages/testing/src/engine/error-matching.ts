/**
 * Whether a Retrier's or Catcher's ErrorEquals matches an error ("Error names", Handling errors in Step Functions
 * workflows): names match exactly; `States.ALL` matches any error except the terminal States.DataLimitExceeded and
 * States.Runtime; `States.TaskFailed` matches any error except States.Timeout (and those two).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  if (error === 'States.DataLimitExceeded') {
    return false;
  }
  for (const name of errorEquals) {
    if (name === error) {
      return true;
    }
    if (error === 'States.Runtime') {
      continue;
    }
    if (name === 'States.ALL') {
      return true;
    }
    if (name === 'States.TaskFailed' && error !== 'States.Timeout') {
      return true;
    }
  }
  return false;
}

/** Step Functions' retry defaults ("Retrying after an error"). */
export const DEFAULT_INTERVAL_SECONDS = 1;
export const DEFAULT_BACKOFF_RATE = 2;
export const DEFAULT_MAX_ATTEMPTS = 3;

export interface RetrierFields {
  readonly IntervalSeconds?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: string;
}

/**
 * Seconds before retry number `attempt` (1-based): IntervalSeconds × BackoffRate^(attempt-1), at most MaxDelaySeconds.
 * With JitterStrategy FULL, AWS waits a random time between 0 and that; `random` is the engine's seeded source.
 */
export function retryDelaySeconds(retrier: RetrierFields, attempt: number, random?: () => number): number {
  const interval = (retrier.IntervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * Math.pow(retrier.BackoffRate ?? DEFAULT_BACKOFF_RATE, attempt - 1);
  const capped = retrier.MaxDelaySeconds !== undefined ? Math.min(interval, retrier.MaxDelaySeconds) : interval;
  if (retrier.JitterStrategy === 'FULL' && random) {
    return Math.round(capped * random() * 1000) / 1000;
  }
  return capped;
}

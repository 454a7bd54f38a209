/**
 * AWS Step Functions Standard workflows are billed per state transition: USD 0.025 per 1,000 transitions
 * (us-east-1 list price, after the 4,000 free transitions a month, which the demo ignores).
 * Express workflows are billed differently (requests and GB-seconds) and are not priced here.
 */
export const STANDARD_PRICE_PER_TRANSITION_USD = 0.025 / 1000;

/** Cost of 1,000 executions that each make `transitions` state transitions. */
export function costPerThousandExecutions(transitions: number): number {
  return transitions * STANDARD_PRICE_PER_TRANSITION_USD * 1000;
}

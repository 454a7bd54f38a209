import { assertNoUnhandledFaults, ExecutionResult, sweepFaults, WorkflowSimulator } from '@statecraft/testing';
import { Scenario } from '../scenarios';

/**
 * Handled, for the cv-safety workflows: the run ended with a `Statecraft.*` error after the failure event went out
 * (or, for bad input, with `Statecraft.InvalidInput` before anything happened).
 */
export function handledByFailureEvent(result: ExecutionResult): boolean {
  return /^Statecraft\./.test(result.error ?? '')
    && (result.error === 'Statecraft.InvalidInput' || result.visited.some((v) => v.name === 'Publish Failure Event'));
}

/** Injects every fault at every task of `scenarios`' runs and fails the test on any cell that is not recovered or handled. */
export async function sweepExpectingEveryFaultHandled(sim: WorkflowSimulator, name: string, scenarios: Scenario[]): Promise<void> {
  const report = await sweepFaults(sim, { name, scenarios, isHandled: handledByFailureEvent });
  assertNoUnhandledFaults(report);
  expect(report.totals.unhandled).toBe(0);
  expect(report.totals.cells).toBe(report.taskStates.length * report.faults.length);
}

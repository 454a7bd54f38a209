import { ExecutionResult } from './execution-result';
import { FaultSweepReport, assertNoUnhandledFaults } from './fault-sweep';
import { WorkflowSimulator } from './workflow-simulator';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace jest {
    interface Matchers<R> {
      /** The execution succeeded. */
      toSucceed(): R;
      /** The execution failed with this error name (and, when given, a cause containing `causeIncludes`). */
      toFailWith(error: string, causeIncludes?: string): R;
      /** These states were entered in this order (others may come between them). */
      toHaveVisitedInOrder(states: string[]): R;
      /** Every state of the simulator's state machine was entered by some run in this test file. */
      toHaveFullStateCoverage(): R;
      /** Every edge (Next, Choice rule, Default, Catch, Retry) was taken by some run in this test file. */
      toHaveFullEdgeCoverage(): R;
      /** A fault-sweep report has no unhandled cell and no unreached Task state (the message lists each). */
      toHaveNoUnhandledFaults(): R;
    }
  }
}

/** The state and edge coverage matchers differ only in which half of the report they read and how they list it. */
function coverageResult(received: unknown, part: 'states' | 'edges', noun: string, heading: string, separator: string) {
  if (!(received instanceof WorkflowSimulator)) {
    return { pass: false, message: () => 'expected a WorkflowSimulator' };
  }
  const report = received.coverage.report();
  const { covered, total, uncovered } = report[part];
  const pass = uncovered.length === 0;
  return {
    pass,
    message: () => pass
      ? `expected some ${noun} of ${report.stateMachine} to be uncovered`
      : `${report.stateMachine}: ${covered}/${total} ${part} covered over ${report.runs} runs; ${heading}${uncovered.join(separator)}`,
  };
}

function describeRun(result: ExecutionResult): string {
  const path = result.visited.map((v) => (v.attempt > 0 ? `${v.name} (retry ${v.attempt})` : v.name)).join(' -> ');
  const ending = result.status === 'SUCCEEDED' ? `output ${JSON.stringify(result.output)}` : `${result.error}: ${result.cause}`;
  return `${result.status} (${ending})\n  path: ${path}`;
}

function isResult(value: unknown): value is ExecutionResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'visited' in value;
}

const notAResult = (received: unknown) => ({ pass: false, message: () => `expected an ExecutionResult from sim.run(), got ${String(received)}` });

/** Adds the Statecraft matchers to jest's `expect`. Call once per test file (or in a jest setup file). */
export function installMatchers(): void {
  expect.extend({
    toSucceed(received: unknown) {
      if (!isResult(received)) {
        return notAResult(received);
      }
      const pass = received.status === 'SUCCEEDED';
      return { pass, message: () => `expected the execution ${pass ? 'not ' : ''}to succeed; it ended ${describeRun(received)}` };
    },
    toFailWith(received: unknown, error: string, causeIncludes?: string) {
      if (!isResult(received)) {
        return notAResult(received);
      }
      const pass = received.status !== 'SUCCEEDED' && received.error === error
        && (causeIncludes === undefined || (received.cause ?? '').includes(causeIncludes));
      const expected = `${error}${causeIncludes === undefined ? '' : ` (cause containing "${causeIncludes}")`}`;
      return { pass, message: () => `expected the execution ${pass ? 'not ' : ''}to fail with ${expected}; it ended ${describeRun(received)}` };
    },
    toHaveVisitedInOrder(received: unknown, states: string[]) {
      if (!isResult(received)) {
        return notAResult(received);
      }
      let position = 0;
      for (const visit of received.visited) {
        if (position < states.length && visit.name === states[position]) {
          position += 1;
        }
      }
      const pass = position === states.length;
      return {
        pass,
        message: () => pass
          ? `expected the execution not to visit ${states.join(' -> ')} in order; it did: ${describeRun(received)}`
          : `expected the execution to visit ${states.join(' -> ')} in order; '${states[position]}' was not reached after ` +
            `${position === 0 ? 'the start' : `'${states[position - 1]}'`}. It ended ${describeRun(received)}`,
      };
    },
    toHaveFullStateCoverage(received: unknown) {
      return coverageResult(received, 'states', 'state', 'never entered: ', ', ');
    },
    toHaveFullEdgeCoverage(received: unknown) {
      return coverageResult(received, 'edges', 'edge', 'never taken:\n  ', '\n  ');
    },
    toHaveNoUnhandledFaults(received: FaultSweepReport) {
      try {
        assertNoUnhandledFaults(received);
      } catch (error) {
        return { pass: false, message: () => `${(error as Error).message}\n${received.table}` };
      }
      return { pass: true, message: () => `expected ${received.stateMachine}'s sweep to have an unhandled cell; all ${received.totals.cells} are handled` };
    },
  });
}

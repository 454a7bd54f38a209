import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { safeFileName } from './coverage';
import { ExecutionResult, SIMULATION_LIMIT_ERROR } from './execution-result';
import { ALL_FAULTS, FaultKind, faultErrorName } from './fault-catalogue';
import { parseIntegration } from './integration';
import { MockCall, SimulatorMocks, TaskFailure, evaluateMock, findMock } from './mocks';
import { UnmockedTaskError, WorkflowSimulator } from './workflow-simulator';

/** Folder (relative to the working directory) holding one JSON fault-sweep report per state machine. */
export const FAULT_SWEEP_REPORT_DIR = join('test-reports', 'fault-sweep');

/** A base run the sweep injects faults into: an input and the mocks of a path through the workflow. */
export interface SweepScenario {
  /**
   * Shown in the report.
   * @default 'scenario-<n>'
   */
  readonly name?: string;
  readonly input: unknown;
  /**
   * Mocks for this scenario.
   * @default the simulator's mocks
   */
  readonly mocks?: SimulatorMocks;
}

/** A (state, fault) cell the workflow deliberately does not retry, and why; the reason shows in the report. */
export interface NotRetriedCell {
  readonly state: string;
  readonly fault: FaultKind;
  readonly reason: string;
}

export interface SweepOptions {
  /**
   * Input of the single base scenario (with the simulator's mocks); use `scenarios` for several.
   * @default {}
   */
  readonly input?: unknown;
  /**
   * Base scenarios; each Task state is swept under the first scenario that reaches it (or, failing that, the first
   * fault run that reaches it, which is how failure handlers get swept).
   * @default one scenario from `input`
   */
  readonly scenarios?: SweepScenario[];
  /**
   * Decides whether a failed run went through the workflow's failure handling (registry updated, notification sent,
   * compensation run). A failure for which it returns false is unhandled.
   * @default any failure with a named error counts as handled; a raw States.* error or the injected error itself does not
   */
  readonly isHandled?: (result: ExecutionResult, cell: { state: string; fault: FaultKind }) => boolean;
  /**
   * The workflow is built to be redriven: it catches no error only to end with it, so an AWS error that survives its
   * retries ends the execution unchanged, and failures are recorded after the execution has ended (for example by
   * an ExecutionStatusHandler). A run that fails with the injected error itself is then handled when it ended in the
   * state the fault was injected at (or the top-level Parallel or Map holding it), where a redrive continues.
   * @default false: the injected error reaching the caller is unhandled
   */
  readonly redrivable?: boolean;
  /**
   * Faults to inject.
   * @default all four: throttling, serviceError, timeout, transient
   */
  readonly faults?: FaultKind[];
  /**
   * The transient fault fails this many attempts, then the state's normal mock answers.
   * @default 2
   */
  readonly transientFailures?: number;
  /**
   * Cells deliberately not retried, with the reason.
   * @default none
   */
  readonly notRetried?: NotRetriedCell[];
  /**
   * Each run is stopped and classified as a hang past this many transitions.
   * @default 2000
   */
  readonly maxTransitions?: number;
  /**
   * Each run is stopped and classified as a hang past this much virtual time (the execution's TimeoutSeconds ends it
   * first when lower, as an unhandled States.Timeout).
   * @default 7 days
   */
  readonly maxVirtualSeconds?: number;
  /**
   * Report name (file `test-reports/fault-sweep/<name>.json`).
   * @default the definition's name
   */
  readonly name?: string;
  /**
   * Print the table with console.log.
   * @default true
   */
  readonly print?: boolean;
}

export type SweepOutcome = 'recovered' | 'handled' | 'unhandled' | 'unreached';

export interface FaultSweepCell {
  readonly state: string;
  readonly fault: FaultKind;
  /** The error name injected. */
  readonly injected: string;
  readonly outcome: SweepOutcome;
  /** Final error of a handled or unhandled run. */
  readonly error?: string;
  /** Why an unhandled cell is unhandled (or, with `redrivable`, where a handled one ended). */
  readonly reason?: string;
  /** Set when the cell was marked deliberately not retried. */
  readonly notRetried?: string;
  readonly scenario?: string;
  readonly transitions?: number;
  readonly elapsedSeconds?: number;
}

export interface FaultSweepReport {
  readonly stateMachine: string;
  readonly faults: readonly FaultKind[];
  readonly taskStates: readonly string[];
  /** Task states no scenario reached: a coverage gap, listed so it cannot pass unnoticed. */
  readonly unreachedStates: readonly string[];
  readonly cells: readonly FaultSweepCell[];
  readonly totals: {
    readonly cells: number;
    readonly recovered: number;
    readonly handled: number;
    readonly unhandled: number;
    readonly unreached: number;
  };
  /** The table printed in the test output. */
  readonly table: string;
}

/** Cause text of injected faults, so a reader of an execution's output can tell them from the workflow's own errors. */
const INJECTED_CAUSE = 'Injected by @statecraft/testing fault sweep';

/**
 * Runs the workflow once per (Task state, fault): the fault is injected at that state only, every other state answers
 * from the scenario's mocks. Writes `test-reports/fault-sweep/<name>.json` and prints the table.
 */
export async function sweepFaults(sim: WorkflowSimulator, options: SweepOptions = {}): Promise<FaultSweepReport> {
  const faults = options.faults ?? [...ALL_FAULTS];
  const scenarios: Required<SweepScenario>[] = (options.scenarios ?? [{ input: options.input ?? {} }]).map((scenario, index) => ({
    name: scenario.name ?? `scenario-${index + 1}`,
    input: scenario.input,
    mocks: scenario.mocks ?? sim.options.mocks ?? {},
  }));
  const limits = { maxTransitions: options.maxTransitions ?? 2000, maxVirtualSeconds: options.maxVirtualSeconds ?? 7 * 24 * 3600 };

  // Each Task state is swept from the first base run that reaches it: a clean scenario run, or else a fault run that
  // led there (failure handlers are usually reached only under a fault), so their own faults are swept too.
  const baseFor = new Map<string, Required<SweepScenario>>();
  const discover = (visited: readonly { name: string }[], base: Required<SweepScenario>) => visited.forEach((visit) => {
    if (!baseFor.has(visit.name)) {
      baseFor.set(visit.name, base);
    }
  });
  for (const scenario of scenarios) {
    const baseline = await sim.with({ mocks: scenario.mocks, ...limits }).run(scenario.input, { executionName: `${scenario.name}-baseline` });
    discover(baseline.visited, scenario);
  }

  const cells: FaultSweepCell[] = [];
  const swept = new Set<string>();
  let progress = true;
  while (progress) {
    progress = false;
    for (const state of sim.taskStates.filter((name) => !swept.has(name) && baseFor.has(name))) {
      swept.add(state);
      progress = true;
      const base = baseFor.get(state)!;
      const integration = parseIntegration(sim.definition.state(state).state.Resource ?? '');
      for (const fault of faults) {
        const injected = faultErrorName(fault, integration);
        const failures = fault === 'transient' ? options.transientFailures ?? 2 : Number.POSITIVE_INFINITY;
        const mocks = injectFault(base.mocks, state, integration.key, injected, failures);
        const result = await sim.with({ mocks, ...limits }).run(base.input, { executionName: `sweep-${fault}` });
        discover(result.visited, { name: `${base.name} + ${state}/${fault}`, input: base.input, mocks });
        cells.push({
          ...classify(result, injected, { state, fault }, options.isHandled,
            options.redrivable ? sim.unfinishedState(result) === sim.topLevelStateOf(state) : false),
          state,
          fault,
          injected,
          notRetried: notRetriedReason(options, state, fault),
          scenario: base.name,
          transitions: result.transitions,
          elapsedSeconds: result.elapsedSeconds,
        });
      }
    }
  }
  for (const state of sim.taskStates.filter((name) => !swept.has(name))) {
    const integration = parseIntegration(sim.definition.state(state).state.Resource ?? '');
    for (const fault of faults) {
      cells.push({
        state,
        fault,
        injected: faultErrorName(fault, integration),
        outcome: 'unreached',
        reason: 'no scenario (nor any fault run) reaches this state',
        notRetried: notRetriedReason(options, state, fault),
      });
    }
  }
  const order = (c: FaultSweepCell) => sim.taskStates.indexOf(c.state) * faults.length + faults.indexOf(c.fault);
  cells.sort((a, b) => order(a) - order(b));

  const report = buildReport(options.name ?? sim.definition.name, faults, sim.taskStates, cells);
  mkdirSync(FAULT_SWEEP_REPORT_DIR, { recursive: true });
  writeFileSync(join(FAULT_SWEEP_REPORT_DIR, `${safeFileName(report.stateMachine)}.json`), `${JSON.stringify(report, undefined, 2)}\n`);
  if (options.print ?? true) {
    // eslint-disable-next-line no-console
    console.log(report.table);
  }
  return report;
}

function notRetriedReason(options: SweepOptions, state: string, fault: FaultKind): string | undefined {
  return options.notRetried?.find((mark) => mark.state === state && mark.fault === fault)?.reason;
}

/** The scenario's mocks with `state` answering `failures` times with the injected error, then as before. */
function injectFault(base: SimulatorMocks, state: string, integrationKey: string, injected: string, failures: number): SimulatorMocks {
  return {
    ...base,
    states: {
      ...base.states,
      [state]: async (call: MockCall) => {
        if (call.attempt < failures) {
          throw new TaskFailure(injected, `${INJECTED_CAUSE} (attempt ${call.attempt})`);
        }
        const original = findMock(base, state, call.integration);
        if (!original) {
          throw new UnmockedTaskError(state, { ...call.integration, key: integrationKey });
        }
        const response = await evaluateMock(original, { ...call, attempt: call.attempt - failures });
        if (response.throw) {
          throw new TaskFailure(response.throw.error, response.throw.cause ?? '');
        }
        return response.return ?? null;
      },
    },
  };
}

function classify(
  result: ExecutionResult,
  injected: string,
  cell: { state: string; fault: FaultKind },
  isHandled?: SweepOptions['isHandled'],
  endedWhereInjected = false,
): Pick<FaultSweepCell, 'outcome' | 'error' | 'reason'> {
  if (result.status === 'SUCCEEDED') {
    return { outcome: 'recovered' };
  }
  if (result.error === SIMULATION_LIMIT_ERROR) {
    return { outcome: 'unhandled', error: result.error, reason: `hang: ${result.cause}` };
  }
  if (endedWhereInjected && result.error === injected) {
    return { outcome: 'handled', error: result.error, reason: `ended in ${cell.state} with the error unchanged: a redrive continues there` };
  }
  if (!result.error || result.error.startsWith('States.') || result.error === injected) {
    return { outcome: 'unhandled', error: result.error, reason: `raw ${result.error ?? 'failure'} reached the caller` };
  }
  if (isHandled && !isHandled(result, cell)) {
    return { outcome: 'unhandled', error: result.error, reason: 'failed without running the failure handling (isHandled returned false)' };
  }
  return { outcome: 'handled', error: result.error };
}

function buildReport(stateMachine: string, faults: readonly FaultKind[], taskStates: readonly string[], cells: FaultSweepCell[]): FaultSweepReport {
  const count = (outcome: SweepOutcome) => cells.filter((cell) => cell.outcome === outcome).length;
  const unreachedStates = taskStates.filter((state) => cells.some((cell) => cell.state === state && cell.outcome === 'unreached'));
  const totals = { cells: cells.length, recovered: count('recovered'), handled: count('handled'), unhandled: count('unhandled'), unreached: count('unreached') };
  return { stateMachine, faults, taskStates, unreachedStates, cells, totals, table: renderTable(stateMachine, faults, taskStates, cells, totals) };
}

function cellText(cell: FaultSweepCell): string {
  const mark = cell.notRetried ? ' *' : '';
  switch (cell.outcome) {
    case 'recovered': return `recovered${mark}`;
    case 'handled': return `handled ${cell.error}${mark}`;
    case 'unhandled': return `UNHANDLED ${cell.error ?? ''}${mark}`.trim();
    default: return 'UNREACHED';
  }
}

function renderTable(
  stateMachine: string,
  faults: readonly FaultKind[],
  taskStates: readonly string[],
  cells: FaultSweepCell[],
  totals: FaultSweepReport['totals'],
): string {
  const rows = [['task state', ...faults], ...taskStates.map((state) =>
    [state, ...faults.map((fault) => cellText(cells.find((cell) => cell.state === state && cell.fault === fault)!))])];
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  const line = (row: string[]) => `| ${row.map((text, column) => text.padEnd(widths[column])).join(' | ')} |`;
  const notes = cells.filter((cell) => cell.notRetried).map((cell) => `  * ${cell.state} / ${cell.fault}: not retried: ${cell.notRetried}`);
  const problems = cells.filter((cell) => cell.outcome === 'unhandled').map((cell) => `  ! ${cell.state} / ${cell.fault} (${cell.injected}): ${cell.reason}`);
  return [
    `Fault sweep of ${stateMachine}: ${taskStates.length} task states x ${faults.length} faults = ${totals.cells} cells; ` +
    `recovered ${totals.recovered}, handled ${totals.handled}, unhandled ${totals.unhandled}, unreached ${totals.unreached}`,
    line(rows[0]),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.slice(1).map(line),
    ...notes,
    ...problems,
  ].join('\n');
}

/** Throws listing every unhandled cell and every unreached Task state; use in a test after `sweepFaults`. */
export function assertNoUnhandledFaults(report: FaultSweepReport): void {
  const problems = [
    ...report.cells.filter((cell) => cell.outcome === 'unhandled')
      .map((cell) => `unhandled: ${cell.state} / ${cell.fault} (${cell.injected}) -> ${cell.reason}`),
    ...report.unreachedStates.map((state) => `unreached: ${state} (no scenario or fault run reaches it; add a scenario)`),
  ];
  if (problems.length > 0) {
    throw new Error(`Fault sweep of ${report.stateMachine} has ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  }
}

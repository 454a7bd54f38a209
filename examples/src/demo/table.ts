import { ScenarioReport } from './scenario-engine';

/** Renders the scenario reports as a fixed-width text table. */
export function renderTable(reports: readonly ScenarioReport[]): string {
  const header = ['workflow', 'scenario', 'result', 'states', 'transitions', 'lambdas', 'virtual time', 'USD / 1k runs', ''];
  const rows = reports.map((r) => [
    r.workflow,
    r.scenario,
    r.status === 'SUCCEEDED' ? 'SUCCEEDED' : `${r.status} ${r.error ?? ''}`.trim(),
    String(r.statesVisited),
    String(r.stateTransitions),
    String(r.lambdaInvocations),
    formatDuration(r.virtualElapsedSeconds),
    r.costPer1000ExecutionsUsd.toFixed(3),
    r.asExpected ? 'ok' : `UNEXPECTED (wanted ${r.expected.status}${r.expected.error ? ` ${r.expected.error}` : ''})`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  ').trimEnd(), ...rows.map(line)].join('\n');
}

/** 3725 -> "1h 2m 5s". */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  const parts = [[Math.floor(s / 86400), 'd'], [Math.floor((s % 86400) / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']] as const;
  const shown = parts.filter(([value]) => value > 0).map(([value, unit]) => `${value}${unit}`);
  return shown.length > 0 ? shown.join(' ') : '0s';
}

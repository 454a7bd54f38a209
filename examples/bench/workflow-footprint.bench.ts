/**
 * The footprint of every workflow the example app synthesizes, against the figures recorded before the move to
 * JSONata (bench/footprint-baseline.json): states in the definition, definition bytes, and on the workflow's demo
 * happy path the state transitions, the history events and the USD a 1,000 executions cost.
 *
 *   npx ts-node --transpile-only bench/workflow-footprint.bench.ts                    print the comparison
 *   npx ts-node --transpile-only bench/workflow-footprint.bench.ts --write-baseline   record today's figures
 *
 * It prints figures and marks a figure that grew; it never fails on them (benchmarks measure, tests assert).
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { createExampleApp } from '../src/app';
import { costPerThousandExecutions } from '../src/demo/pricing';
import { loadSynthesizedDefinitions } from '../src/demo/synthesized-definitions';
import { measureFragments } from './fragment-footprint';

const BASELINE_FILE = path.join(__dirname, 'footprint-baseline.json');

/** The figures of one state machine; the run figures are those of its demo happy path, when the demo runs it. */
export interface WorkflowFootprint {
  readonly states: number;
  readonly definitionBytes: number;
  readonly happyPath?: { scenario: string; transitions: number; historyEvents: number; usdPer1000: number };
}

export interface Footprint {
  readonly recordedAt: string;
  /** The commit the baseline was measured on. */
  readonly recordedFrom?: string;
  readonly workflows: Record<string, WorkflowFootprint>;
  /** Transitions of every demo scenario that is expected to succeed, summed. */
  readonly happyPathTransitionsSum: number;
  readonly fragments: Record<string, number>;
}

async function measure(): Promise<Footprint> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'footprint-'));
  const { app, workflows } = createExampleApp({ outdir });
  const synthesized = loadSynthesizedDefinitions(app.synth());
  const figures: Record<string, WorkflowFootprint> = {};
  let happyPathTransitionsSum = 0;

  const demoNames = new Map<string, (typeof workflows)[number]>();
  for (const workflow of workflows) {
    demoNames.set(`${workflow.stack.stackName}/${workflow.stack.getLogicalId(workflow.stateMachine.node.defaultChild as never)}`, workflow);
  }
  for (const { stackName, logicalId, definition } of synthesized) {
    const workflow = demoNames.get(`${stackName}/${logicalId}`);
    const name = workflow?.name ?? `${stackName}/${logicalId}`;
    let happyPath: WorkflowFootprint['happyPath'];
    for (const scenario of workflow?.scenarios ?? []) {
      if (scenario.expected.status !== 'SUCCEEDED') continue;
      const result = await new WorkflowSimulator(definition, {
        mocks: scenario.mocks,
        itemReaderItems: scenario.itemReaderItems,
        writeCoverageReport: false,
      }).run(scenario.input, { executionName: scenario.executionName });
      happyPathTransitionsSum += result.transitions;
      happyPath ??= {
        scenario: scenario.name,
        transitions: result.transitions,
        historyEvents: result.history?.length ?? 0,
        usdPer1000: Number(costPerThousandExecutions(result.transitions).toFixed(4)),
      };
    }
    figures[name] = { states: definition.states.length, definitionBytes: definitionBytes(definition), happyPath };
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return { recordedAt: new Date().toISOString(), workflows: figures, happyPathTransitionsSum, fragments: measureFragments() };
}

function definitionBytes(definition: WorkflowDefinition): number {
  return Buffer.byteLength(JSON.stringify(definition.asl), 'utf8');
}

function change(before: number | undefined, after: number | undefined): string {
  if (before === undefined && after === undefined) return '-';
  if (before === undefined) return `new ${after}`;
  if (after === undefined) return `${before} -> gone`;
  const percent = before === 0 ? 0 : ((after - before) / before) * 100;
  const grew = after > before ? '  GREW' : '';
  return `${before} -> ${after} (${percent >= 0 ? '+' : ''}${percent.toFixed(0)}%)${grew}`;
}

function print(before: Footprint | undefined, after: Footprint): void {
  const names = [...new Set([...Object.keys(before?.workflows ?? {}), ...Object.keys(after.workflows)])].sort();
  const header = ['workflow', 'states', 'definition bytes', 'happy-path transitions', 'history events', 'USD / 1k runs'];
  const rows = names.map((name) => {
    const b = before?.workflows[name];
    const a = after.workflows[name];
    return [
      name,
      change(b?.states, a?.states),
      change(b?.definitionBytes, a?.definitionBytes),
      change(b?.happyPath?.transitions, a?.happyPath?.transitions),
      change(b?.happyPath?.historyEvents, a?.happyPath?.historyEvents),
      change(b?.happyPath?.usdPer1000, a?.happyPath?.usdPer1000),
    ];
  });
  for (const fragment of [...new Set([...Object.keys(before?.fragments ?? {}), ...Object.keys(after.fragments)])].sort()) {
    rows.push([`fragment: ${fragment}`, change(before?.fragments[fragment], after.fragments[fragment]), '', '', '', '']);
  }
  rows.push(['sum of happy-path transitions over the demo scenarios', '', '', change(before?.happyPathTransitionsSum, after.happyPathTransitionsSum), '', '']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  console.log(before ? `before: ${before.recordedFrom ?? before.recordedAt} (bench/footprint-baseline.json); after: this tree` : 'no baseline recorded: figures of this tree');
  console.log([line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n'));
}

async function main(): Promise<void> {
  const after = await measure();
  if (process.argv.includes('--write-baseline')) {
    const commit = execFileSync('git', ['log', '-1', '--format=%h %s'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(BASELINE_FILE, `${JSON.stringify({ ...after, recordedFrom: commit }, undefined, 2)}\n`);
    console.log(`recorded ${Object.keys(after.workflows).length} workflows in ${path.relative(process.cwd(), BASELINE_FILE)}`);
    return;
  }
  const before = fs.existsSync(BASELINE_FILE) ? JSON.parse(fs.readFileSync(BASELINE_FILE, 'utf8')) as Footprint : undefined;
  print(before, after);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

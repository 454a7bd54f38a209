import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { AslState } from './asl-types';
import { WorkflowDefinition } from './workflow-definition';

/** Folder (relative to the working directory, the package folder under jest) holding one JSON report per state machine. */
export const COVERAGE_REPORT_DIR = join('test-reports', 'workflow-coverage');

/** One edge of the state graph, named the same way in reports and in failure messages. */
export interface CoverageEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: 'Next' | 'Choice' | 'Default' | 'Catch' | 'Retry';
  /** Rule, catcher or retrier index for Choice, Catch and Retry edges. */
  readonly index?: number;
}

export interface CoverageReport {
  readonly stateMachine: string;
  /**
   * Who wrote this report: the jest test file (relative to the working directory) and the process. A report covers
   * only the runs of that one test file; another file using the same state machine name overwrites it.
   */
  readonly writtenBy: { readonly testFile?: string; readonly pid: number };
  /** The number of runs counted, and each of them (its execution name and how it ended). */
  readonly runs: number;
  readonly executions: readonly CoveredExecution[];
  readonly states: { readonly total: number; readonly covered: number; readonly uncovered: string[] };
  readonly edges: { readonly total: number; readonly covered: number; readonly uncovered: string[] };
  /** How many times each state was entered across all runs. */
  readonly visits: Record<string, number>;
}

export interface CoveredExecution {
  readonly executionName: string;
  readonly status: string;
}

export function edgeId(kind: CoverageEdge['kind'], from: string, to: string, index?: number, errors?: string[]): string {
  const label = index === undefined ? kind : `${kind}[${index}]${errors ? ` ${errors.join(',')}` : ''}`;
  return `${from} --${label}--> ${to}`;
}

/** Every edge of the definition: Next, each Choice rule and Default, each Catch, each Retry (a self edge). */
export function listEdges(definition: WorkflowDefinition): CoverageEdge[] {
  const edges: CoverageEdge[] = [];
  for (const { name, state } of definition.states) {
    edges.push(...edgesOf(name, state));
  }
  return edges;
}

function edgesOf(name: string, state: AslState): CoverageEdge[] {
  const edges: CoverageEdge[] = [];
  if (state.Next && state.Type !== 'Choice') {
    edges.push({ id: edgeId('Next', name, state.Next), from: name, to: state.Next, kind: 'Next' });
  }
  state.Choices?.forEach((rule, index) =>
    edges.push({ id: edgeId('Choice', name, rule.Next, index), from: name, to: rule.Next, kind: 'Choice', index }));
  if (state.Default) {
    edges.push({ id: edgeId('Default', name, state.Default), from: name, to: state.Default, kind: 'Default' });
  }
  state.Catch?.forEach((catcher, index) =>
    edges.push({ id: edgeId('Catch', name, catcher.Next, index, catcher.ErrorEquals), from: name, to: catcher.Next, kind: 'Catch', index }));
  state.Retry?.forEach((retrier, index) =>
    edges.push({ id: edgeId('Retry', name, name, index, retrier.ErrorEquals), from: name, to: name, kind: 'Retry', index }));
  return edges;
}

/** Accumulates coverage of one state machine across every run in this process (one jest test file). */
export class CoverageTracker {
  /** The tracker shared by every simulator of this definition (same name and same ASL). */
  public static for(definition: WorkflowDefinition): CoverageTracker {
    // By object first: a fault sweep makes a simulator per cell (`with`) of one definition, and serializing it each time
    // cost more than the runs.
    let tracker = CoverageTracker.byDefinition.get(definition);
    if (tracker) {
      return tracker;
    }
    const key = `${definition.name}\n${JSON.stringify(definition.asl)}`;
    tracker = CoverageTracker.trackers.get(key);
    if (!tracker) {
      tracker = new CoverageTracker(definition);
      CoverageTracker.trackers.set(key, tracker);
    }
    CoverageTracker.byDefinition.set(definition, tracker);
    return tracker;
  }

  private static readonly trackers = new Map<string, CoverageTracker>();
  private static readonly byDefinition = new WeakMap<WorkflowDefinition, CoverageTracker>();

  private readonly edges: CoverageEdge[];
  private readonly visits = new Map<string, number>();
  private readonly coveredEdges = new Set<string>();
  private readonly executions: CoveredExecution[] = [];
  private warnedAbout?: string;
  private testFile?: string;

  private constructor(private readonly definition: WorkflowDefinition) {
    this.edges = listEdges(definition);
  }

  public record(entered: readonly string[], edges: readonly string[], execution: CoveredExecution): void {
    this.testFile ??= currentTestFile();
    this.executions.push(execution);
    entered.forEach((name) => this.visits.set(name, (this.visits.get(name) ?? 0) + 1));
    edges.forEach((id) => this.coveredEdges.add(id));
  }

  public report(): CoverageReport {
    const states = this.definition.states.map((s) => s.name);
    const uncoveredStates = states.filter((name) => !this.visits.has(name));
    const uncoveredEdges = this.edges.filter((edge) => !this.coveredEdges.has(edge.id)).map((edge) => edge.id);
    return {
      stateMachine: this.definition.name,
      writtenBy: { testFile: this.testFile ?? currentTestFile(), pid: process.pid },
      runs: this.executions.length,
      executions: [...this.executions],
      states: { total: states.length, covered: states.length - uncoveredStates.length, uncovered: uncoveredStates },
      edges: { total: this.edges.length, covered: this.edges.length - uncoveredEdges.length, uncovered: uncoveredEdges },
      visits: Object.fromEntries(states.map((name) => [name, this.visits.get(name) ?? 0])),
    };
  }

  /**
   * Writes this state machine's report once, when the test file ends (jest's afterAll) or else when the process
   * exits, instead of after every run: rewriting it per run cost more than the runs themselves.
   */
  public scheduleReport(): void {
    pendingReports.add(this);
  }

  /** Writes `test-reports/workflow-coverage/<name>.json` in the working directory; returns its path. */
  public writeReport(directory = COVERAGE_REPORT_DIR): string {
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${safeFileName(this.definition.name)}.json`);
    const report = this.report();
    const previousWriter = existsSync(file) ? writerOf(file) : undefined;
    if (previousWriter && report.writtenBy.testFile && previousWriter !== report.writtenBy.testFile && this.warnedAbout !== previousWriter) {
      this.warnedAbout = previousWriter;
      console.warn(
        `${file} was written by ${previousWriter} and is now replaced by the report of ${report.writtenBy.testFile}: each ` +
        "report covers one test file's runs. Give the state machine another name in one of them ({ name } when loading it).",
      );
    }
    writeFileSync(file, `${JSON.stringify(report, undefined, 2)}\n`);
    return file;
  }
}

const pendingReports = new Set<CoverageTracker>();

/** Writes every scheduled report (synchronously, so it also works in an exit handler). */
export function writeScheduledCoverageReports(): void {
  for (const tracker of pendingReports) {
    tracker.writeReport();
  }
  pendingReports.clear();
}

registerReportWriter();

function registerReportWriter(): void {
  const afterAllHook = (globalThis as { afterAll?: (fn: () => void) => void }).afterAll;
  if (typeof afterAllHook === 'function') {
    try {
      // Loaded while jest collects a test file: one hook at the file's top level.
      afterAllHook(writeScheduledCoverageReports);
      return;
    } catch {
      // Loaded inside a running test: fall back to the exit handler.
    }
  }
  process.once('exit', writeScheduledCoverageReports);
}

/** The jest test file running now, relative to the working directory; undefined outside jest. */
function currentTestFile(): string | undefined {
  const testPath = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.().testPath;
  return testPath ? relative(process.cwd(), testPath) : undefined;
}

function writerOf(file: string): string | undefined {
  try {
    return (JSON.parse(readFileSync(file, 'utf8')) as Partial<CoverageReport>).writtenBy?.testFile;
  } catch {
    return undefined;
  }
}

export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

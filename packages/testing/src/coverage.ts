import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
  readonly runs: number;
  readonly states: { readonly total: number; readonly covered: number; readonly uncovered: string[] };
  readonly edges: { readonly total: number; readonly covered: number; readonly uncovered: string[] };
  /** How many times each state was entered across all runs. */
  readonly visits: Record<string, number>;
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
    const key = `${definition.name}\n${JSON.stringify(definition.asl)}`;
    let tracker = CoverageTracker.trackers.get(key);
    if (!tracker) {
      tracker = new CoverageTracker(definition);
      CoverageTracker.trackers.set(key, tracker);
    }
    return tracker;
  }

  private static readonly trackers = new Map<string, CoverageTracker>();

  private readonly edges: CoverageEdge[];
  private readonly visits = new Map<string, number>();
  private readonly coveredEdges = new Set<string>();
  private runs = 0;

  private constructor(private readonly definition: WorkflowDefinition) {
    this.edges = listEdges(definition);
  }

  public record(entered: readonly string[], edges: readonly string[]): void {
    this.runs += 1;
    entered.forEach((name) => this.visits.set(name, (this.visits.get(name) ?? 0) + 1));
    edges.forEach((id) => this.coveredEdges.add(id));
  }

  public report(): CoverageReport {
    const states = this.definition.states.map((s) => s.name);
    const uncoveredStates = states.filter((name) => !this.visits.has(name));
    const uncoveredEdges = this.edges.filter((edge) => !this.coveredEdges.has(edge.id)).map((edge) => edge.id);
    return {
      stateMachine: this.definition.name,
      runs: this.runs,
      states: { total: states.length, covered: states.length - uncoveredStates.length, uncovered: uncoveredStates },
      edges: { total: this.edges.length, covered: this.edges.length - uncoveredEdges.length, uncovered: uncoveredEdges },
      visits: Object.fromEntries(states.map((name) => [name, this.visits.get(name) ?? 0])),
    };
  }

  /** Writes `test-reports/workflow-coverage/<name>.json` in the working directory; returns its path. */
  public writeReport(directory = COVERAGE_REPORT_DIR): string {
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `${safeFileName(this.definition.name)}.json`);
    writeFileSync(file, `${JSON.stringify(this.report(), undefined, 2)}\n`);
    return file;
  }
}

export function safeFileName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-');
}

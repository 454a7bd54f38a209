import { AslChoiceRule, AslState, AslStateMachine } from './asl-types';
import { CoverageEdge, listEdges } from './coverage';
import { ExecutionResult } from './execution-result';
import { WorkflowDefinition } from './workflow-definition';

export interface DiagramOptions {
  /**
   * A run whose visited states and taken edges are highlighted.
   * @default nothing highlighted
   */
  readonly highlight?: ExecutionResult;
}

/** A box or a nested group in the diagram. */
export interface DiagramScope {
  /** Parallel/Map state owning the scope, with the branch index; undefined for the top level. */
  readonly owner?: { readonly state: string; readonly branch: number; readonly label: string };
  readonly startAt: string;
  readonly states: readonly string[];
  readonly children: readonly DiagramScope[];
}

/** What the renderers draw: scopes of states, and every edge labelled. */
export interface DiagramModel {
  readonly root: DiagramScope;
  readonly nodeIds: ReadonlyMap<string, string>;
  readonly types: ReadonlyMap<string, AslState['Type']>;
  readonly edges: readonly (CoverageEdge & { readonly label: string })[];
  readonly visited: ReadonlySet<string>;
  readonly taken: ReadonlySet<string>;
  /** The Fail state (or last state) a failed highlighted run ended in. */
  readonly failedAt?: string;
}

export function buildDiagramModel(definition: WorkflowDefinition, options: DiagramOptions = {}): DiagramModel {
  const nodeIds = new Map(definition.states.map((s, index) => [s.name, `s${index}`]));
  const types = new Map(definition.states.map((s) => [s.name, s.state.Type]));
  const edges = listEdges(definition).map((edge) => ({ ...edge, label: edgeLabel(edge, definition) }));
  const run = options.highlight;
  const visited = new Set(run?.visited.map((v) => v.name) ?? []);
  const failedAt = run && run.status !== 'SUCCEEDED' ? run.visited[run.visited.length - 1]?.name : undefined;
  return { root: scopeOf(definition.asl), nodeIds, types, edges, visited, taken: new Set(run?.edgesTaken ?? []), failedAt };
}

function scopeOf(machine: AslStateMachine, owner?: DiagramScope['owner']): DiagramScope {
  const children: DiagramScope[] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    state.Branches?.forEach((branch, index) => children.push(scopeOf(branch, { state: name, branch: index, label: `${name}: branch ${index + 1}` })));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) {
      children.push(scopeOf(processor, { state: name, branch: 0, label: `${name}: each item` }));
    }
  }
  return { owner, startAt: machine.StartAt, states: Object.keys(machine.States), children };
}

function edgeLabel(edge: CoverageEdge, definition: WorkflowDefinition): string {
  const state = definition.state(edge.from).state;
  switch (edge.kind) {
    case 'Choice': return describeRule(state.Choices![edge.index!]);
    case 'Default': return 'Default';
    case 'Catch': return `Catch ${state.Catch![edge.index!].ErrorEquals.join(', ')}`;
    case 'Retry': {
      const retrier = state.Retry![edge.index!];
      return `Retry ${retrier.ErrorEquals.join(', ')} x${retrier.MaxAttempts ?? 3}`;
    }
    default: return '';
  }
}

const OPERATOR_SYMBOLS: Record<string, string> = {
  Equals: '==', LessThan: '<', GreaterThan: '>', LessThanEquals: '<=', GreaterThanEquals: '>=', Matches: 'matches',
};

/** A short, readable form of a Choice rule: `$.status == "SUCCEEDED"`, `not($.x is present)`, `and(2 rules)`. */
export function describeRule(rule: Omit<AslChoiceRule, 'Next'>): string {
  if (Array.isArray(rule.And)) {
    return (rule.And as AslChoiceRule[]).map(describeRule).join(' and ');
  }
  if (Array.isArray(rule.Or)) {
    return (rule.Or as AslChoiceRule[]).map(describeRule).join(' or ');
  }
  if (rule.Not) {
    return `not (${describeRule(rule.Not as AslChoiceRule)})`;
  }
  const operator = Object.keys(rule).find((key) => key !== 'Variable' && key !== 'Next' && key !== 'Comment');
  if (!operator) {
    return 'rule';
  }
  const value = rule[operator];
  const test = /^Is(Present|Null|Numeric|String|Boolean|Timestamp)$/.exec(operator);
  if (test) {
    return `${rule.Variable} ${value ? 'is' : 'is not'} ${test[1].toLowerCase()}`;
  }
  const comparison = /^(String|Numeric|Boolean|Timestamp)(Equals|LessThan|GreaterThan|LessThanEquals|GreaterThanEquals|Matches)(Path)?$/.exec(operator);
  if (comparison) {
    return `${rule.Variable} ${OPERATOR_SYMBOLS[comparison[2]]} ${comparison[3] ? String(value) : JSON.stringify(value)}`;
  }
  return `${rule.Variable} ${operator} ${JSON.stringify(value)}`;
}

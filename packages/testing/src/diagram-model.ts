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

/**
 * Edge labels stay under this many characters: RetryPolicy presets list up to hundreds of error names, and one
 * 14,000-character label made a 120,000 pt wide SVG.
 */
export const MAX_EDGE_LABEL_LENGTH = 80;
/** Edge labels are broken into lines of about this many characters, so a long one does not widen the diagram. */
export const EDGE_LABEL_LINE_WIDTH = 40;
/** State names are broken into lines of about this many characters; they are never shortened (they identify states). */
export const STATE_LABEL_LINE_WIDTH = 30;

function edgeLabel(edge: CoverageEdge, definition: WorkflowDefinition): string {
  const state = definition.state(edge.from).state;
  switch (edge.kind) {
    case 'Choice': return describeRuleWithin(state.Choices![edge.index!], MAX_EDGE_LABEL_LENGTH);
    case 'Default': return 'Default';
    case 'Catch': return `Catch: ${summarizeErrors(state.Catch![edge.index!].ErrorEquals, MAX_EDGE_LABEL_LENGTH - 'Catch: '.length)}`;
    case 'Retry': {
      const retrier = state.Retry![edge.index!];
      const maxDelay = retrier.MaxDelaySeconds !== undefined ? `, max ${retrier.MaxDelaySeconds}s` : '';
      // Step Functions' defaults: 3 attempts, 1 s interval, backoff rate 2.
      const policy = ` (x${retrier.MaxAttempts ?? 3}, ${retrier.IntervalSeconds ?? 1}s backoff ${retrier.BackoffRate ?? 2}${maxDelay})`;
      return `Retry: ${summarizeErrors(retrier.ErrorEquals, MAX_EDGE_LABEL_LENGTH - 'Retry: '.length - policy.length)}${policy}`;
    }
    default: return '';
  }
}

/**
 * As many error names as fit in `budget` characters, then `+N more`: `ThrottlingException, Lambda.TooManyRequests
 * Exception +148 more`. The first name is always shown, shortened if it alone is too long.
 */
export function summarizeErrors(errors: readonly string[], budget: number): string {
  return summarizeList(errors, ', ', (rest) => ` +${rest} more`, budget);
}

/**
 * A Choice rule in at most `budget` characters: a long And/Or keeps the conditions that fit and counts the rest
 * (`$.a == 1 and $.b == 2 and 10 more conditions`); anything else is cut at a word boundary.
 */
export function describeRuleWithin(rule: Omit<AslChoiceRule, 'Next'>, budget: number): string {
  const compound = Array.isArray(rule.And) ? 'and' : Array.isArray(rule.Or) ? 'or' : undefined;
  if (compound) {
    const parts = ((rule.And ?? rule.Or) as AslChoiceRule[]).map(describeRule);
    return summarizeList(parts, ` ${compound} `, (rest) => ` ${compound} ${rest} more condition${rest === 1 ? '' : 's'}`, budget);
  }
  return shorten(describeRule(rule), budget);
}

function summarizeList(items: readonly string[], separator: string, more: (rest: number) => string, budget: number): string {
  const all = items.join(separator);
  if (all.length <= budget) {
    return all;
  }
  let shown = '';
  let count = 0;
  for (const item of items) {
    const next = count === 0 ? item : `${shown}${separator}${item}`;
    if (count > 0 && next.length + more(items.length - count - 1).length > budget) {
      break;
    }
    shown = next;
    count += 1;
  }
  const suffix = more(items.length - count);
  return `${shorten(shown, Math.max(1, budget - suffix.length))}${suffix}`;
}

/** `text` cut at a word boundary to at most `max` characters, ending with an ellipsis when cut. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) {
    return text;
  }
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max / 2 ? cut.slice(0, space) : cut}…`;
}

/** `text` broken into lines of about `width` characters at spaces, for labels a renderer does not wrap itself. */
export function wrapLines(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  lines.push(line);
  return lines;
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
  if (typeof rule.Condition === 'string') {
    // A JSONata rule: its Comment when it has one (it says what the rule means), else the expression itself.
    return typeof rule.Comment === 'string' ? rule.Comment : rule.Condition.replace(/^\{%\s*|\s*%\}$/g, '');
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

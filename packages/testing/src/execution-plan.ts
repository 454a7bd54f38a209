import { AslState, AslStateMachine, JsonValue } from './asl-types';
import { rewriteFalseTypeTests } from './choice-rule-workaround';
import { UnsupportedFeatureError } from './errors';
import { readReferencePath } from './reference-path';

/** A synthetic Pass state inserted on a Choice edge, so the interpreter itself tells us which rule matched. */
export interface ChoiceMarker {
  readonly choice: string;
  /** Rule index, or -1 for Default. */
  readonly rule: number;
  readonly next: string;
}

/** The definition as handed to the interpreter, plus what the rewrite recorded. */
export interface ExecutionPlan {
  readonly asl: AslStateMachine;
  readonly choiceMarkers: ReadonlyMap<string, ChoiceMarker>;
  /** Map states whose ItemReader was replaced, keyed by the context key their items are placed under. */
  readonly itemReaderMaps: ReadonlyMap<string, { readonly stateName: string; readonly maxItemsPerBatch?: number }>;
  /** Execution TimeoutSeconds, enforced on the virtual clock instead of the interpreter's real timer. */
  readonly timeoutSeconds?: number;
  /** True when a payload template reads `$$.Task.Token` or `$$.State.Name`, so each execution needs its own copy. */
  readonly bindsExecutionContext: boolean;
  /** JSONata Pass states (by name) and their `Output`: the interpreter runs them as local tasks (see jsonata-pass.ts). */
  readonly jsonataPasses: ReadonlyMap<string, JsonValue>;
}

/** Context key the rewritten ItemReader maps read their items from (`$$.StatecraftItemReader.<key>`). */
export const ITEM_READER_CONTEXT_KEY = 'StatecraftItemReader';
const MARKER_PREFIX = '\u27e8statecraft choice\u27e9 ';

/** Fixed token for a state: `.waitForTaskToken` tasks see it as `$$.Task.Token` and mocks as `call.taskToken`. */
export function taskTokenFor(executionName: string, stateName: string): string {
  return `statecraft-token:${executionName}:${stateName}`;
}

/**
 * Refuses what the interpreter would get wrong, then rewrites the definition so that it runs locally with exact
 * bookkeeping: Choice edge markers, ItemReader maps fed from the context, the execution timeout moved to the virtual
 * clock, false type tests made explicit (see choice-rule-workaround.ts). The task-token/state-name rewrite is per
 * execution (see `bindExecution`).
 */
export function buildExecutionPlan(source: AslStateMachine): ExecutionPlan {
  refuseJsonata(source);
  const asl = structuredClone(source);
  const choiceMarkers = new Map<string, ChoiceMarker>();
  const itemReaderMaps = new Map<string, { stateName: string; maxItemsPerBatch?: number }>();
  const jsonataPasses = new Map<string, JsonValue>();
  const timeoutSeconds = asl.TimeoutSeconds;
  delete asl.TimeoutSeconds;
  rewriteMachine(asl, choiceMarkers, itemReaderMaps, jsonataPasses);
  const text = JSON.stringify(asl);
  const bindsExecutionContext = text.includes('$$.Task.Token') || text.includes('$$.State.Name');
  return { asl: rewriteFalseTypeTests(asl), choiceMarkers, itemReaderMaps, timeoutSeconds, bindsExecutionContext, jsonataPasses };
}

function rewriteMachine(
  machine: AslStateMachine,
  choiceMarkers: Map<string, ChoiceMarker>,
  itemReaderMaps: Map<string, { stateName: string; maxItemsPerBatch?: number }>,
  jsonataPasses: Map<string, JsonValue>,
): void {
  for (const [name, state] of Object.entries(machine.States)) {
    refuseUnsupportedContext(name, state);
    if (isJsonataPass(state)) {
      // The interpreter ignores JSONata; it runs the state as a task whose local handler evaluates `Output`.
      jsonataPasses.set(name, (state.Output ?? '{% $states.input %}') as JsonValue);
      machine.States[name] = { Type: 'Task', Resource: JSONATA_PASS_RESOURCE, ...(state.Next ? { Next: state.Next } : { End: true }) } as AslState;
      continue;
    }
    if (state.Type === 'Choice') {
      state.Choices?.forEach((rule, index) => {
        const marker = `${MARKER_PREFIX}${name} #${index}`;
        choiceMarkers.set(marker, { choice: name, rule: index, next: rule.Next });
        machine.States[marker] = { Type: 'Pass', Next: rule.Next };
        rule.Next = marker;
      });
      if (state.Default) {
        const marker = `${MARKER_PREFIX}${name} default`;
        choiceMarkers.set(marker, { choice: name, rule: -1, next: state.Default });
        machine.States[marker] = { Type: 'Pass', Next: state.Default };
        state.Default = marker;
      }
    }
    if (state.Type === 'Map' && state.ItemReader) {
      const key = `m${itemReaderMaps.size}`;
      itemReaderMaps.set(key, { stateName: name, maxItemsPerBatch: state.ItemBatcher?.MaxItemsPerBatch });
      state.ItemsPath = `$$.${ITEM_READER_CONTEXT_KEY}.${key}`;
      delete state.ItemReader;
      delete state.ItemBatcher;
      delete state.ResultWriter;
    }
    state.Branches?.forEach((branch) => rewriteMachine(branch, choiceMarkers, itemReaderMaps, jsonataPasses));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) {
      rewriteMachine(processor, choiceMarkers, itemReaderMaps, jsonataPasses);
    }
  }
}

/** True for the synthetic states the plan adds; they are hidden from results and coverage. */
export function isMarkerState(name: string): boolean {
  return name.startsWith(MARKER_PREFIX);
}

/** Resource of the tasks JSONata Pass states become in the interpreter's copy of the definition. */
export const JSONATA_PASS_RESOURCE = 'arn:aws:states:::statecraft:jsonata-pass';
const JSONATA_PASS_FIELDS = new Set(['Type', 'QueryLanguage', 'Output', 'Next', 'End', 'Comment']);

/** A Pass state in JSONata with nothing but `Output` (no `Assign`): the one JSONata state the simulator runs. */
function isJsonataPass(state: AslState): boolean {
  return state.Type === 'Pass' && state.QueryLanguage === 'JSONata' && Object.keys(state).every((field) => JSONATA_PASS_FIELDS.has(field));
}

function refuseJsonata(machine: AslStateMachine): void {
  const offenders: string[] = [];
  const visit = (m: AslStateMachine, inherited: string) => {
    const language = m.QueryLanguage ?? inherited;
    for (const [name, state] of Object.entries(m.States)) {
      if (isJsonataPass(state)) {
        continue;
      }
      if ((state.QueryLanguage ?? language) === 'JSONata' || state.Arguments !== undefined || state.Output !== undefined) {
        offenders.push(name);
      }
      state.Branches?.forEach((branch) => visit(branch, state.QueryLanguage ?? language));
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) {
        visit(processor, state.QueryLanguage ?? language);
      }
    }
  };
  visit(machine, machine.QueryLanguage ?? 'JSONPath');
  if (offenders.length > 0) {
    throw new UnsupportedFeatureError(
      `JSONata is not supported here: the local interpreter ignores it and would run these states wrongly: ${offenders.join(', ')}. ` +
      'Use the JSONPath query language (QueryLanguage: JSONPath, Parameters/ResultSelector instead of Arguments/Output); ' +
      'the one JSONata state the simulator runs is a Pass state with only Output (for example to measure string lengths).',
    );
  }
}

const UNSUPPORTED_CONTEXT = ['$$.State.EnteredTime', '$$.State.RetryCount', '$$.Task.Token.'];

function refuseUnsupportedContext(name: string, state: AslState): void {
  const text = JSON.stringify([state.Parameters, state.ResultSelector, state.ItemSelector]);
  const used = UNSUPPORTED_CONTEXT.filter((field) => text.includes(field));
  if (used.length > 0) {
    throw new UnsupportedFeatureError(`State '${name}' reads ${used.join(', ')}, which the local interpreter cannot provide`);
  }
}

/**
 * The interpreter has one context object per execution, so per-state context fields are written into the payload
 * templates here: `$$.Task.Token` becomes the state's token and `$$.State.Name` its name.
 */
export function bindExecution(plan: ExecutionPlan, executionName: string): AslStateMachine {
  return rewritePayloadTemplates(plan.asl, (template, name) =>
    bindTemplate(template, { '$$.Task.Token': taskTokenFor(executionName, name), '$$.State.Name': name }));
}

/** A copy of the definition with `rewrite` applied to every payload template (Parameters, ItemSelector, ResultSelector), nested states included. */
function rewritePayloadTemplates(source: AslStateMachine, rewrite: (template: JsonValue, stateName: string) => JsonValue): AslStateMachine {
  const asl = structuredClone(source);
  const visit = (machine: AslStateMachine) => {
    for (const [name, state] of Object.entries(machine.States)) {
      for (const field of ['Parameters', 'ItemSelector', 'ResultSelector'] as const) {
        if (state[field] !== undefined) {
          state[field] = rewrite(state[field] as JsonValue, name);
        }
      }
      state.Branches?.forEach(visit);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) {
        visit(processor);
      }
    }
  };
  visit(asl);
  return asl;
}

function bindTemplate(template: JsonValue, values: Record<string, string>): JsonValue {
  if (Array.isArray(template)) {
    return template.map((item) => bindTemplate(item, values));
  }
  if (template === null || typeof template !== 'object') {
    return template;
  }
  const bound: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string' && value in values) {
      bound[key.slice(0, -2)] = values[value];
    } else if (key.endsWith('.$') && typeof value === 'string') {
      // Inside an intrinsic function call the path becomes a quoted literal argument.
      bound[key] = Object.entries(values).reduce((text, [path, literal]) => text.split(path).join(`'${literal.replace(/'/g, '\\\'')}'`), value);
    } else {
      bound[key] = bindTemplate(value, values);
    }
  }
  return bound;
}

/**
 * The definition with every `$$.Execution.Input` reference (`"x.$": "$$.Execution.Input.a.b"`) replaced by its value:
 * the interpreter always sets `$$.Execution.Input` to the input it starts with, which for a redrive is the input of
 * the state it continues from, not the execution's.
 */
export function withExecutionInput(source: AslStateMachine, executionInput: unknown): AslStateMachine {
  const asl = rewritePayloadTemplates(source, (template, name) => bindExecutionInput(template, executionInput, name));
  for (const field of ['InputPath', 'OutputPath'] as const) {
    if (JSON.stringify(asl).includes(`"${field}":"$$.Execution.Input`)) {
      throw new UnsupportedFeatureError(`${field} reads $$.Execution.Input, which a redrive cannot supply locally`);
    }
  }
  return asl;
}

function bindExecutionInput(template: JsonValue, executionInput: unknown, stateName: string): JsonValue {
  if (Array.isArray(template)) {
    return template.map((item) => bindExecutionInput(item, executionInput, stateName));
  }
  if (template === null || typeof template !== 'object') {
    return template;
  }
  const bound: Record<string, JsonValue> = {};
  for (const [key, value] of Object.entries(template)) {
    if (key.endsWith('.$') && typeof value === 'string' && /^\$\$\.Execution\.Input(\.|\[|$)/.test(value)) {
      bound[key.slice(0, -2)] = readReferencePath(`$${value.slice('$$.Execution.Input'.length)}`, executionInput) as JsonValue;
    } else if (key.endsWith('.$') && typeof value === 'string' && value.includes('$$.Execution.Input')) {
      throw new UnsupportedFeatureError(`state '${stateName}': '${key}' uses $$.Execution.Input inside '${value}', which a redrive cannot supply locally`);
    } else {
      bound[key] = bindExecutionInput(value, executionInput, stateName);
    }
  }
  return bound;
}

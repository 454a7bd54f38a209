import { isIntrinsicFunction } from '../intrinsics/evaluate-intrinsic';
import { parseIntrinsic } from '../intrinsics/intrinsic-parser';
import { isJsonataExpression } from '../jsonata-expression';
import { checkChoices } from './choice-rules';
import { DefinitionDiagnostic, DiagnosticSink } from './definition-diagnostic';
import { checkCatch, checkRetry } from './error-handlers';
import {
  At, checkAssign, checkJsonataString, checkJsonataTemplate, checkNumberOrExpression, checkPath, checkPayloadTemplate, isObject, isTimestamp,
} from './field-checks';
import { checkItemBatcher, checkItemReader, checkProcessorConfig, checkResultWriter } from './map-fields';
import {
  JSONATA_ONLY_FIELDS, JSONPATH_ONLY_FIELDS, QueryLanguage, StateType, fieldAllowed, fieldOfOtherLanguage, isStateType,
} from './state-fields';

/** The intrinsics a Fail state's ErrorPath and CausePath may call (developer guide, "Fail workflow state"). */
const FAIL_PATH_INTRINSICS = [
  'States.Format', 'States.JsonToString', 'States.ArrayGetItem', 'States.Base64Encode', 'States.Base64Decode', 'States.Hash', 'States.UUID',
];

// Limits: the ASL specification (state names of at most 80 characters) and "Step Functions service quotas"
// (a definition of at most 1 MB; TimeoutSeconds and HeartbeatSeconds up to 99999999).
const MAX_STATE_NAME_LENGTH = 80;
const MAX_DEFINITION_BYTES = 1_048_576;
const MAX_SECONDS = 99999999;
const LABEL_FORBIDDEN = /[\s?*<>{}[\]:;,\\|^~$#%&`"\u0000-\u001f\u007f-\u009f]/;

interface Scope {
  readonly states: Record<string, unknown>;
  readonly startAt: unknown;
  readonly at: At;
}

/**
 * Validates an Amazon States Language definition as CreateStateMachine does, reporting what
 * `ValidateStateMachineDefinition` would: every problem, each with a JSON pointer to the state and field.
 * Accepts a parsed object or the JSON text.
 */
export function validateDefinition(asl: unknown): DefinitionDiagnostic[] {
  const sink = new DiagnosticSink();
  let definition = asl;
  if (typeof asl === 'string') {
    if (asl.trim() === '') {
      sink.error('MISSING_DESCRIPTION', 'The definition is empty', []);
      return sink.diagnostics;
    }
    try {
      definition = JSON.parse(asl);
    } catch (error) {
      sink.error('INVALID_JSON_DESCRIPTION', `The definition is not valid JSON: ${(error as Error).message}`, []);
      return sink.diagnostics;
    }
  }
  if (definition === null || definition === undefined) {
    sink.error('MISSING_DESCRIPTION', 'The definition is empty', []);
    return sink.diagnostics;
  }
  if (!isObject(definition)) {
    sink.error('INVALID_JSON_DESCRIPTION', 'The definition must be a JSON object', []);
    return sink.diagnostics;
  }
  const size = Buffer.byteLength(JSON.stringify(definition), 'utf8');
  if (size > MAX_DEFINITION_BYTES) sink.schema(`The definition is ${size} bytes; the maximum is ${MAX_DEFINITION_BYTES}`, []);

  for (const key of Object.keys(definition)) {
    if (!['StartAt', 'States', 'Comment', 'Version', 'TimeoutSeconds', 'QueryLanguage'].includes(key)) {
      sink.schema(`The field '${key}' is not supported at the top level of a state machine`, [key]);
    }
  }
  let language: QueryLanguage = 'JSONPath';
  if (definition.QueryLanguage !== undefined) {
    if (definition.QueryLanguage === 'JSONata' || definition.QueryLanguage === 'JSONPath') language = definition.QueryLanguage;
    else sink.schema("'QueryLanguage' must be JSONPath or JSONata", ['QueryLanguage']);
  }
  if (definition.TimeoutSeconds !== undefined) {
    checkNumberOrExpression(sink, definition.TimeoutSeconds, 'JSONPath', ['TimeoutSeconds'], { min: 1, max: MAX_SECONDS, integer: true });
  }
  const validator = new DefinitionValidator(sink, language);
  validator.checkScope(definition, []);
  validator.checkDuplicateNames();
  return sink.diagnostics;
}

class DefinitionValidator {
  private readonly stateLocations = new Map<string, At[]>();

  constructor(private readonly sink: DiagnosticSink, private readonly machineLanguage: QueryLanguage) {}

  /** A state machine, Parallel branch or Map processor: StartAt, States, transitions, reachability, a terminal state. */
  checkScope(container: Record<string, unknown>, at: At, extraFields: string[] = []): void {
    const sink = this.sink;
    if (at.length > 0) {
      for (const key of Object.keys(container)) {
        if (!['StartAt', 'States', 'Comment', ...extraFields].includes(key)) sink.schema(`The field '${key}' is not supported here`, [...at, key]);
      }
    }
    // A missing required field is reported at the object that lacks it, as ValidateStateMachineDefinition does.
    const missing = ['StartAt', 'States'].filter((field) => container[field] === undefined);
    if (missing.length > 0) sink.schema(`These fields are required: [${missing.join(', ')}]`, at);
    if (container.StartAt !== undefined && typeof container.StartAt !== 'string') sink.schema("'StartAt' must be a state name", [...at, 'StartAt']);
    if (container.States === undefined) return;
    if (!isObject(container.States) || Object.keys(container.States).length === 0) {
      sink.schema("'States' must name at least one state", [...at, 'States']);
      return;
    }
    const scope: Scope = { states: container.States, startAt: container.StartAt, at };
    if (typeof scope.startAt === 'string' && !(scope.startAt in scope.states)) {
      sink.error('MISSING_TRANSITION_TARGET', `'StartAt' names '${scope.startAt}', which is not a state here`, [...at, 'StartAt']);
    }
    for (const [name, state] of Object.entries(scope.states)) this.checkState(scope, name, state);
    this.checkReachability(scope);
  }

  checkDuplicateNames(): void {
    for (const [name, locations] of this.stateLocations) {
      for (const location of locations.slice(1)) {
        this.sink.error('DUPLICATE_STATE_NAME', `The state name '${name}' is used more than once in the state machine`, location);
      }
    }
  }

  private checkState(scope: Scope, name: string, state: unknown): void {
    const sink = this.sink;
    const at = [...scope.at, 'States', name];
    this.stateLocations.set(name, [...(this.stateLocations.get(name) ?? []), at]);
    if (name.length > MAX_STATE_NAME_LENGTH) {
      sink.error('INVALID_STATE_NAME', `The state name '${name.slice(0, 20)}...' has ${name.length} characters; the maximum is ${MAX_STATE_NAME_LENGTH}`, at);
    }
    if (!isObject(state)) {
      sink.schema(`The state '${name}' must be an object`, at);
      return;
    }
    if (!isStateType(state.Type)) {
      sink.schema(`The state '${name}' has ${state.Type === undefined ? 'no Type' : `an unknown Type '${String(state.Type)}'`}`, [...at, 'Type']);
      return;
    }
    const type = state.Type;
    const language = this.languageOf(state, at);
    this.checkFieldNames(state, type, language, at);
    this.checkTransition(scope, state, type, at);
    this.checkDataFields(state, type, language, at);
    switch (type) {
      case 'Task': this.checkTask(state, language, at); break;
      case 'Choice': this.checkChoice(scope, state, language, at); break;
      case 'Wait': this.checkWait(state, language, at); break;
      case 'Fail': this.checkFail(state, language, at); break;
      case 'Parallel': this.checkParallel(state, at); break;
      case 'Map': this.checkMap(state, language, at); break;
      case 'Pass': this.checkPass(state, at); break;
      case 'Succeed': break;
    }
    if (state.Retry !== undefined) checkRetry(sink, state.Retry, [...at, 'Retry']);
    if (state.Catch !== undefined) {
      checkCatch(sink, state.Catch, language, [...at, 'Catch']);
      if (Array.isArray(state.Catch)) {
        state.Catch.forEach((catcher, i) => isObject(catcher) && this.checkTarget(scope, catcher.Next, [...at, 'Catch', i, 'Next']));
      }
    }
  }

  /** "A JSONPath state cannot sit in a JSONata state machine" (Transforming data with JSONata, QueryLanguage). */
  private languageOf(state: Record<string, unknown>, at: At): QueryLanguage {
    const own = state.QueryLanguage;
    if (own === undefined) return this.machineLanguage;
    if (own !== 'JSONPath' && own !== 'JSONata') {
      this.sink.schema("'QueryLanguage' must be JSONPath or JSONata", [...at, 'QueryLanguage']);
      return this.machineLanguage;
    }
    if (own === 'JSONPath' && this.machineLanguage === 'JSONata') {
      this.sink.schema("A state cannot use JSONPath when the state machine's QueryLanguage is JSONata", [...at, 'QueryLanguage']);
    }
    return own;
  }

  private checkFieldNames(state: Record<string, unknown>, type: StateType, language: QueryLanguage, at: At): void {
    for (const field of Object.keys(state)) {
      if (fieldAllowed(type, language, field)) continue;
      let message = `The field '${field}' is not supported by ${type} states`;
      if (fieldOfOtherLanguage(type, language, field) || (language === 'JSONata' && JSONPATH_ONLY_FIELDS.has(field)) || (language === 'JSONPath' && JSONATA_ONLY_FIELDS.has(field))) {
        message = `The field '${field}' is not supported in ${language} states${language === 'JSONata' ? ' (it is a JSONPath field)' : ' (it is a JSONata field; set QueryLanguage to JSONata)'}`;
      }
      this.sink.schema(message, [...at, field]);
    }
  }

  private checkTransition(scope: Scope, state: Record<string, unknown>, type: StateType, at: At): void {
    const sink = this.sink;
    const hasNext = state.Next !== undefined;
    const hasEnd = state.End !== undefined;
    if (type === 'Choice' || type === 'Succeed' || type === 'Fail') return;
    if (hasNext && hasEnd) sink.schema("A state has either 'Next' or 'End', not both", at);
    else if (!hasNext && !hasEnd) sink.schema(`The ${type} state needs 'Next' or 'End': true`, at);
    if (hasEnd && state.End !== true) sink.schema("'End' must be true", [...at, 'End']);
    if (hasNext) this.checkTarget(scope, state.Next, [...at, 'Next']);
  }

  private checkTarget(scope: Scope, target: unknown, at: At): void {
    if (typeof target !== 'string') {
      this.sink.schema(`'${String(at[at.length - 1])}' must be a state name`, at);
    } else if (!(target in scope.states)) {
      this.sink.error('MISSING_TRANSITION_TARGET', `Missing '${String(at[at.length - 1])}' target: ${target}`, at);
    }
  }

  /** InputPath, Parameters, ResultSelector, ResultPath, OutputPath (JSONPath); Arguments, Output (JSONata); Assign. */
  private checkDataFields(state: Record<string, unknown>, type: StateType, language: QueryLanguage, at: At): void {
    const sink = this.sink;
    if (language === 'JSONPath') {
      for (const field of ['InputPath', 'OutputPath']) {
        if (state[field] !== undefined && state[field] !== null) checkPath(sink, state[field], {}, [...at, field]);
      }
      if (state.ResultPath !== undefined && state.ResultPath !== null) checkPath(sink, state.ResultPath, { reference: true, otherRoots: false }, [...at, 'ResultPath']);
      if (state.Parameters !== undefined) checkPayloadTemplate(sink, state.Parameters, [...at, 'Parameters']);
      if (state.ResultSelector !== undefined) checkPayloadTemplate(sink, state.ResultSelector, [...at, 'ResultSelector']);
    } else {
      if (state.Arguments !== undefined) {
        checkJsonataTemplate(sink, state.Arguments, [...at, 'Arguments']);
        if (!isObject(state.Arguments) && !isJsonataExpression(state.Arguments)) {
          sink.schema("'Arguments' must be an object or a JSONata expression", [...at, 'Arguments']);
        }
      }
      if (state.Output !== undefined) checkJsonataTemplate(sink, state.Output, [...at, 'Output']);
    }
    if (state.Assign !== undefined && type !== 'Succeed' && type !== 'Fail') checkAssign(sink, state.Assign, language, [...at, 'Assign']);
  }

  private checkTask(state: Record<string, unknown>, language: QueryLanguage, at: At): void {
    const sink = this.sink;
    if (state.Resource === undefined) {
      sink.schema('These fields are required: [Resource]', at);
    } else if (typeof state.Resource !== 'string' || !/^arn:[^:]+:[^:]*:/.test(state.Resource)) {
      sink.error('INVALID_RESOURCE', `'Resource' must be an ARN, found '${String(state.Resource)}'`, [...at, 'Resource']);
    }
    for (const field of ['TimeoutSeconds', 'HeartbeatSeconds']) {
      if (state[field] !== undefined) {
        checkNumberOrExpression(sink, state[field], language, [...at, field], { min: 1, max: MAX_SECONDS, integer: true });
      }
      if (state[`${field}Path`] !== undefined) {
        checkPath(sink, state[`${field}Path`], { reference: true }, [...at, `${field}Path`]);
        if (state[field] !== undefined) sink.schema(`Use either '${field}' or '${field}Path', not both`, [...at, `${field}Path`]);
      }
    }
    if (typeof state.TimeoutSeconds === 'number' && typeof state.HeartbeatSeconds === 'number' && state.HeartbeatSeconds >= state.TimeoutSeconds) {
      sink.schema("'HeartbeatSeconds' must be smaller than 'TimeoutSeconds'", [...at, 'HeartbeatSeconds']);
    }
    if (state.Credentials !== undefined) {
      if (!isObject(state.Credentials)) sink.schema("'Credentials' must be an object", [...at, 'Credentials']);
      else if (language === 'JSONata') checkJsonataTemplate(sink, state.Credentials, [...at, 'Credentials']);
      else checkPayloadTemplate(sink, state.Credentials, [...at, 'Credentials']);
    }
  }

  private checkChoice(scope: Scope, state: Record<string, unknown>, language: QueryLanguage, at: At): void {
    checkChoices(this.sink, state.Choices, language, [...at, 'Choices']);
    if (Array.isArray(state.Choices)) {
      state.Choices.forEach((rule, i) => isObject(rule) && rule.Next !== undefined && this.checkTarget(scope, rule.Next, [...at, 'Choices', i, 'Next']));
    }
    if (state.Default !== undefined) this.checkTarget(scope, state.Default, [...at, 'Default']);
  }

  /** "Wait workflow state": exactly one of Seconds, Timestamp, SecondsPath, TimestampPath. */
  private checkWait(state: Record<string, unknown>, language: QueryLanguage, at: At): void {
    const sink = this.sink;
    const present = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter((f) => state[f] !== undefined);
    if (present.length !== 1) {
      sink.schema(`A Wait state needs exactly one of Seconds, Timestamp${language === 'JSONPath' ? ', SecondsPath, TimestampPath' : ''}; found ${present.length === 0 ? 'none' : present.join(', ')}`, at);
    }
    if (state.Seconds !== undefined) checkNumberOrExpression(sink, state.Seconds, language, [...at, 'Seconds'], { min: 0, max: MAX_SECONDS, integer: true });
    if (state.Timestamp !== undefined) {
      if (language === 'JSONata' && isJsonataExpression(state.Timestamp)) checkJsonataString(sink, state.Timestamp, [...at, 'Timestamp']);
      else if (!isTimestamp(state.Timestamp)) sink.schema("'Timestamp' must be an ISO-8601 timestamp such as 2026-01-01T00:00:00Z", [...at, 'Timestamp']);
    }
    for (const field of ['SecondsPath', 'TimestampPath']) if (state[field] !== undefined) checkPath(sink, state[field], { reference: true }, [...at, field]);
  }

  private checkFail(state: Record<string, unknown>, language: QueryLanguage, at: At): void {
    const sink = this.sink;
    for (const field of ['Error', 'Cause']) {
      const value = state[field];
      if (value === undefined) continue;
      if (typeof value !== 'string') sink.schema(`'${field}' must be a string`, [...at, field]);
      else if (language === 'JSONata' && isJsonataExpression(value)) checkJsonataString(sink, value, [...at, field]);
      else if (language === 'JSONPath' && /^\$\$?\./.test(value)) sink.warning('NO_PATH', `'${field}' holds '${value}', which looks like a path; use '${field}Path' to read it`, [...at, field]);
      if (state[`${field}Path`] !== undefined) sink.schema(`Use either '${field}' or '${field}Path', not both`, [...at, `${field}Path`]);
    }
    for (const field of ['ErrorPath', 'CausePath']) {
      const value = state[field];
      if (value === undefined || !checkPath(sink, value, { reference: true, intrinsic: true }, [...at, field])) continue;
      const name = isIntrinsicFunction(value as string) ? parseIntrinsic(value as string).name : undefined;
      if (name !== undefined && !FAIL_PATH_INTRINSICS.includes(name)) {
        sink.schema(`'${field}' may use only the intrinsic functions that return a string (${FAIL_PATH_INTRINSICS.join(', ')}), not ${name}`, [...at, field]);
      }
    }
  }

  private checkPass(state: Record<string, unknown>, at: At): void {
    if (isObject(state.Result) && Object.keys(state.Result).some((k) => k.endsWith('.$'))) {
      this.sink.warning('PASS_RESULT_IS_STATIC', "A Pass state's 'Result' is static: its '.$' fields are not evaluated (use Parameters)", [...at, 'Result']);
    }
  }

  private checkParallel(state: Record<string, unknown>, at: At): void {
    if (state.Branches === undefined) {
      this.sink.schema('These fields are required: [Branches]', at);
      return;
    }
    if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
      this.sink.schema("'Branches' must be a non-empty array of branches", [...at, 'Branches']);
      return;
    }
    state.Branches.forEach((branch, i) => {
      if (isObject(branch)) this.checkScope(branch, [...at, 'Branches', i]);
      else this.sink.schema('A branch must be an object with StartAt and States', [...at, 'Branches', i]);
    });
  }

  private checkMap(state: Record<string, unknown>, language: QueryLanguage, at: At): void {
    const sink = this.sink;
    const processorField = state.ItemProcessor !== undefined ? 'ItemProcessor' : state.Iterator !== undefined ? 'Iterator' : undefined;
    if (state.ItemProcessor !== undefined && state.Iterator !== undefined) sink.schema("Use either 'ItemProcessor' or the older 'Iterator', not both", [...at, 'Iterator']);
    let mode: 'INLINE' | 'DISTRIBUTED' = 'INLINE';
    if (!processorField) {
      sink.schema('These fields are required: [ItemProcessor]', at);
    } else if (!isObject(state[processorField])) {
      sink.schema(`'${processorField}' must be an object`, [...at, processorField]);
    } else {
      const processor = state[processorField] as Record<string, unknown>;
      mode = checkProcessorConfig(sink, processor.ProcessorConfig, [...at, processorField, 'ProcessorConfig']);
      this.checkScope(processor, [...at, processorField], ['ProcessorConfig']);
    }
    if (mode === 'INLINE') {
      for (const field of ['ItemReader', 'ItemBatcher', 'ResultWriter', 'Label', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath', 'ToleratedFailureCount', 'ToleratedFailureCountPath']) {
        if (state[field] !== undefined) sink.schema(`'${field}' is only supported by a Map state in DISTRIBUTED mode`, [...at, field]);
      }
    }
    if (state.ItemsPath !== undefined) checkPath(sink, state.ItemsPath, { reference: true }, [...at, 'ItemsPath']);
    if (state.Items !== undefined && !Array.isArray(state.Items) && !isJsonataExpression(state.Items)) {
      sink.schema("'Items' must be an array or a JSONata expression", [...at, 'Items']);
    } else if (state.Items !== undefined) {
      checkJsonataTemplate(sink, state.Items, [...at, 'Items']);
    }
    if (state.ItemSelector !== undefined) {
      if (language === 'JSONata') checkJsonataTemplate(sink, state.ItemSelector, [...at, 'ItemSelector']);
      else checkPayloadTemplate(sink, state.ItemSelector, [...at, 'ItemSelector']);
    }
    if (state.ItemSelector !== undefined && state.Parameters !== undefined) sink.schema("Use either 'ItemSelector' or the older 'Parameters', not both", [...at, 'Parameters']);
    const numeric: Array<[string, { min: number; max?: number; integer?: boolean }]> = [
      ['MaxConcurrency', { min: 0, integer: true }],
      ['ToleratedFailurePercentage', { min: 0, max: 100 }],
      ['ToleratedFailureCount', { min: 0, integer: true }],
    ];
    for (const [field, rule] of numeric) {
      if (state[field] !== undefined) checkNumberOrExpression(sink, state[field], language, [...at, field], rule);
      if (state[`${field}Path`] !== undefined) {
        checkPath(sink, state[`${field}Path`], { reference: true }, [...at, `${field}Path`]);
        if (state[field] !== undefined) sink.schema(`Use either '${field}' or '${field}Path', not both`, [...at, `${field}Path`]);
      }
    }
    // "Distributed Map state fields", Label: at most 40 characters, without whitespace, wildcards, brackets, the
    // special characters : ; , \ | ^ ~ $ # % & ` " or control characters.
    if (state.Label !== undefined && (typeof state.Label !== 'string' || state.Label.length > 40 || LABEL_FORBIDDEN.test(state.Label))) {
      sink.schema("'Label' must be a string of at most 40 characters, without whitespace, ? * < > { } [ ] : ; , \\ | ^ ~ $ # % & ` \" or control characters", [...at, 'Label']);
    }
    if (state.ItemReader !== undefined) checkItemReader(sink, state.ItemReader, language, [...at, 'ItemReader']);
    if (state.ResultWriter !== undefined) checkResultWriter(sink, state.ResultWriter, language, [...at, 'ResultWriter']);
    if (state.ItemBatcher !== undefined) checkItemBatcher(sink, state.ItemBatcher, language, [...at, 'ItemBatcher']);
  }

  /** States no transition reaches are errors; a scope needs a state that ends it. */
  private checkReachability(scope: Scope): void {
    const reached = new Set<string>();
    const queue = typeof scope.startAt === 'string' && scope.startAt in scope.states ? [scope.startAt] : [];
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (reached.has(name)) continue;
      reached.add(name);
      for (const next of transitionsOf(scope.states[name])) if (next in scope.states && !reached.has(next)) queue.push(next);
    }
    if (reached.size > 0) {
      for (const name of Object.keys(scope.states)) {
        if (!reached.has(name)) this.sink.error('UNREACHABLE_STATE', `State '${name}' is not reachable`, [...scope.at, 'States', name]);
      }
    }
    const terminal = Object.values(scope.states).some((s) => isObject(s) && (s.End === true || s.Type === 'Succeed' || s.Type === 'Fail'));
    if (!terminal) this.sink.error('MISSING_END_STATE', 'No state ends this workflow (End: true, Succeed or Fail)', [...scope.at, 'States']);
  }
}

function transitionsOf(state: unknown): string[] {
  if (!isObject(state)) return [];
  const targets: unknown[] = [state.Next, state.Default];
  for (const list of [state.Choices, state.Catch]) if (Array.isArray(list)) for (const item of list) if (isObject(item)) targets.push(item.Next);
  return targets.filter((t): t is string => typeof t === 'string');
}

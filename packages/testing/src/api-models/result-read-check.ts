import { AslState, AslStateMachine } from '../asl-types';
import { parseIntegration } from '../integration';
import { AwsSdkClientModel, NormalizedSchema } from './aws-sdk-client-model';
import { integrationOperation } from './integration-operation';
import { pascalCase } from './payload-check';
import { retiredMember } from './retired-members';

/** A read of a Task's result that names nothing the operation's output defines, or a retired member. */
export interface ResultReadProblem {
  /** The Task state whose result is read. */
  readonly task: string;
  /** The state that reads it (the Task itself for ResultSelector). */
  readonly reader: string;
  /** The JSONPath as written. */
  readonly path: string;
  readonly problem: string;
}

/**
 * Statically checks every JSONPath read of a Task's result against the output shape of the Task's operation (the
 * same models and operation mapping as the mock validation): the Task's ResultSelector paths, and, when the result
 * is stored whole at a ResultPath, every later path into it (Choice variables, Parameters, intrinsic arguments) in
 * the same state machine or branch. A path must name members the output defines and AWS has not retired.
 */
export function findResultReadProblems(machine: AslStateMachine): ResultReadProblem[] {
  const problems: ResultReadProblem[] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    (state.Branches ?? []).forEach((branch) => problems.push(...findResultReadProblems(branch)));
    const processor = state.ItemProcessor ?? state.Iterator;
    if (processor) problems.push(...findResultReadProblems(processor));
    if (state.Type !== 'Task' || typeof state.Resource !== 'string') continue;
    const operation = integrationOperation(parseIntegration(state.Resource));
    if (!operation?.result) continue;
    const model = AwsSdkClientModel.load(operation.service);
    const output = operation.result.startsWith('shape:') ? model.shape(operation.result.slice(6)) : model.operation(operation.result)?.output;
    if (!output) continue;
    const check = (reader: string, path: string, segments: string[]) => {
      const problem = resolve(model, output, segments, operation.jsonResultMembers ?? []);
      if (problem) problems.push({ task: name, reader, path, problem });
    };
    if (state.ResultSelector !== undefined) {
      for (const path of readPaths(state.ResultSelector)) check(name, path, segmentsOf(path.slice(1)));
      continue;
    }
    const stored = state.ResultPath;
    if (typeof stored !== 'string' || stored === '$') continue;
    for (const [reader, other] of Object.entries(machine.States)) {
      if (reader === name && other === state) {
        // The Task's own Parameters read its input, before the result is stored.
        continue;
      }
      for (const path of readPaths(readerFields(other))) {
        if (path.startsWith(`${stored}.`) || path.startsWith(`${stored}[`)) check(reader, path, segmentsOf(path.slice(stored.length)));
      }
    }
  }
  return problems;
}

/** The parts of a state that read its input with JSONPath (not branches or item processors, which have their own input). */
function readerFields(state: AslState): unknown {
  const { Branches, Iterator, ItemProcessor, ...rest } = state;
  return rest;
}

/** Every `$.…` reference in the `.$` values, Choice variables and *Path fields of a JSON tree. */
function readPaths(node: unknown, key = ''): string[] {
  if (typeof node === 'string') {
    const reads = key.endsWith('.$') || key === 'Variable' || /Path$/.test(key);
    if (!reads || key === 'ResultPath') return [];
    return [...node.matchAll(/(?<![$\w])\$((?:\.[A-Za-z_][\w-]*|\[\d+\]|\[\*\])+)/g)].map((match) => `$${match[1]}`);
  }
  if (Array.isArray(node)) return node.flatMap((item) => readPaths(item, key));
  if (node && typeof node === 'object') return Object.entries(node).flatMap(([k, v]) => readPaths(v, k));
  return [];
}

function segmentsOf(rest: string): string[] {
  return [...rest.matchAll(/\.([A-Za-z_][\w-]*)|\[(\d+|\*)\]/g)].map((match) => match[1] ?? '[]');
}

/** Why the member path cannot be read from the shape, or undefined when it can. */
function resolve(model: AwsSdkClientModel, shape: NormalizedSchema, segments: string[], jsonMembers: readonly string[]): string | undefined {
  let schema = shape;
  const walked: string[] = [];
  for (const segment of segments) {
    if (jsonMembers.includes(walked.join('.')) && walked.length > 0) return undefined;
    if (schema.isDocumentSchema() || schema.isBlobSchema()) return undefined;
    if (segment === '[]') {
      if (!schema.isListSchema()) return `indexes ${walked.join('.') || 'the result'}, which is not a list`;
      schema = schema.getValueSchema();
      continue;
    }
    if (schema.isMapSchema()) {
      schema = schema.getValueSchema();
      walked.push(segment);
      continue;
    }
    if (!schema.isStructSchema() && !schema.isUnionSchema()) {
      return `reads '${segment}' inside ${walked.join('.')}, which is not a structure`;
    }
    const shapeName = schema.getName() ?? '';
    const members = [...schema.structIterator()];
    const member = members.find(([memberName]) => pascalCase(memberName) === segment);
    if (!member) return `'${segment}' is not a member of ${shapeName}; its members are ${members.map(([memberName]) => pascalCase(memberName)).join(', ')}`;
    const retired = retiredMember(model.service, shapeName, member[0]);
    if (retired) return `${shapeName}.${segment} was retired on ${retired.retiredOn}${retired.replacement ? `; read ${retired.replacement}` : ''} (${retired.source})`;
    schema = member[1];
    walked.push(segment);
  }
  return undefined;
}

import { AwsSdkClientModel, NormalizedSchema } from './aws-sdk-client-model';
import { FieldValidationMode } from './field-validation-mode';
import { RetiredMember, retiredMember } from './retired-members';

/** One way a payload differs from its API model. */
export interface PayloadProblem {
  /** Where, as a JSONPath into the payload (`$.Account.Status`). */
  readonly path: string;
  readonly problem: string;
}

export interface PayloadCheckOptions {
  readonly mode: FieldValidationMode;
  /** Dotted member paths (`Entries[].Detail`) that accept any JSON. */
  readonly jsonMembers?: readonly string[];
}

/*
 * A shape is compiled once into a tree of checks (member tables, required members, enum values, retirements), grown
 * lazily as payloads reach deeper members: every mocked call is checked, and the model lookups dominated its cost.
 */

type ShapeCheck =
  | { readonly kind: 'any' }
  | { readonly kind: 'struct' | 'union'; readonly shapeName: string; readonly members: Map<string, MemberCheck>; readonly memberList: string; readonly required: readonly string[] }
  | { readonly kind: 'list' | 'map'; readonly value: LazyCheck }
  | { readonly kind: 'string'; readonly enumName?: string; readonly enumValues?: readonly string[] }
  | { readonly kind: 'number' | 'boolean' | 'timestamp' | 'other' };

interface LazyCheck {
  readonly schema: NormalizedSchema;
  readonly memberPath: string;
  readonly enumName?: string;
  compiled?: ShapeCheck;
}

interface MemberCheck extends LazyCheck {
  readonly retired?: RetiredMember;
}

interface Compiler {
  readonly model: AwsSdkClientModel;
  readonly json: ReadonlySet<string>;
}

const compiledRoots = new WeakMap<NormalizedSchema, Map<string, LazyCheck>>();

/** Every difference between `value` and the model's `shape`, in the given mode. */
export function checkPayload(model: AwsSdkClientModel, shape: NormalizedSchema, value: unknown, options: PayloadCheckOptions): PayloadProblem[] {
  if (options.mode === 'NONE') return [];
  const problems: PayloadProblem[] = [];
  const compiler: Compiler = { model, json: new Set(options.jsonMembers ?? []) };
  visit(compiler, rootCheck(shape, options.jsonMembers), value, '$', options.mode, problems);
  return problems;
}

function rootCheck(shape: NormalizedSchema, jsonMembers: readonly string[] | undefined): LazyCheck {
  let byJson = compiledRoots.get(shape);
  if (!byJson) {
    byJson = new Map();
    compiledRoots.set(shape, byJson);
  }
  const key = (jsonMembers ?? []).join('\n');
  let root = byJson.get(key);
  if (!root) {
    root = { schema: shape, memberPath: '' };
    byJson.set(key, root);
  }
  return root;
}

function visit(compiler: Compiler, lazy: LazyCheck, node: unknown, path: string, mode: FieldValidationMode, problems: PayloadProblem[]): void {
  if (node === null || node === undefined) return;
  const check = lazy.compiled ??= compile(compiler, lazy);
  switch (check.kind) {
    case 'any':
      return;
    case 'struct':
    case 'union': {
      if (!isObject(node)) {
        problems.push({ path, problem: `must be an object (structure ${check.shapeName}), got ${describe(node)}` });
        return;
      }
      let count = 0;
      for (const key in node) {
        count += 1;
        const member = check.members.get(key);
        const childPath = `${path}.${key}`;
        if (!member) {
          problems.push({ path: childPath, problem: `is not a member of ${check.shapeName}; its members are ${check.memberList}` });
          continue;
        }
        if (member.retired) {
          const retired = member.retired;
          problems.push({ path: childPath, problem: `${check.shapeName}.${key} was retired on ${retired.retiredOn}${retired.replacement ? `; use ${retired.replacement}` : ''} (${retired.source})` });
          continue;
        }
        visit(compiler, member, node[key], childPath, mode, problems);
      }
      if (mode === 'STRICT') {
        for (const name of check.required) {
          if (!(name in node)) problems.push({ path: `${path}.${name}`, problem: `is required by ${check.shapeName} and missing` });
        }
      }
      if (check.kind === 'union' && count !== 1) {
        problems.push({ path, problem: `must set exactly one member of the union ${check.shapeName} (${check.memberList}), got ${count}` });
      }
      return;
    }
    case 'list':
      if (!Array.isArray(node)) {
        problems.push({ path, problem: `must be a list, got ${describe(node)}` });
        return;
      }
      for (let index = 0; index < node.length; index++) visit(compiler, check.value, node[index], `${path}[${index}]`, mode, problems);
      return;
    case 'map':
      if (!isObject(node)) {
        problems.push({ path, problem: `must be a map (object), got ${describe(node)}` });
        return;
      }
      for (const key in node) visit(compiler, check.value, node[key], `${path}['${key}']`, mode, problems);
      return;
    case 'string':
      if (typeof node !== 'string') {
        problems.push({ path, problem: `must be a string, got ${describe(node)}` });
      } else if (check.enumValues && !check.enumValues.includes(node)) {
        problems.push({ path, problem: `'${node}' is not a value of ${check.enumName}; valid values are ${check.enumValues.join(', ')}` });
      }
      return;
    case 'number':
      if (typeof node !== 'number') problems.push({ path, problem: `must be a number, got ${describe(node)}` });
      return;
    case 'boolean':
      if (typeof node !== 'boolean') problems.push({ path, problem: `must be a boolean, got ${describe(node)}` });
      return;
    case 'timestamp':
      // Step Functions passes timestamps as ISO strings (AWS SDK integrations) or epoch milliseconds (.sync results).
      if (typeof node !== 'string' && typeof node !== 'number') {
        problems.push({ path, problem: `must be a timestamp (ISO string or epoch number), got ${describe(node)}` });
      }
      return;
    default:
  }
}

function compile(compiler: Compiler, lazy: LazyCheck): ShapeCheck {
  const { model, json } = compiler;
  const { schema, memberPath, enumName } = lazy;
  if (json.has(memberPath) || schema.isDocumentSchema() || schema.isBlobSchema()) return { kind: 'any' };
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    const shapeName = schema.getName() ?? '';
    // Step Functions names every member in PascalCase, also for APIs whose model uses camelCase (Step Functions,
    // Batch): Developer Guide, "Use AWS SDK service integrations" and each optimized integration's page.
    const members = new Map<string, MemberCheck>();
    const required: string[] = [];
    for (const [modelName, member] of schema.structIterator()) {
      const name = pascalCase(modelName);
      const declaration = model.member(shapeName, modelName);
      members.set(name, {
        schema: member,
        memberPath: memberPath ? `${memberPath}.${name}` : name,
        enumName: declaration?.enumName,
        retired: retiredMember(model.service, shapeName, modelName),
      });
      if (declaration?.required) required.push(name);
    }
    const memberList = [...members.keys()].join(', ');
    return { kind: schema.isUnionSchema() ? 'union' : 'struct', shapeName, members, memberList, required: schema.isStructSchema() ? required : [] };
  }
  if (schema.isListSchema()) return { kind: 'list', value: { schema: schema.getValueSchema(), memberPath: `${memberPath}[]`, enumName } };
  if (schema.isMapSchema()) return { kind: 'map', value: { schema: schema.getValueSchema(), memberPath: `${memberPath}{}` } };
  if (schema.isStringSchema()) return { kind: 'string', enumName, enumValues: enumName ? model.enumValues(enumName) : undefined };
  if (schema.isNumericSchema()) return { kind: 'number' };
  if (schema.isBooleanSchema()) return { kind: 'boolean' };
  if (schema.isTimestampSchema()) return { kind: 'timestamp' };
  return { kind: 'other' };
}

export function pascalCase(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  return Array.isArray(value) ? 'a list' : value === null ? 'null' : `${typeof value} ${JSON.stringify(value)?.slice(0, 60)}`;
}

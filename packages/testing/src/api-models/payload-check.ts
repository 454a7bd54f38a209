import { AwsSdkClientModel, NormalizedSchema } from './aws-sdk-client-model';
import { FieldValidationMode } from './field-validation-mode';
import { retiredMember } from './retired-members';

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

/** Every difference between `value` and the model's `shape`, in the given mode. */
export function checkPayload(model: AwsSdkClientModel, shape: NormalizedSchema, value: unknown, options: PayloadCheckOptions): PayloadProblem[] {
  if (options.mode === 'NONE') return [];
  const problems: PayloadProblem[] = [];
  const json = new Set(options.jsonMembers ?? []);
  const visit = (schema: NormalizedSchema, node: unknown, path: string, memberPath: string, enumName?: string): void => {
    if (node === null || node === undefined || json.has(memberPath) || schema.isDocumentSchema() || schema.isBlobSchema()) {
      return;
    }
    if (schema.isStructSchema() || schema.isUnionSchema()) {
      if (!isObject(node)) {
        problems.push({ path, problem: `must be an object (structure ${schema.getName()}), got ${describe(node)}` });
        return;
      }
      const shapeName = schema.getName() ?? '';
      // Step Functions names every member in PascalCase, also for APIs whose model uses camelCase (Step Functions,
      // Batch): Developer Guide, "Use AWS SDK service integrations" and each optimized integration's page.
      const modelNames = new Map<string, string>();
      const members = new Map<string, NormalizedSchema>();
      for (const [name, member] of schema.structIterator()) {
        members.set(pascalCase(name), member);
        modelNames.set(pascalCase(name), name);
      }
      for (const [key, child] of Object.entries(node)) {
        const member = members.get(key);
        const childPath = `${path}.${key}`;
        if (!member) {
          problems.push({ path: childPath, problem: `is not a member of ${shapeName}; its members are ${[...members.keys()].join(', ')}` });
          continue;
        }
        const modelName = modelNames.get(key)!;
        const retired = retiredMember(model.service, shapeName, modelName);
        if (retired) {
          problems.push({ path: childPath, problem: `${shapeName}.${key} was retired on ${retired.retiredOn}${retired.replacement ? `; use ${retired.replacement}` : ''} (${retired.source})` });
          continue;
        }
        const declaration = model.member(shapeName, modelName);
        visit(member, child, childPath, memberPath ? `${memberPath}.${key}` : key, declaration?.enumName);
      }
      if (options.mode === 'STRICT' && schema.isStructSchema()) {
        const missing = [...members.keys()].filter((name) => model.member(shapeName, modelNames.get(name)!)?.required && !(name in node));
        for (const name of missing) problems.push({ path: `${path}.${name}`, problem: `is required by ${shapeName} and missing` });
      }
      if (schema.isUnionSchema() && Object.keys(node).length !== 1) {
        problems.push({ path, problem: `must set exactly one member of the union ${shapeName} (${[...members.keys()].join(', ')}), got ${Object.keys(node).length}` });
      }
      return;
    }
    if (schema.isListSchema()) {
      if (!Array.isArray(node)) {
        problems.push({ path, problem: `must be a list, got ${describe(node)}` });
        return;
      }
      node.forEach((item, index) => visit(schema.getValueSchema(), item, `${path}[${index}]`, `${memberPath}[]`, enumName));
      return;
    }
    if (schema.isMapSchema()) {
      if (!isObject(node)) {
        problems.push({ path, problem: `must be a map (object), got ${describe(node)}` });
        return;
      }
      for (const [key, child] of Object.entries(node)) visit(schema.getValueSchema(), child, `${path}['${key}']`, `${memberPath}{}`);
      return;
    }
    if (schema.isStringSchema()) {
      if (typeof node !== 'string') {
        problems.push({ path, problem: `must be a string, got ${describe(node)}` });
        return;
      }
      const values = enumName ? model.enumValues(enumName) : undefined;
      if (values && !values.includes(node)) {
        problems.push({ path, problem: `'${node}' is not a value of ${enumName}; valid values are ${values.join(', ')}` });
      }
      return;
    }
    if (schema.isNumericSchema() && typeof node !== 'number') {
      problems.push({ path, problem: `must be a number, got ${describe(node)}` });
    } else if (schema.isBooleanSchema() && typeof node !== 'boolean') {
      problems.push({ path, problem: `must be a boolean, got ${describe(node)}` });
    } else if (schema.isTimestampSchema() && typeof node !== 'string' && typeof node !== 'number') {
      // Step Functions passes timestamps as ISO strings (AWS SDK integrations) or epoch milliseconds (.sync results).
      problems.push({ path, problem: `must be a timestamp (ISO string or epoch number), got ${describe(node)}` });
    }
  };
  visit(shape, value, '$', '');
  return problems;
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

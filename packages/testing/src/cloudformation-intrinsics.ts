import { DefinitionLoadError } from './errors';
import { FAKE_ACCOUNT, FAKE_PARTITION, FAKE_REGION, FAKE_URL_SUFFIX, fakeGetAtt, fakeRef } from './fake-resource-names';

/** The parts of a CloudFormation template needed to resolve intrinsics. */
export interface CloudFormationTemplate {
  Resources?: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Parameters?: Record<string, { Default?: unknown }>;
}

export interface IntrinsicContext {
  readonly template: CloudFormationTemplate;
  /** Value of AWS::StackName. */
  readonly stackName: string;
  /**
   * Values for template parameters.
   * @default each parameter's Default
   */
  readonly parameters?: Record<string, string>;
}

/**
 * Resolves Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select, Fn::Split and pseudo parameters to deterministic fake values.
 * Anything else is an error naming the intrinsic and where it sits (`path`), never a silent placeholder.
 */
export function resolveIntrinsics(value: unknown, context: IntrinsicContext, path: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item, index) => resolveIntrinsics(item, context, `${path}[${index}]`));
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1 && (entries[0][0] === 'Ref' || entries[0][0].startsWith('Fn::'))) {
    const [intrinsic, argument] = entries[0];
    return resolveOne(intrinsic, argument, context, `${path}.${intrinsic}`);
  }
  return Object.fromEntries(entries.map(([key, item]) => [key, resolveIntrinsics(item, context, `${path}.${key}`)]));
}

function resolveOne(intrinsic: string, argument: unknown, context: IntrinsicContext, path: string): unknown {
  switch (intrinsic) {
    case 'Ref':
      return resolveRef(String(argument), context, path);
    case 'Fn::GetAtt': {
      const [logicalId, ...attributeParts] = Array.isArray(argument) ? argument.map(String) : String(argument).split('.');
      return resolveGetAtt(logicalId, attributeParts.join('.'), context, path);
    }
    case 'Fn::Join': {
      const [separator, parts] = argument as [string, unknown];
      const resolvedParts = resolveIntrinsics(parts, context, `${path}[1]`);
      if (!Array.isArray(resolvedParts)) {
        throw new DefinitionLoadError(`Fn::Join at ${path} needs a list of parts, got ${JSON.stringify(resolvedParts)}`);
      }
      return resolvedParts.map(String).join(separator);
    }
    case 'Fn::Sub':
      return resolveSub(argument, context, path);
    case 'Fn::Select': {
      const [index, list] = argument as [unknown, unknown];
      const resolvedList = resolveIntrinsics(list, context, `${path}[1]`);
      const position = Number(resolveIntrinsics(index, context, `${path}[0]`));
      if (!Array.isArray(resolvedList) || !(position in resolvedList)) {
        throw new DefinitionLoadError(`Fn::Select at ${path}: index ${position} is outside ${JSON.stringify(resolvedList)}`);
      }
      return resolvedList[position];
    }
    case 'Fn::Split': {
      const [separator, source] = argument as [string, unknown];
      return String(resolveIntrinsics(source, context, `${path}[1]`)).split(separator);
    }
    default:
      throw new DefinitionLoadError(
        `Unresolvable intrinsic ${intrinsic} at ${path}: only Ref, Fn::GetAtt, Fn::Join, Fn::Sub, Fn::Select and Fn::Split ` +
        'are resolved; use WorkflowDefinition.fromAsl with the value substituted',
      );
  }
}

function resolveRef(name: string, context: IntrinsicContext, path: string): string {
  switch (name) {
    case 'AWS::Region': return FAKE_REGION;
    case 'AWS::AccountId': return FAKE_ACCOUNT;
    case 'AWS::Partition': return FAKE_PARTITION;
    case 'AWS::URLSuffix': return FAKE_URL_SUFFIX;
    case 'AWS::StackName': return context.stackName;
    case 'AWS::StackId':
      return `arn:${FAKE_PARTITION}:cloudformation:${FAKE_REGION}:${FAKE_ACCOUNT}:stack/${context.stackName}/00000000-0000-0000-0000-000000000000`;
    default:
  }
  const parameter = context.template.Parameters?.[name];
  if (parameter) {
    const supplied = context.parameters?.[name] ?? parameter.Default;
    if (supplied === undefined) {
      throw new DefinitionLoadError(`Ref ${name} at ${path}: template parameter without Default; pass it in the 'parameters' option`);
    }
    return String(supplied);
  }
  const resource = context.template.Resources?.[name];
  if (!resource) {
    throw new DefinitionLoadError(`Unresolvable intrinsic Ref ${name} at ${path}: no such resource, parameter or pseudo parameter`);
  }
  return fakeRef(name, resource);
}

function resolveGetAtt(logicalId: string, attribute: string, context: IntrinsicContext, path: string): string {
  const resource = context.template.Resources?.[logicalId];
  if (!resource) {
    throw new DefinitionLoadError(`Unresolvable intrinsic Fn::GetAtt ${logicalId}.${attribute} at ${path}: no such resource`);
  }
  return fakeGetAtt(logicalId, resource, attribute);
}

function resolveSub(argument: unknown, context: IntrinsicContext, path: string): string {
  const [template, variables] = Array.isArray(argument) ? argument as [string, Record<string, unknown>] : [String(argument), {}];
  const resolvedVariables = resolveIntrinsics(variables ?? {}, context, `${path}[1]`) as Record<string, unknown>;
  return template.replace(/\$\{([^}!][^}]*)\}/g, (_match, expression: string) => {
    if (expression in resolvedVariables) {
      return String(resolvedVariables[expression]);
    }
    const [logicalId, ...attribute] = expression.split('.');
    return attribute.length > 0
      ? resolveGetAtt(logicalId, attribute.join('.'), context, path)
      : resolveRef(logicalId, context, path);
  }).replace(/\$\{!/g, '${');
}

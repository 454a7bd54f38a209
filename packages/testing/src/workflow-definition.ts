import type { CfnElement, Stack } from 'aws-cdk-lib';
import type { StateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { AslStateMachine, LocatedState, listStates } from './asl-types';
import { CloudFormationTemplate, resolveIntrinsics } from './cloudformation-intrinsics';
import { validateDefinition } from './engine/validation';
import { DefinitionLoadError } from './errors';

const STATE_MACHINE_TYPE = 'AWS::StepFunctions::StateMachine';

export interface FromAslOptions {
  /**
   * Name used in reports (coverage, fault sweep) and as the fake state machine name.
   * @default 'state-machine'
   */
  readonly name?: string;
}

export interface FromTemplateOptions {
  /**
   * Logical id of the AWS::StepFunctions::StateMachine resource.
   * @default the only state machine in the template (an error lists them when there are several)
   */
  readonly logicalId?: string;
  /**
   * Name used in reports.
   * @default the logical id
   */
  readonly name?: string;
  /**
   * Value of AWS::StackName.
   * @default 'TestStack'
   */
  readonly stackName?: string;
  /**
   * Values for template parameters that have no Default.
   * @default none
   */
  readonly parameters?: Record<string, string>;
}

/**
 * A runnable Amazon States Language definition, with every CloudFormation intrinsic resolved to a deterministic fake
 * value and validated as CreateStateMachine would (the engine's validateDefinition).
 */
export class WorkflowDefinition {
  /** From a CDK StateMachine: synthesizes its stack and reads the resolved DefinitionString. */
  public static fromStateMachine(stateMachine: StateMachine, options: Omit<FromTemplateOptions, 'logicalId'> = {}): WorkflowDefinition {
    // Loaded here, not at module level, so users of fromAsl/fromTemplate do not pay for aws-cdk-lib.
    const { Stack: StackClass } = loadCdk();
    const stack = StackClass.of(stateMachine);
    const logicalId = stack.getLogicalId(stateMachine.node.defaultChild as CfnElement);
    const name = options.name ?? stateMachine.node.path.replace(/[^A-Za-z0-9-]+/g, '-');
    return WorkflowDefinition.fromStack(stack, logicalId, { ...options, name });
  }

  /** From a CDK Stack and the logical id of a state machine in it (the only one when omitted). */
  public static fromStack(stack: Stack, logicalId?: string, options: Omit<FromTemplateOptions, 'logicalId'> = {}): WorkflowDefinition {
    const { Template } = loadCdkAssertions();
    const template = Template.fromStack(stack).toJSON() as CloudFormationTemplate;
    return WorkflowDefinition.fromTemplate(template, { stackName: stack.stackName, ...options, logicalId });
  }

  /** From a synthesized CloudFormation template (an object, as in cdk.out/*.template.json). */
  public static fromTemplate(template: CloudFormationTemplate, options: FromTemplateOptions = {}): WorkflowDefinition {
    const machines = Object.entries(template.Resources ?? {}).filter(([, resource]) => resource.Type === STATE_MACHINE_TYPE);
    const logicalId = options.logicalId ?? (machines.length === 1 ? machines[0][0] : undefined);
    const resource = logicalId ? template.Resources?.[logicalId] : undefined;
    if (!logicalId || !resource || resource.Type !== STATE_MACHINE_TYPE) {
      throw new DefinitionLoadError(
        `No state machine ${options.logicalId ? `with logical id '${options.logicalId}' ` : ''}to load; the template has ` +
        `[${machines.map(([id]) => id).join(', ')}]${options.logicalId ? '' : ' (pass logicalId to pick one)'}`,
      );
    }
    const properties = resource.Properties ?? {};
    const context = { template, stackName: options.stackName ?? 'TestStack', parameters: options.parameters };
    const path = `Resources.${logicalId}.Properties`;
    let text: string;
    if (properties.DefinitionString !== undefined) {
      text = String(resolveIntrinsics(properties.DefinitionString, context, `${path}.DefinitionString`));
    } else if (properties.Definition !== undefined) {
      text = JSON.stringify(resolveIntrinsics(properties.Definition, context, `${path}.Definition`));
    } else {
      throw new DefinitionLoadError(`${path} has neither DefinitionString nor Definition (DefinitionS3Location is not read)`);
    }
    const substitutions = resolveIntrinsics(properties.DefinitionSubstitutions ?? {}, context, `${path}.DefinitionSubstitutions`);
    text = substitute(text, substitutions as Record<string, unknown>, `${path}.DefinitionSubstitutions`);
    return new WorkflowDefinition(parseAsl(text, logicalId), options.name ?? logicalId);
  }

  /** From an ASL document (object or JSON text) with no CloudFormation intrinsics left in it. */
  public static fromAsl(asl: AslStateMachine | string, options: FromAslOptions = {}): WorkflowDefinition {
    const document = typeof asl === 'string' ? parseAsl(asl, options.name ?? 'state-machine') : structuredClone(asl);
    return new WorkflowDefinition(document, options.name ?? 'state-machine');
  }

  /** The resolved ASL document. Treat it as read-only. */
  public readonly asl: AslStateMachine;
  /** Name used in reports and file names. */
  public readonly name: string;
  /** Every state, nested ones included, in document order. */
  public readonly states: readonly LocatedState[];

  private constructor(asl: AslStateMachine, name: string) {
    const errors = validationErrors(asl);
    if (errors) {
      throw new DefinitionLoadError(`State machine '${name}' is not valid ASL:\n${errors}`);
    }
    this.asl = asl;
    this.name = name;
    this.states = listStates(asl);
  }

  /** The located state with this name, or an error listing the names that exist. */
  public state(name: string): LocatedState {
    const found = this.states.find((candidate) => candidate.name === name);
    if (!found) {
      throw new DefinitionLoadError(`No state '${name}' in ${this.name}; states are: ${this.states.map((s) => s.name).join(', ')}`);
    }
    return found;
  }

  /** The ASL as formatted JSON text. */
  public toJson(): string {
    return JSON.stringify(this.asl, undefined, 2);
  }
}

/**
 * Validation is remembered per document text: tests load the same definition many times.
 */
const validated = new Map<string, string | undefined>();

/**
 * The errors CreateStateMachine would report, or undefined when the definition is valid. The engine's own checks
 * (`validateDefinition`, as ValidateStateMachineDefinition reports them) are the authority: they accept what AWS
 * accepts, such as JSONata states asl-validator's schemas reject.
 */
function validationErrors(asl: AslStateMachine): string | undefined {
  const text = JSON.stringify(asl);
  if (!validated.has(text)) {
    const errors = validateDefinition(JSON.parse(text)).filter((diagnostic) => diagnostic.severity === 'ERROR');
    validated.set(text, errors.length === 0 ? undefined : errors.map((e) => `${e.code} at ${e.location}: ${e.message}`).join('\n'));
  }
  return validated.get(text);
}

function parseAsl(text: string, name: string): AslStateMachine {
  try {
    return JSON.parse(text) as AslStateMachine;
  } catch (error) {
    throw new DefinitionLoadError(`Definition of '${name}' is not JSON: ${(error as Error).message}`);
  }
}

/** Applies DefinitionSubstitutions (`${key}`) the way CloudFormation does; an unknown key is an error. */
function substitute(text: string, substitutions: Record<string, unknown>, path: string): string {
  return text.replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (match, key: string) => {
    if (!(key in substitutions)) {
      throw new DefinitionLoadError(`Unresolvable substitution ${match}: no key '${key}' in ${path}`);
    }
    return String(substitutions[key]);
  });
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadCdk = (): typeof import('aws-cdk-lib') => require('aws-cdk-lib');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const loadCdkAssertions = (): typeof import('aws-cdk-lib/assertions') => require('aws-cdk-lib/assertions');

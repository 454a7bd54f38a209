import * as fs from 'node:fs';
import { WorkflowDefinition } from '@statecraft/testing';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';

export interface SynthesizedDefinition {
  readonly stackName: string;
  readonly logicalId: string;
  /** Resolved to runnable ASL and validated as CreateStateMachine would when loaded. */
  readonly definition: WorkflowDefinition;
}

/** Loads every AWS::StepFunctions::StateMachine of every synthesized template; an invalid definition throws. */
export function loadSynthesizedDefinitions(assembly: CloudAssembly): SynthesizedDefinition[] {
  const definitions: SynthesizedDefinition[] = [];
  for (const stack of assembly.stacks) {
    const template = JSON.parse(fs.readFileSync(stack.templateFullPath, 'utf8'));
    for (const [logicalId, resource] of Object.entries<{ Type: string }>(template.Resources ?? {})) {
      if (resource.Type === 'AWS::StepFunctions::StateMachine') {
        definitions.push({
          stackName: stack.stackName,
          logicalId,
          definition: WorkflowDefinition.fromTemplate(template, { logicalId, stackName: stack.stackName, name: `${stack.stackName}-${logicalId}` }),
        });
      }
    }
  }
  return definitions;
}

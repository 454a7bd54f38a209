import { WorkflowDefinition } from '@statecraft/testing';
import { InputField, InputValidation, ProcessOrchestrator } from '@statecraft/process-orchestration';
import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';

/**
 * States that the two fragments every domain workflow embeds add to a definition, measured as the difference
 * between an orchestrator with the fragment and the same orchestrator without it (so the orchestrator's own states
 * cancel out): one nested execution, and input validation of five fields (tenant onboarding's count).
 */
export function measureFragments(): Record<string, number> {
  const statesOf = (orchestrator: ProcessOrchestrator) => WorkflowDefinition.fromStateMachine(orchestrator.stateMachine).states.length;
  // One app per orchestrator: reading a definition synthesizes the app, which may then not grow.
  const orchestrator = (id: string, definition: (stack: Stack) => sfn.IChainable, inputValidation?: InputValidation) => {
    const stack = new Stack(new App(), id);
    return new ProcessOrchestrator(stack, 'Process', { processName: id, definition: definition(stack), inputValidation });
  };

  const plain = statesOf(orchestrator('Plain', (stack) => new sfn.Pass(stack, 'Work')));
  const parentStack = new Stack(new App(), 'Parent');
  const child = new ProcessOrchestrator(parentStack, 'Child', { processName: 'Child', definition: new sfn.Pass(parentStack, 'Child Work') });
  const nested = statesOf(new ProcessOrchestrator(parentStack, 'Process', { processName: 'Parent', definition: child.nestedExecution(parentStack, 'Work') }));
  const validated = statesOf(orchestrator('Validated', (stack) => new sfn.Pass(stack, 'Work'), InputValidation.of([
    InputField.string('tenantId', { required: true, pattern: 'tenant-*' }),
    InputField.string('accountName', { required: true }),
    InputField.string('email', { required: true, pattern: '*@*.*' }),
    InputField.string('organizationalUnitId', { required: true, pattern: 'ou-*' }),
    InputField.string('parameters.rawDataUri', { pattern: 's3://*' }),
  ])));
  return {
    'nested execution wrapper (states added by one nested execution)': nested - plain + 1,
    'input validation of 5 fields (states added)': validated - plain,
  };
}

// The root README's examples, verbatim: "## Using a construct in your CDK app" builds the orchestrator, and
// "## Testing your workflows locally" runs it (its `orchestrator` is the one the first block created).
/* eslint-disable import/no-duplicates, import/order */
import { Duration, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessOrchestrator } from '@statecraft/process-orchestration';

const stack = new Stack();
new ProcessOrchestrator(stack, 'NightlyBilling', {
  processName: 'nightly-billing',
  definition: new sfn.Pass(stack, 'Bill customers'),
  timeout: Duration.hours(2),
});

// ---- end of the first README block ----
import { Template } from 'aws-cdk-lib/assertions';
const orchestrator = stack.node.findChild('NightlyBilling') as ProcessOrchestrator;

// ---- the second README block ----
import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
installMatchers();

test('nightly billing succeeds', async () => {
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(orchestrator.stateMachine));
  const result = await sim.run({ day: '2026-11-24' });
  expect(result).toSucceed();
});

// ---- end of the second README block ----

test('the first block synthesizes one logged, traced Standard state machine with a 2-hour timeout', () => {
  const template = Template.fromStack(stack);
  template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
  template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
    StateMachineType: 'STANDARD',
    TracingConfiguration: { Enabled: true },
    LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: true },
  });
  expect(JSON.stringify(template.toJSON())).toContain('\\"TimeoutSeconds\\":7200');
});

import { describedExecution, installMatchers, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { ProcessOrchestrator } from '../src';
import { testStack } from './example-workflows';

installMatchers();

describe('ProcessOrchestrator.startExecutionTask in a JSONata parent', () => {
  const stack = testStack();
  const child = new ProcessOrchestrator(stack, 'Child', { processName: 'child', definition: sfn.Pass.jsonata(stack, 'Work') });
  const start = child.startExecutionTask(stack, 'Run Child', {
    queryLanguage: sfn.QueryLanguage.JSONATA,
    input: sfn.TaskInput.fromObject({ tenantId: '{% $states.input.tenant %}' }),
    executionName: '{% $states.input.tenant & \'-run\' %}',
    outputs: '{% $states.result.Output %}',
  });
  const parent = new sfn.StateMachine(stack, 'Parent', {
    definitionBody: sfn.DefinitionBody.fromChainable(start), queryLanguage: sfn.QueryLanguage.JSONATA,
  });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(parent, { name: 'start-execution-jsonata' }));

  test('starts the child (.sync:2) with a JSONata input linked to the parent, and outputs the child\'s output', async () => {
    let request: any;
    const result = await sim.with({
      mocks: { states: { 'Run Child': (call) => { request = call.input; return describedExecution({ output: { accountId: '1' } }); } } },
    }).run({ tenant: 't-1' }, { executionName: 'parent-run' });

    expect(result).toSucceed();
    expect(result.output).toEqual({ accountId: '1' });
    expect(request.Name).toBe('t-1-run');
    // "Start a new AWS Step Functions state machine from a running execution": the parent's id links the child.
    expect(request.Input).toEqual({ tenantId: 't-1', AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID: expect.stringContaining(':execution:') });
    const state = sim.definition.state('Run Child').state as any;
    expect(state.Resource).toMatch(/:states:::states:startExecution\.sync:2$/);
    expect(JSON.stringify(state)).not.toMatch(/Path"|\.\$"/);
  });

  test('by default the whole parent state is the input', () => {
    const s = testStack();
    const orchestrator = new ProcessOrchestrator(s, 'Child', { processName: 'child', definition: new sfn.Pass(s, 'Work') });
    const json = s.resolve(orchestrator.startExecutionTask(s, 'Run', { queryLanguage: sfn.QueryLanguage.JSONATA }).toStateJson());
    expect(json).toMatchObject({ QueryLanguage: 'JSONata', Arguments: { Input: '{% $states.input %}' } });
  });
});

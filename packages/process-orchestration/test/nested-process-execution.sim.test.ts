import { describedExecution, installMatchers, WorkflowDefinition, WorkflowSimulator } from '@statecraft/testing';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NestedProcessExecution, StatecraftErrors } from '../src';
import { nightlyBatch, testStack } from './example-workflows';

installMatchers();

/** A parent workflow (month-end close) that nests the nightly batch and catches its invalid-input error by name. */
function monthEndClose() {
  const stack = testStack();
  const child = nightlyBatch(stack);
  const nested = child.nestedExecution(stack, 'Run Nightly Batch', {
    input: sfn.TaskInput.fromObject({ 'runDate.$': '$.closeDate', 'region.$': '$.region' }),
    resultSelector: { 'output.$': '$.Output' },
    resultPath: '$.batch',
  });
  nested.parallel.addCatch(new sfn.Pass(stack, 'Close Date Rejected'), {
    errors: [StatecraftErrors.INVALID_INPUT], resultPath: '$.rejection',
  });
  const parent = new sfn.StateMachine(stack, 'MonthEndClose', {
    definitionBody: sfn.DefinitionBody.fromChainable(nested.next(new sfn.Pass(stack, 'Close Books'))),
  });
  return { stack, child, parent };
}

const { stack, child, parent } = monthEndClose();
const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(parent, { name: 'month-end-close' }));
const input = { closeDate: '2026-11-30T00:00:00Z', region: 'eu' };
/**
 * How AWS fails a `.sync:2` task whose child did not succeed: States.TaskFailed, with the child's DescribeExecution
 * output (its Status, Error and Cause) as a JSON string in the cause (AWS Step Functions Developer Guide, "Start a new
 * AWS Step Functions state machine from a running execution"; "Service integration patterns", Run a Job (.sync)).
 */
const childFailed = (fields: Record<string, unknown>) => ({
  throw: { error: 'States.TaskFailed', cause: JSON.stringify({ ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:child:run-1', Status: 'FAILED', ...fields }) },
});
const mockChild = (mock: unknown) => ({ mocks: { states: { 'Run Nightly Batch': mock as any } } });

describe('ProcessOrchestrator.nestedExecution', () => {
  test('starts the child with .sync:2, the parent state as input, and keeps the child output', async () => {
    let started: any;
    const result = await sim.with(mockChild((call: any) => {
      started = call.input;
      return describedExecution({ output: { reconciled: 3 } });
    })).run(input);

    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Run Nightly Batch (nested)', 'Run Nightly Batch', 'Close Books']);
    expect(started.StateMachineArn).toMatch(/:stateMachine:/);
    expect(started.Input).toMatchObject({ runDate: '2026-11-30T00:00:00Z', region: 'eu' });
    expect(result.output).toMatchObject({ batch: { output: { reconciled: 3 } } });
    expect(sim.definition.state('Run Nightly Batch').state).toMatchObject({ Resource: 'arn:aws:states:::states:startExecution.sync:2' });
  });

  test("the child's Statecraft.InvalidInput is caught by name in the parent", async () => {
    const result = await sim.with(mockChild(childFailed({ Error: 'Statecraft.InvalidInput', Cause: "Input field 'runDate' is invalid" }))).run(input);

    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Run Nightly Batch', 'Run Nightly Batch Re-raise Child Error', 'Close Date Rejected']);
    expect(result.output).toMatchObject({ rejection: { Error: 'Statecraft.InvalidInput', Cause: "Input field 'runDate' is invalid" } });
  });

  test("another named child error passes up unchanged, with the child's cause", async () => {
    const result = await sim.with(mockChild(childFailed({ Error: 'Statecraft.ProcessFailed', Cause: 'Lambda.ServiceException' }))).run(input);

    expect(result).toFailWith('Statecraft.ProcessFailed', 'Lambda.ServiceException');
  });

  test('a child error without a cause passes up with a generic cause', async () => {
    const result = await sim.with(mockChild(childFailed({ Error: 'Statecraft.ReconcileMismatch' }))).run(input);

    expect(result).toFailWith('Statecraft.ReconcileMismatch', 'the nested execution failed without a cause');
  });

  test.each([['TIMED_OUT'], ['ABORTED']])('a child that ended %s (no error of its own) fails the parent with Statecraft.NestedExecutionFailed', async (status) => {
    const result = await sim.with(mockChild(childFailed({ Status: status }))).run(input);

    expect(result).toFailWith('Statecraft.NestedExecutionFailed', status);
  });

  test('a child error that is not a string is treated as unnamed', async () => {
    const result = await sim.with(mockChild(childFailed({ Error: 42 }))).run(input);

    expect(result).toFailWith('Statecraft.NestedExecutionFailed');
  });

  test('a child cause that is not a string keeps the error name', async () => {
    const result = await sim.with(mockChild(childFailed({ Error: 'Statecraft.X', Cause: { detail: 1 } }))).run(input);

    expect(result).toFailWith('Statecraft.X', 'without a cause');
  });

  test('StartExecution\'s own error, with a plain-text cause, passes up unchanged (no child description to read)', async () => {
    const result = await sim.with(mockChild({
      throw: { error: 'StepFunctions.ExecutionLimitExceededException', cause: 'Execution limit exceeded: 1000000 open executions' },
    })).run(input);

    expect(result).toFailWith('StepFunctions.ExecutionLimitExceededException', 'Execution limit exceeded: 1000000 open executions');
  });

  test('a task error without a cause passes up under its own name', async () => {
    const result = await sim.with(mockChild({ throw: { error: 'StepFunctions.ExecutionLimitExceededException' } })).run(input);

    expect(result).toFailWith('StepFunctions.ExecutionLimitExceededException', 'the nested execution could not be started');
  });

  test('every state of the parent was entered by these runs', () => {
    expect(sim).toHaveFullStateCoverage();
  });

  test('in a JSONPath parent the wrapper keeps a JSONPath Parallel and task, and re-raises in one JSONata Fail state', () => {
    const wrapper = sim.definition.state('Run Nightly Batch (nested)').state as any;
    expect(wrapper).toMatchObject({ Type: 'Parallel', OutputPath: '$[0]' });
    expect(wrapper.QueryLanguage).toBeUndefined();
    expect(Object.keys(wrapper.Branches[0].States)).toEqual(['Run Nightly Batch', 'Run Nightly Batch Re-raise Child Error']);
    expect(wrapper.Branches[0].States['Run Nightly Batch Re-raise Child Error']).toMatchObject({ Type: 'Fail', QueryLanguage: 'JSONata' });
  });

  test('the parent role may start the child, describe and stop its executions, and manage the .sync event rule', () => {
    const template = Template.fromStack(stack);
    const childLogicalId = stack.getLogicalId(child.stateMachine.node.defaultChild as sfn.CfnStateMachine);
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^MonthEndCloseRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          { Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: childLogicalId } },
          Match.objectLike({ Action: ['states:DescribeExecution', 'states:StopExecution'], Effect: 'Allow' }),
          Match.objectLike({
            Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
            Resource: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':rule/StepFunctionsGetEventsForStepFunctionsExecutionRule$')])] },
          }),
        ]),
      },
    });
  });
});

describe('NestedProcessExecution in a JSONata state machine', () => {
  /** The same parent written in JSONata: a JSONata start task, so the wrapper's Parallel is JSONata too. */
  function jsonataMonthEndClose() {
    const s = testStack();
    const batch = nightlyBatch(s);
    const startTask = tasks.StepFunctionsStartExecution.jsonata(s, 'Run Nightly Batch', {
      stateMachine: batch.stateMachine,
      integrationPattern: sfn.IntegrationPattern.RUN_JOB,
      input: sfn.TaskInput.fromObject({ runDate: '{% $states.input.closeDate %}', region: '{% $states.input.region %}' }),
    });
    const nested = new NestedProcessExecution(s, 'Nested', { startTask });
    nested.parallel.addCatch(sfn.Pass.jsonata(s, 'Close Date Rejected'), {
      errors: [StatecraftErrors.INVALID_INPUT], outputs: { rejection: '{% $states.errorOutput %}' },
    });
    const machine = new sfn.StateMachine(s, 'MonthEndClose', {
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(nested.next(sfn.Pass.jsonata(s, 'Close Books'))),
    });
    return new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine, { name: 'month-end-close-jsonata' }));
  }
  const jsonataSim = jsonataMonthEndClose();

  test('the wrapper is three states that inherit JSONata: the Parallel, the task and one Fail state', () => {
    const wrapper = jsonataSim.definition.state('Run Nightly Batch (nested)').state as any;
    expect(wrapper).toMatchObject({ Type: 'Parallel', Output: '{% $states.result[0] %}' });
    expect(Object.keys(wrapper.Branches[0].States)).toEqual(['Run Nightly Batch', 'Run Nightly Batch Re-raise Child Error']);
    expect(JSON.stringify(jsonataSim.definition.asl)).not.toContain('JSONPath');
  });

  test("the child's output is the wrapper's output", async () => {
    const result = await jsonataSim.with(mockChild({ return: describedExecution({ output: { reconciled: 3 } }) })).run(input);

    expect(result).toSucceed();
    expect(result.output).toMatchObject({ Status: 'SUCCEEDED', Output: { reconciled: 3 } });
  });

  test("the child's Statecraft.InvalidInput is caught by name with a JSONata Catch", async () => {
    const result = await jsonataSim.with(mockChild(childFailed({ Error: 'Statecraft.InvalidInput', Cause: "Input field 'runDate' is invalid" }))).run(input);

    expect(result).toSucceed();
    expect(result.output).toEqual({ rejection: { Error: 'Statecraft.InvalidInput', Cause: "Input field 'runDate' is invalid" } });
  });

  test('every state of the JSONata parent was entered by these runs', () => {
    expect(jsonataSim).toHaveFullStateCoverage();
  });
});

describe('ProcessOrchestrator.startExecutionTask', () => {
  test('defaults to the whole parent state as input and no parent association (which needs an object input)', () => {
    const s = testStack();
    const orchestrator = nightlyBatch(s);
    const task = orchestrator.startExecutionTask(s, 'Run Child');
    const json = s.resolve(task.toStateJson());
    expect(json.Resource).toEqual({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':states:::states:startExecution.sync:2']] });
    expect(json.Parameters).toEqual({ 'Input.$': '$', 'StateMachineArn': expect.anything() });
  });

  test('an object input is linked to the parent execution and an execution name can be set', () => {
    const s = testStack();
    const orchestrator = nightlyBatch(s);
    const task = orchestrator.startExecutionTask(s, 'Run Child', {
      input: sfn.TaskInput.fromObject({ 'runDate.$': '$.date' }),
      executionName: sfn.JsonPath.stringAt('$.runId'),
    });
    const json = s.resolve(task.toStateJson());
    expect(json.Parameters.Input).toEqual({ 'runDate.$': '$.date', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' });
    expect(json.Parameters['Name.$']).toBe('$.runId');
  });
});

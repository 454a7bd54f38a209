import { TaskFailure, WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { FailureHandler } from '../src';
import { lambdaJob, testStack } from './example-workflows';

installMatchers();

/**
 * FailureHandler is JSONata by default and still runs a JSONPath body and handler in a JSONPath state machine:
 * a state without its own QueryLanguage takes the state machine's top-level language, not the enclosing Parallel's
 * (developer guide, "State machine structure").
 */
describe('FailureHandler (JSONata by default) in a JSONPath state machine, around JSONPath states', () => {
  const stack = testStack();
  const body = new sfn.Pass(stack, 'Prepare', { result: sfn.Result.fromObject({ rows: 3 }), resultPath: '$.prepared' })
    .next(lambdaJob(stack, 'Convert File', 'convert-file'));
  const wrapped = new FailureHandler(stack, 'Failures', { body, handler: lambdaJob(stack, 'Record Failure', 'record-failure') });
  const machine = new sfn.StateMachine(stack, 'Convert', { definitionBody: sfn.DefinitionBody.fromChainable(wrapped) });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine, { name: 'failure-handler-jsonpath-machine' }), {
    mocks: { integrations: { 'lambda:invoke': { return: { Payload: {} } } } },
  });

  test('the wrapper\'s Parallels declare JSONata; the body and the handler declare nothing, so they are JSONPath', () => {
    expect((sim.definition.asl as any).QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(sim.definition.state('Run Process').state).toMatchObject({ Type: 'Parallel', QueryLanguage: 'JSONata' });
    expect(sim.definition.state('Handle Failure').state).toMatchObject({ Type: 'Parallel', QueryLanguage: 'JSONata' });
    for (const name of ['Prepare', 'Convert File', 'Record Failure']) {
      expect(sim.definition.state(name).state).not.toHaveProperty('QueryLanguage');
    }
  });

  test('a JSONPath body that succeeds passes its output through (ResultPath applied inside the branch)', async () => {
    const result = await sim.run({ file: 'a.csv' });
    expect(result).toSucceed();
    expect(result.output).toEqual({ file: 'a.csv', prepared: { rows: 3 } });
  });

  test('a named error: the JSONPath handler gets the input with the error at $.failure, then the error is re-raised unchanged', async () => {
    const recorded: any[] = [];
    const result = await sim.with({
      mocks: {
        states: {
          'Convert File': { throw: { error: 'Statecraft.EmptyFile', cause: 'a.csv has no rows' } },
          'Record Failure': (call: any) => { recorded.push(call.input.Payload); return { Payload: {} }; },
        },
      },
    }).run({ file: 'a.csv' });
    expect(result).toFailWith('Statecraft.EmptyFile', 'a.csv has no rows');
    expect(result).toHaveVisitedInOrder(['Run Process', 'Convert File', 'Handle Failure', 'Record Failure', 'Re-raise Failure']);
    expect(recorded).toEqual([{ file: 'a.csv', failure: { Error: 'Statecraft.EmptyFile', Cause: 'a.csv has no rows' } }]);
  });

  test('any other error is re-raised as Statecraft.ProcessFailed with the original error and cause as JSON', async () => {
    const result = await sim.with({
      mocks: { integrations: { 'lambda:invoke': { return: { Payload: {} } } }, states: { 'Convert File': { throw: { error: 'Lambda.Unknown', cause: 'boom' } } } },
    }).run({ file: 'a.csv' });
    expect(result).toFailWith('Statecraft.ProcessFailed', JSON.stringify({ Error: 'Lambda.Unknown', Cause: 'boom' }));
  });

  test('throttled tasks are retried (the transient preset), in the body and in the handler', async () => {
    const throttledOnce = (name: string) => {
      let calls = 0;
      return () => {
        calls++;
        if (calls === 1) throw new TaskFailure('Lambda.TooManyRequestsException', `${name} throttled`);
        if (name === 'Convert File') throw new TaskFailure('Statecraft.EmptyFile', 'a.csv has no rows');
        return { Payload: {} };
      };
    };
    const result = await sim.with({ mocks: { states: { 'Convert File': throttledOnce('Convert File'), 'Record Failure': throttledOnce('Record Failure') } } })
      .run({ file: 'a.csv' });
    expect(result).toFailWith('Statecraft.EmptyFile', 'a.csv has no rows');
    expect(result.visited.filter((visit) => visit.attempt > 0).map((visit) => visit.name)).toEqual(['Convert File', 'Record Failure']);
  });

  test('a handler that fails does not hide the original error', async () => {
    const result = await sim.with({
      mocks: { states: { 'Convert File': { throw: { error: 'Statecraft.EmptyFile', cause: 'empty' } }, 'Record Failure': { throw: { error: 'Lambda.AccessDeniedException', cause: 'denied' } } } },
    }).run({ file: 'a.csv' });
    expect(result).toFailWith('Statecraft.EmptyFile', 'empty');
    expect(result).toHaveVisitedInOrder(['Handle Failure', 'Record Failure', 'Re-raise Failure']);
  });

  test('every state and edge is covered', () => {
    expect(sim).toHaveFullStateCoverage();
    expect(sim.coverage.report().edges.uncovered).toEqual([]);
  });
});

describe('FailureHandler in a JSONata state machine, around JSONata states', () => {
  const stack = testStack();
  const body = sfn.Choice.jsonata(stack, 'Check')
    .when(sfn.Condition.jsonata('{% $states.input.rows > 0 %}'), sfn.Pass.jsonata(stack, 'Rows Found'))
    .otherwise(sfn.Fail.jsonata(stack, 'No Rows', { error: 'Statecraft.EmptyFile', cause: 'no rows' }));
  // The recorder can be down (input recorderDown: true): a failing handler.
  const handler = sfn.Choice.jsonata(stack, 'Recorder Up?')
    .when(sfn.Condition.jsonata('{% $states.input.recorderDown = true %}'), sfn.Fail.jsonata(stack, 'Recorder Down', { error: 'Statecraft.RecorderDown' }))
    .otherwise(sfn.Pass.jsonata(stack, 'Note Failure', { outputs: '{% $states.input.failure %}' }));
  const machine = new sfn.StateMachine(stack, 'Check Rows', {
    queryLanguage: sfn.QueryLanguage.JSONATA,
    definitionBody: sfn.DefinitionBody.fromChainable(new FailureHandler(stack, 'Failures', { body, handler })),
  });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine, { name: 'failure-handler-jsonata-machine' }));

  test('the wrapper\'s states need not repeat the top-level JSONata, and a JSONata body\'s error is re-raised by name', async () => {
    expect((sim.definition.asl as any).QueryLanguage).toBe('JSONata');
    for (const name of ['Run Process', 'Handle Failure', 'Re-raise Failure']) {
      expect(sim.definition.state(name).state).not.toHaveProperty('QueryLanguage');
    }
    expect(await sim.run({ rows: 2 })).toSucceed();
    const failed = await sim.run({ rows: 0 });
    expect(failed).toFailWith('Statecraft.EmptyFile', 'no rows');
    expect(failed).toHaveVisitedInOrder(['Run Process', 'Check', 'No Rows', 'Handle Failure', 'Note Failure', 'Re-raise Failure']);
    const recorderDown = await sim.run({ rows: 0, recorderDown: true });
    expect(recorderDown).toFailWith('Statecraft.EmptyFile', 'no rows');
    expect(recorderDown).toHaveVisitedInOrder(['Handle Failure', 'Recorder Up?', 'Recorder Down', 'Re-raise Failure']);
    expect(sim).toHaveFullStateCoverage();
    expect(sim.coverage.report().edges.uncovered).toEqual([]);
  });
});

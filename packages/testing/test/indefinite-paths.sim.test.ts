import { AslStateMachine, WorkflowDefinition, WorkflowSimulator, installMatchers } from '../src';
import { FUNCTION_ARN } from './fixtures/workflows';
import { parsePath } from '../src/engine/json-path';

installMatchers();


/**
 * AWS evaluates an indefinite path (filter, wildcard, deep scan, slice, union) to the array of its matches, so no match
 * is []; a definite path that selects nothing fails the state (developer guide, "Paths": JSONPath results).
 */
const FILTERS: AslStateMachine = {
  StartAt: 'Pick',
  States: {
    'Pick': {
      Type: 'Pass',
      Parameters: {
        'urgent.$': '$.items[?(@.priority == 1)]',
        'names.$': '$.items[*].name',
        'tags.$': '$..tag',
        'first.$': '$.items[0:1]',
      },
      ResultPath: '$.picked',
      Next: 'Select Input',
    },
    'Select Input': {
      Type: 'Task',
      Resource: FUNCTION_ARN,
      InputPath: '$.items[?(@.priority == 1)]',
      ResultSelector: { 'failed.$': '$.Payload.results[?(@.ok == false)]', 'count.$': '$.Payload.count' },
      ResultPath: '$.call',
      Next: 'Select Output',
    },
    'Select Output': { Type: 'Pass', OutputPath: '$[?(@.missing)]', End: true },
  },
};

function simulator(asl: AslStateMachine, name: string, seen: unknown[] = []) {
  return new WorkflowSimulator(WorkflowDefinition.fromAsl(asl, { name }), {
    writeCoverageReport: false,
    mocks: {
      integrations: {
        'lambda:invoke': (call) => {
          seen.push(call.input);
          return { Payload: { results: [{ ok: true }], count: 1 } };
        },
      },
    },
  });
}

describe('an indefinite JSONPath that matches nothing', () => {
  test('is [] in Parameters, InputPath, ResultSelector and OutputPath, as in AWS; matches are arrays', async () => {
    const seen: unknown[] = [];
    const sim = simulator(FILTERS, 'indefinite-paths', seen);

    const result = await sim.run({ items: [{ name: 'a', priority: 2 }] });

    expect(result).toSucceed();
    expect(seen).toEqual([[]]); // InputPath
    expect(result.output).toEqual([]); // OutputPath over the whole output object
    expect(result.visited.map((v) => v.name)).toEqual(['Pick', 'Select Input', 'Select Output']);
    const outputOf = (state: string) => (result.events as Array<{ type: string; state?: { name: string; output?: Record<string, unknown> } }>)
      .find((e) => e.type === 'StateExited' && e.state?.name === state)!.state!.output!;
    expect(outputOf('Pick').picked).toEqual({ urgent: [], names: ['a'], tags: [], first: [{ name: 'a', priority: 2 }] });
    expect(outputOf('Select Input').call).toEqual({ failed: [], count: 1 }); // ResultSelector
  });

  test('a definite path that selects nothing still fails the state, as in AWS', async () => {
    const sim = simulator({
      StartAt: 'Pick',
      States: { Pick: { Type: 'Pass', Parameters: { 'owner.$': '$.owner.name' }, End: true } },
    }, 'definite-path-missing');

    const result = await sim.run({ items: [] });

    expect(result).toFailWith('States.Runtime', '$.owner.name');
  });

  test('the engine tells filters, wildcards, deep scans, slices and unions from definite paths', () => {
    const indefinite = (path: string) => !parsePath(path).definite;
    expect(['$.a[?(@.x == 1)]', '$.a[*]', '$.a.*', '$..b', '$.a[0:2]', "$['a','b']", '$.a[1,2]'].map(indefinite)).toEqual(Array(7).fill(true));
    expect(['$', '$.a.b', '$.a[0]', "$['a.b*']", '$.Execution.Id'].map(indefinite)).toEqual(Array(5).fill(false));
  });
});

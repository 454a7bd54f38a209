import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Job, JobGraph, JobGraphStages } from '../src';
import { testStack } from './example-workflows';

installMatchers();

const stack = testStack();
let n = 0;
const job = (name: string, ...dependsOn: string[]): Job => ({ name, work: new sfn.Pass(stack, `W${n++}`), dependsOn });

describe('JobGraph', () => {
  test('compiles to the fewest stages: each job in the stage after its longest chain of dependencies', () => {
    const graph = new JobGraph([
      job('report', 'reconcile'),
      job('reconcile', 'orders', 'payments'),
      job('orders'),
      job('payments', 'fx-rates'),
      job('fx-rates'),
      job('archive', 'orders'),
    ]);
    expect(graph.stages()).toEqual([['orders', 'fx-rates'], ['payments', 'archive'], ['reconcile'], ['report']]);
  });

  test('independent jobs share one stage', () => {
    expect(new JobGraph([job('a'), job('b'), job('c')]).stages()).toEqual([['a', 'b', 'c']]);
  });

  test.each([
    [[job('a', 'b'), job('b', 'a')], ['jobs form a cycle: a -> b -> a']],
    [[job('a', 'a')], ["job 'a' depends on itself"]],
    [[job('a', 'ghost')], ["job 'a' depends on unknown job 'ghost' (known jobs: a)"]],
    [[job('a'), job('a')], ["job 'a' is declared twice; job names must be unique"]],
    [[job('bad"name')], ["job 'bad\"name': name must be 1-64 letters, digits, spaces, '_', '.' or '-', starting with a letter or digit"]],
    [[], ['a job graph needs at least one job']],
    [[job('x'), job('a', 'c'), job('b', 'a'), job('c', 'b'), job('d', 'e'), job('e', 'd')],
      ['jobs form a cycle: a -> b -> c -> a', 'jobs form a cycle: d -> e -> d']],
  ])('problems name the jobs involved (%#)', (jobs, problems) => {
    const graph = new JobGraph(jobs);
    expect(graph.problems()).toEqual(problems);
    expect(() => graph.stages()).toThrow(`Invalid job graph:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  });

  test('the fragment chains one Parallel per stage, each job a branch, outputs discarded; long stage names are shortened under 80 characters', () => {
    const s = testStack();
    const names = Array.from({ length: 8 }, (_, i) => `extract-source-${i}`);
    const stages = new JobGraphStages(s, 'Graph', {
      graph: new JobGraph([...names.map((name) => ({ name, work: new sfn.Pass(s, name) })), { name: 'load', work: new sfn.Pass(s, 'load'), dependsOn: names }]),
    });
    new sfn.StateMachine(s, 'Machine', { definitionBody: sfn.DefinitionBody.fromChainable(stages) });
    const first = s.resolve((stages.startState as sfn.Parallel).toStateJson());
    expect(first.Branches).toHaveLength(8);
    expect(first.ResultPath).toBeNull();
    expect(stages.startState.stateId.length).toBeLessThanOrEqual(80);
    expect(stages.startState.stateId).toMatch(/^Stage 1 \(extract-source-0, .*\.\.\.\)$/);
    expect(stages.stages).toEqual([names, ['load']]);
  });

  test('a bad graph given to the fragment is a synth-time error naming the construct path', () => {
    const s = testStack();
    expect(() => new JobGraphStages(s, 'Graph', { graph: new JobGraph([{ name: 'a', work: new sfn.Pass(s, 'A'), dependsOn: ['a'] }]) }))
      .toThrow("Invalid props for TestStack/Graph (1 problem)\n  - graph: job 'a' depends on itself");
  });

  test('with JSONata jobs the stages are JSONata: the fragment runs in a JSONata state machine, each job sees the input', async () => {
    const s = testStack();
    const work = (name: string) => sfn.Pass.jsonata(s, name, { outputs: { job: name, saw: '{% $states.input.runDate %}' } });
    const stages = new JobGraphStages(s, 'Graph', {
      graph: new JobGraph([{ name: 'a', work: work('A') }, { name: 'b', work: work('B'), dependsOn: ['a'] }]),
    });
    const machine = new sfn.StateMachine(s, 'Machine', {
      queryLanguage: sfn.QueryLanguage.JSONATA,
      definitionBody: sfn.DefinitionBody.fromChainable(stages),
    });
    const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(machine, { name: 'job-graph-jsonata' }), { writeCoverageReport: false });
    const result = await sim.run({ runDate: '2026-11-24' });

    expect(result).toSucceed();
    expect(result.visited.map((v) => v.name)).toEqual(['Stage 1 (a)', 'A', 'Stage 2 (b)', 'B']);
    // The jobs' outputs are discarded: the stage passes its own input on.
    expect(result.output).toEqual({ runDate: '2026-11-24' });
    expect(sim.definition.state('Stage 1 (a)').state).toMatchObject({ Type: 'Parallel', Output: '{% $states.input %}' });
  });
});

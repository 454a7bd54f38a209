import { TaskFailure, WorkflowDefinition, WorkflowSimulator, installMatchers, sweepFaults } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { FanOut, FanOutItems, ProcessOrchestrator } from '../src';
import { lambdaJob, testStack } from './example-workflows';

installMatchers();

describe('FanOut inline', () => {
  const stack = testStack();
  const fanOut = new FanOut(stack, 'Process Files', {
    items: FanOutItems.fromJsonPath('$.files'),
    itemProcessor: lambdaJob(stack, 'Convert File', 'convert-file'),
    maxConcurrency: 5,
  });
  const orchestrator = new ProcessOrchestrator(stack, 'Convert', {
    processName: 'convert',
    definition: fanOut,
    // The recorder can be down (input recorderDown: true): a failing failure handler.
    failureHandler: sfn.Choice.jsonata(stack, 'Recorder Up?')
      .when(sfn.Condition.jsonata('{% $states.input.recorderDown = true %}'), sfn.Fail.jsonata(stack, 'Recorder Down', { error: 'Statecraft.RecorderDown' }))
      .otherwise(new sfn.Pass(stack, 'Record Failure')),
  });
  const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'fan-out-inline' }), {
    mocks: { integrations: { 'lambda:invoke': { return: { Payload: {} } } } },
  });
  const input = { files: ['a.csv', 'b.csv', 'c.csv'] };

  test('runs the processor once per item with at most maxConcurrency at a time', async () => {
    const result = await sim.run(input);

    expect(result).toSucceed();
    expect(result.taskInvocations).toEqual({ 'lambda:invoke': 3 });
    expect((result.output as any).results).toHaveLength(3);
    expect(sim.definition.state('Process Files').state).toMatchObject({
      Type: 'Map',
      QueryLanguage: 'JSONata',
      Items: '{% $states.input.files %}',
      MaxConcurrency: 5,
      Output: "{% $merge([$states.input, { 'results': $states.result }]) %}",
    });
  });

  // "State machine structure" (developer guide): a state without its own QueryLanguage takes the state machine's
  // top-level language, so a JSONPath item processor runs inside the (JSONata by default) Map of a JSONPath machine.
  test('the JSONata Map runs a JSONPath item processor in a JSONPath state machine: each item reaches the task as its payload', async () => {
    expect((sim.definition.asl as any).QueryLanguage ?? 'JSONPath').toBe('JSONPath');
    expect(sim.definition.state('Convert File').state).not.toHaveProperty('QueryLanguage');
    const payloads: unknown[] = [];
    const result = await sim.with({
      mocks: { integrations: { 'lambda:invoke': (call) => { payloads.push((call.input as any).Payload); return { Payload: {} }; } } },
    }).run(input);
    expect(result).toSucceed();
    expect(payloads.sort()).toEqual(['a.csv', 'b.csv', 'c.csv']);
  });

  test("an item's named error fails the map and reaches the caller unchanged, after the failure handler", async () => {
    const result = await sim.with({
      mocks: {
        integrations: {
          'lambda:invoke': (call) => {
            if ((call.input as any).Payload === 'b.csv') throw new TaskFailure('Statecraft.EmptyFile', 'b.csv has no rows');
            return { Payload: {} };
          },
        },
      },
    }).run(input);

    expect(result).toFailWith('Statecraft.EmptyFile', 'b.csv has no rows');
    expect(result).toHaveVisitedInOrder(['Process Files', 'Handle Failure', 'Record Failure', 'Re-raise Failure']);
  });

  test('a failing failure handler does not hide the original error', async () => {
    const result = await sim.with({ mocks: { states: { 'Convert File': { throw: { error: 'Statecraft.EmptyFile', cause: 'empty' } } } } })
      .run({ ...input, recorderDown: true });
    expect(result).toFailWith('Statecraft.EmptyFile', 'empty');
    expect(result).toHaveVisitedInOrder(['Handle Failure', 'Recorder Up?', 'Recorder Down', 'Re-raise Failure']);
  });

  test('every state was entered and a fault sweep leaves nothing unhandled', async () => {
    const report = await sweepFaults(sim, {
      input,
      name: 'fan-out-inline',
      isHandled: (result) => result.error === 'Statecraft.ProcessFailed' && result.visited.some((v) => v.name === 'Record Failure'),
    });
    expect(report).toHaveNoUnhandledFaults();
    expect(sim).toHaveFullStateCoverage();
    expect(sim.coverage.report().edges.uncovered).toEqual([]);
  });
});

describe('FanOut distributed', () => {
  function distributed(v2: boolean) {
    const app = new App({ context: v2 ? { '@aws-cdk/aws-stepfunctions:useDistributedMapResultWriterV2': true } : {} });
    const stack = new Stack(app, 'TestStack', { env: { account: '123456789012', region: 'us-east-1' } });
    const items = s3.Bucket.fromBucketName(stack, 'Inbox', 'inbox-bucket');
    const results = s3.Bucket.fromBucketName(stack, 'Results', 'results-bucket');
    const fanOut = new FanOut(stack, 'Process Objects', {
      items: FanOutItems.fromS3Objects(items, 'incoming/'),
      itemProcessor: new sfn.Pass(stack, 'Handle Object'),
      maxConcurrency: 100,
      toleratedFailurePercentage: 5,
      resultBucket: results,
    });
    const orchestrator = new ProcessOrchestrator(stack, 'Objects', { processName: 'objects', definition: fanOut });
    return { stack, orchestrator };
  }

  test.each([[false], [true]])('a Distributed Map over S3 objects with concurrency, tolerated failures and a result writer (writer V2 flag: %s)', (v2) => {
    const { stack, orchestrator } = distributed(v2);
    const definition = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'fan-out-distributed' });
    const map = definition.state('Process Objects').state as any;
    expect(map).toMatchObject({
      Type: 'Map',
      MaxConcurrency: 100,
      ToleratedFailurePercentage: 5,
      // JSONata (the default): the reader's Parameters are Arguments (developer guide, "ItemReader (Map)").
      QueryLanguage: 'JSONata',
      ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Arguments: { Bucket: 'inbox-bucket', Prefix: 'incoming/' } },
      ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' } },
      Catch: [{ ErrorEquals: ['States.ExceedToleratedFailureThreshold'], Next: 'Process Objects Failed' }],
    });
    expect(map.ResultWriter).toMatchObject({ Resource: 'arn:aws:states:::s3:putObject' });
    expect(definition.state('Process Objects Failed').state).toMatchObject({ Type: 'Fail', Error: 'Statecraft.FanOutFailed' });

    const template = Template.fromStack(stack);
    // CDK grants what a Distributed Map needs: listing and reading the items, writing results, running child executions.
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 's3:ListBucket' })]) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: Match.arrayWith(['s3:PutObject']) })]) },
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyName: Match.stringLikeRegexp('DistributedMapPolicy'),
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'states:StartExecution' })]) },
    });
    // The execution-ARN wildcards of those grants are suppressed for cdk-nag, with a reason.
    template.hasResource('AWS::IAM::Policy', {
      Properties: Match.objectLike({ PolicyName: Match.stringLikeRegexp('DistributedMapPolicy') }),
      Metadata: { cdk_nag: { rules_to_suppress: [Match.objectLike({ id: 'AwsSolutions-IAM5' })] } },
    });
  });

  test.each([
    [{ maxConcurrency: -1 }, 'maxConcurrency: -1 must be an integer from 0 (no limit) to 10000'],
    [{ toleratedFailurePercentage: 150, distributed: true }, 'toleratedFailurePercentage: 150 must be from 0 to 100'],
    [{ toleratedFailurePercentage: 10 }, 'distributed: toleratedFailurePercentage and resultBucket need a Distributed Map: use S3 items or distributed: true'],
  ])('bad props are a synth-time error naming the construct path: %j', (props, problem) => {
    const stack = testStack();
    expect(() => new FanOut(stack, 'Fan', { items: FanOutItems.fromJsonPath('$.x'), itemProcessor: new sfn.Pass(stack, 'P'), ...props }))
      .toThrow(`Invalid props for TestStack/Fan (1 problem)\n  - ${problem}`);
  });

  test('JSON items can run as a Distributed Map too', () => {
    const stack = testStack();
    const fan = new FanOut(stack, 'Fan', { items: FanOutItems.fromS3JsonArray(s3.Bucket.fromBucketName(stack, 'B', 'item-bucket'), 'items.json'), itemProcessor: new sfn.Pass(stack, 'P') });
    expect(fan.map).toBeInstanceOf(sfn.DistributedMap);
    const inline = new FanOut(stack, 'Fan2', { items: FanOutItems.fromJsonPath('$.x'), itemProcessor: new sfn.Pass(stack, 'P2'), distributed: true });
    expect(inline.map).toBeInstanceOf(sfn.DistributedMap);
  });
});

describe('FanOut in a JSONata state machine: the inline/Distributed switch with an item selector', () => {
  /** A camera fan-out as TapeLabelingPreparation builds it: items from a query result, each iteration given the item's id and the run. */
  function cameras(distributed: boolean) {
    const stack = testStack();
    const fanOut = new FanOut(stack, 'Prepare Each Camera', {
      items: FanOutItems.fromJsonPath('$.cameras.items'),
      itemSelector: { cameraId: '{% $states.context.Map.Item.Value.cameraId.S %}', runId: '{% $states.context.Execution.Name %}' },
      // An offline camera fails its iteration.
      itemProcessor: sfn.Choice.jsonata(stack, 'Camera Online?')
        .when(sfn.Condition.jsonata("{% $states.input.cameraId = 'cam-offline' %}"), sfn.Fail.jsonata(stack, 'Camera Offline', { error: 'Statecraft.CameraOffline' }))
        .otherwise(sfn.Pass.jsonata(stack, 'Prepare Camera', { outputs: "{% $states.input.cameraId & '@' & $states.input.runId %}" })),
      distributed,
      toleratedFailurePercentage: distributed ? 10 : undefined,
      maxConcurrency: distributed ? 100 : 10,
      queryLanguage: sfn.QueryLanguage.JSONATA,
    });
    const orchestrator = new ProcessOrchestrator(stack, 'Tapes', { processName: 'tapes', definition: fanOut, queryLanguage: sfn.QueryLanguage.JSONATA });
    return new WorkflowSimulator(WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: `fan-out-jsonata-${distributed ? 'distributed' : 'inline'}` }));
  }
  const input = { cameras: { items: [{ cameraId: { S: 'cam-1' } }, { cameraId: { S: 'cam-2' } }] }, day: '2026-12-07' };

  test.each([false, true])('distributed %s: each item gets its selected input and the results join the input; an offline camera fails the fan-out', async (distributed) => {
    const sim = cameras(distributed);
    const result = await sim.run(input, { executionName: 'run-7' });
    expect(result).toSucceed();
    expect(result.output).toEqual({ ...input, results: ['cam-1@run-7', 'cam-2@run-7'] });
    const map = sim.definition.state('Prepare Each Camera').state as any;
    expect(map).toMatchObject({ Type: 'Map', Items: '{% $states.input.cameras.items %}', MaxConcurrency: distributed ? 100 : 10 });
    expect(map.ItemProcessor.ProcessorConfig?.Mode ?? 'INLINE').toBe(distributed ? 'DISTRIBUTED' : 'INLINE');
    expect(JSON.stringify(map)).not.toMatch(/Path"/);

    // One camera of two offline: an inline Map fails with the item's error; a Distributed Map tolerates 10% of
    // failed items, then fails with States.ExceedToleratedFailureThreshold (Step Functions Developer Guide, "Setting
    // failure thresholds for Distributed Map states"), which the fan-out names Statecraft.FanOutFailed.
    const offline = await sim.run({ cameras: { items: [{ cameraId: { S: 'cam-1' } }, { cameraId: { S: 'cam-offline' } }] } });
    expect(offline).toFailWith(distributed ? 'Statecraft.FanOutFailed' : 'Statecraft.CameraOffline');
    expect(sim).toHaveFullStateCoverage();
    expect(sim.coverage.report().edges.uncovered).toEqual([]);
  });

  test('JSONata-only props are checked at synth: paths it cannot translate, and a JSONata items expression in a JSONPath fan-out', () => {
    const stack = testStack();
    const make = (id: string, items: FanOutItems, extra: object) =>
      new FanOut(stack, id, { items, itemProcessor: new sfn.Pass(stack, `${id} P`), ...extra });
    expect(() => make('A', FanOutItems.fromJsonPath('$.a[0]'), { queryLanguage: sfn.QueryLanguage.JSONATA, resultPath: '$.x.y' })).toThrow(
      "Invalid props for TestStack/A (2 problems)\n  - items: '$.a[0]' must be '$' or dotted names such as '$.cameras.items' in a JSONata fan-out (or use FanOutItems.fromJsonata)\n"
      + "  - resultPath: '$.x.y' must be '$' or '$.<name>' in a JSONata fan-out");
    expect(() => make('B', FanOutItems.fromJsonata('{% $states.input.a %}'), { queryLanguage: sfn.QueryLanguage.JSON_PATH }))
      .toThrow('items: FanOutItems.fromJsonata needs a JSONata fan-out (queryLanguage JSONATA, the default)');
  });
});

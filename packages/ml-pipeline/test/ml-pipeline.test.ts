import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import {
  BatchTransformStage, CustomStage, DatabricksAuth, DatabricksJobStage, EndpointDeploymentStage, MlPipeline, MlPipelineProps, PipelineDefinition,
  PipelineParameter, ScikitLearnTransformStage, TrainingStage,
} from '../src';
import { fiveStageStack } from './scenarios';

function newStack(): { stack: Stack; role: iam.Role } {
  const stack = new Stack(new App(), 'Test', { env: { account: '111111111111', region: 'eu-west-1' } });
  return { stack, role: new iam.Role(stack, 'SageMakerRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }) };
}

const training = (name: string, extra: Partial<ConstructorParameters<typeof TrainingStage>[1]> = {}) => new TrainingStage(name, {
  trainingImage: 'image', inputChannels: [{ channelName: 'train', s3Uri: 's3://bucket/train/' }], outputUri: 's3://bucket/models/', ...extra,
});

/** The synth-time error message of building a pipeline from `definition`. */
function synthError(build: (stack: Stack, role: iam.Role) => void): string {
  const { stack, role } = newStack();
  try {
    build(stack, role);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a synth-time error');
}

/** The synth-time error message of an MlPipeline with these props (and a SageMaker role). */
function pipelineError(props: Omit<MlPipelineProps, 'sageMakerRole'>): string {
  return synthError((stack, role) => new MlPipeline(stack, 'Pipeline', { ...props, sageMakerRole: role }));
}

/** Props an MlPipeline refuses at synth time, and the problems its message names (each with its prop). */
const REFUSED: Array<[string, Omit<MlPipelineProps, 'sageMakerRole'>, string[]]> = [
  [
    'an empty input channel list, an overlong job name prefix and a spot wait below the runtime are reported together, with the construct path',
    {
      pipelineName: 'bad',
      definition: PipelineDefinition.startWith(training('Train', {
        inputChannels: [],
        jobNamePrefix: 'a-very-long-job-name-prefix',
        maxRuntime: Duration.hours(4),
        spot: { maxWait: Duration.hours(1), checkpointUri: 's3://bucket/checkpoints/' },
      })),
    },
    [
      'Test/Pipeline',
      'definition.stages[Train].inputChannels: must have at least one channel',
      "jobNamePrefix: 'a-very-long-job-name-prefix' is 27 characters; at most 21 fit in a 63-character SageMaker name",
      'spot.maxWait: must be at least maxRuntime (14400 s)',
    ],
  ],
  [
    'a bare EC2 instance type and a training maxRuntime beyond the pipeline timeout are refused at synth, naming the stage and prop',
    {
      pipelineName: 'cannot-run',
      timeout: Duration.hours(24),
      definition: PipelineDefinition.startWith(training('Train', { instanceType: 'm5.xlarge', maxRuntime: Duration.hours(30) }))
        .next(new BatchTransformStage('Score', { inferenceImage: 'i', modelArtifacts: 's3://b/m.tar.gz', inputUri: 's3://b/in/', outputUri: 's3://b/out/', instanceType: 'c5.large' })),
    },
    [
      'Test/Pipeline',
      "definition.stages[Train].instanceType: 'm5.xlarge' is not a SageMaker instance type; SageMaker instance types start with 'ml.', for example 'ml.m5.xlarge' (did you mean 'ml.m5.xlarge'?)",
      "definition.stages[Score].instanceType: 'c5.large' is not a SageMaker instance type",
      "definition.stages[Train].maxRuntime: 1 day 6 hours is longer than the pipeline's timeout (1 day); shorten maxRuntime or raise timeout",
    ],
  ],
  [
    'an Express workflow with .sync stages is refused with the stages named',
    {
      pipelineName: 'express',
      stateMachineType: sfn.StateMachineType.EXPRESS,
      timeout: Duration.minutes(5),
      definition: PipelineDefinition.startWith(training('Train')),
    },
    [
      'stateMachineType: EXPRESS cannot run stages Train: they use .sync jobs',
    ],
  ],
  [
    'empty transform locations, a non-script entry point and a bad source dir are refused',
    {
      pipelineName: 'transform',
      definition: PipelineDefinition.startWith(new ScikitLearnTransformStage('Featurize', {
        inferenceImage: 'image', modelArtifacts: 's3://b/model.tar.gz', inputUri: '', outputUri: 'bucket/out', entryPoint: 'featurize', sourceDir: 's3://b/src',
      })),
    },
    [
      'inputUri: must not be empty: a transform needs an input channel',
      "outputUri: must be an s3:// URI or a JSONata expression (got 'bucket/out')",
      "entryPoint: 'featurize' must be the path of a Python script",
      'sourceDir: must be the s3:// URI of a .tar.gz archive',
    ],
  ],
  [
    'duplicate stage names, a quality gate on an undeclared metric, blue/green without alarms and a Databricks deadline beyond the timeout are refused',
    {
      pipelineName: 'dupes',
      timeout: Duration.hours(2),
      definition: PipelineDefinition
        .startWith(new DatabricksJobStage('Prep', { workspaceUrl: 'dbc-1.cloud.databricks.com', auth: DatabricksAuth.fromConnection({} as any), jobId: 0 }))
        .next(training('Train', { metricDefinitions: [{ name: 'loss', regex: 'loss=(.*)' }], qualityGate: { metricName: 'auc', threshold: 0.8 } }))
        .next(training('Train'))
        .next(new EndpointDeploymentStage('Deploy', { endpointName: 'e', inferenceImage: 'i', modelArtifacts: 's3://b/m', blueGreen: { rollbackAlarms: [] } })),
    },
    [
      "the stage or parallel step name 'Train' is used more than once",
      "qualityGate.metricName: 'auc' is not in metricDefinitions (loss)",
      'blueGreen.rollbackAlarms: must list 1 to 10 alarms (got 0)',
      'workspaceUrl: must be a literal https URL',
      'jobId: must be a positive integer',
      "timeout: must be longer than stage Prep's maxRuntime (6 hours)",
    ],
  ],
  [
    'two stages whose SageMaker name prefixes coincide are refused',
    {
      pipelineName: 'prefixes',
      definition: PipelineDefinition.startWith(training('Train')).next(training('Retrain', { jobNamePrefix: 'train' })),
    },
    [
      "definition.stages[Retrain]: its name prefix 'train' is also stage Train's",
    ],
  ],
  [
    'a parallel step with a single branch is refused',
    {
      pipelineName: 'one-branch',
      definition: PipelineDefinition.startWith(training('Train')).nextInParallel('Publish', [PipelineDefinition.startWith(training('Again'))]),
    },
    [
      "parallel step 'Publish' needs at least two branches (got 1)",
    ],
  ],
  [
    'runtime parameters with bad names, duplicates or defaults of the wrong type are refused',
    {
      pipelineName: 'params',
      definition: PipelineDefinition.startWith(training('Train')),
      parameters: [PipelineParameter.string('instance-type', 'x'), PipelineParameter.number('count', 'one' as any), PipelineParameter.number('count', 2)],
    },
    [
      "parameters[0]: name 'instance-type' must be letters, digits and underscores",
      "parameters[1]: default of 'count' must be a number",
      "parameters[2]: name 'count' is declared twice",
    ],
  ],
];

describe('MlPipeline synth-time validation', () => {
  test.each(REFUSED)('%s', (_title, props, problems) => {
    const message = pipelineError(props);
    for (const problem of problems) expect(message).toContain(problem);
  });

  test('a parameter reference of the wrong type is refused when used', () => {
    expect(() => PipelineParameter.number('count', 1).asString).toThrow("PipelineParameter 'count' is a NUMBER; use asNumber");
    expect(() => PipelineParameter.string('type', 'x').asNumber).toThrow("PipelineParameter 'type' is a STRING; use asString");
  });
});

describe('MlPipeline template', () => {
  test('runtime parameters are type-checked first and merged over the defaults into the $pipelineParams variable', () => {
    const { stack, role } = newStack();
    const instanceType = PipelineParameter.string('instanceType', 'ml.m5.xlarge');
    new MlPipeline(stack, 'Pipeline', {
      pipelineName: 'params',
      sageMakerRole: role,
      parameters: [instanceType],
      definition: PipelineDefinition.startWith(training('Train', { instanceType: instanceType.asString })),
    });
    const definition = JSON.stringify(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'));
    expect(definition).toContain('parameters.instanceType');
    expect(definition).toContain('\\"StartAt\\":\\"Validate Input\\"');
    expect(definition).toContain('{% $merge([{\\\\\\"instanceType\\\\\\":\\\\\\"ml.m5.xlarge\\\\\\"}, $states.input.parameters ? $states.input.parameters : {}]) %}');
    expect(definition).toContain('\\"InstanceType\\":\\"{% $pipelineParams.instanceType %}\\"');
  });

  test('a parallel step lifts each branch\'s stage outputs into the pipeline\'s variables', () => {
    const { stack, role } = newStack();
    const train = training('Train');
    new MlPipeline(stack, 'Pipeline', {
      pipelineName: 'parallel',
      sageMakerRole: role,
      definition: PipelineDefinition.startWith(train).nextInParallel('Publish', [
        PipelineDefinition.startWith(new BatchTransformStage('Score', { inferenceImage: 'i', modelArtifacts: train.modelArtifacts, inputUri: 's3://b/in', outputUri: 's3://b/out' })),
        PipelineDefinition.startWith(CustomStage.fromChainable('Audit', new sfn.Pass(stack, 'Record Audit'))),
      ]),
    });
    const definition = JSON.stringify(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'));
    expect(definition).toContain('\\"Assign\\":{\\"stageScore\\":\\"{% $states.result[0].Score %}\\",\\"stageAudit\\":\\"{% $states.result[1].Audit %}\\"}');
  });

  test('the five-stage preset refuses artifact locations that are not s3:// URIs', () => {
    expect(() => fiveStageStack({ artifactsUri: 'https://bucket/prefix' })).toThrow(/artifactsUri: must be a literal s3:\/\/bucket\/prefix URI/);
  });
});

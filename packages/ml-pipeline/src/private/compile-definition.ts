import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PipelineDefinition } from '../pipeline-definition';
import { PipelineParameter } from '../pipeline-parameter';
import { StageContext, StageStates } from '../pipeline-stage';

/**
 * Compiles a pipeline definition into one chain:
 * Prepare Run -> (Apply Parameters) -> stages ... -> Pipeline Succeeded.
 */
export function compilePipeline(
  scope: Construct,
  definition: PipelineDefinition,
  parameters: PipelineParameter[],
  context: StageContext,
): sfn.Chain {
  const defaults: { [key: string]: any } = {};
  for (const parameter of parameters) {
    defaults[parameter.name] = parameter.defaultValue;
  }
  const work: { [key: string]: any } = {};
  for (const stage of definition.stages) {
    work[stage.stageName] = {};
  }
  // Every stage derives its job names and idempotency token from this run id: the MD5 of the execution ARN.
  const prepare = new sfn.Pass(scope, 'Prepare Run', {
    parameters: {
      input: sfn.JsonPath.entirePayload,
      params: defaults,
      run: {
        id: sfn.JsonPath.hash(sfn.JsonPath.executionId, 'MD5'),
        executionName: sfn.JsonPath.executionName,
      },
      stages: {},
      work,
    },
  });
  const applyParameters = new sfn.Pass(scope, 'Apply Parameters', {
    parameters: {
      input: sfn.JsonPath.objectAt('$.input'),
      params: sfn.JsonPath.jsonMerge(sfn.JsonPath.objectAt('$.params'), sfn.JsonPath.objectAt('$.input.parameters')),
      run: sfn.JsonPath.objectAt('$.run'),
      stages: sfn.JsonPath.objectAt('$.stages'),
      work: sfn.JsonPath.objectAt('$.work'),
    },
  });
  const succeeded = new sfn.Pass(scope, 'Pipeline Succeeded', {
    parameters: {
      runId: sfn.JsonPath.stringAt('$.run.id'),
      executionName: sfn.JsonPath.stringAt('$.run.executionName'),
      params: sfn.JsonPath.objectAt('$.params'),
      stages: sfn.JsonPath.objectAt('$.stages'),
    },
  });
  const body = compileSteps(scope, definition, context);
  body.end.next(succeeded);
  prepare.next(new sfn.Choice(scope, 'Parameters Given?')
    .when(sfn.Condition.isPresent('$.input.parameters'), applyParameters.next(body.start))
    .otherwise(body.start));
  return sfn.Chain.custom(prepare, [succeeded], succeeded);
}

/** Compiles the steps of one definition (the pipeline or a parallel branch) and links them. */
function compileSteps(scope: Construct, definition: PipelineDefinition, context: StageContext): StageStates {
  const compiled = definition._steps.map((step): StageStates => {
    if (step.stage) {
      return step.stage._compile(scope, context);
    }
    return compileParallel(scope, step.parallelName!, step.branches ?? [], context);
  });
  compiled.slice(1).forEach((states, i) => compiled[i].end.next(states.start));
  return { start: compiled[0].start, end: compiled[compiled.length - 1].end };
}

/**
 * Branches each get the whole state and add their stages' outputs; the outputs are merged back with
 * `States.JsonMerge` (shallow: each key is one stage), because a Parallel state returns an array of branch states.
 */
function compileParallel(scope: Construct, name: string, branches: PipelineDefinition[], context: StageContext): StageStates {
  const parallel = new sfn.Parallel(scope, name, { resultPath: '$.branches' });
  branches.forEach((branch) => {
    const states = compileSteps(scope, branch, context);
    parallel.branch(states.start);
  });
  let merged: any = sfn.JsonPath.objectAt('$.branches[0].stages');
  let mergedWork: any = sfn.JsonPath.objectAt('$.branches[0].work');
  for (let i = 1; i < branches.length; i++) {
    merged = sfn.JsonPath.jsonMerge(merged, sfn.JsonPath.objectAt(`$.branches[${i}].stages`));
    mergedWork = sfn.JsonPath.jsonMerge(mergedWork, sfn.JsonPath.objectAt(`$.branches[${i}].work`));
  }
  const merge = new sfn.Pass(scope, `${name}: Merge Outputs`, {
    parameters: {
      input: sfn.JsonPath.objectAt('$.input'),
      params: sfn.JsonPath.objectAt('$.params'),
      run: sfn.JsonPath.objectAt('$.run'),
      stages: merged,
      work: mergedWork,
    },
  });
  parallel.next(merge);
  return { start: parallel, end: merge };
}

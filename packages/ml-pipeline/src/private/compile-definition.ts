import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { PipelineDefinition } from '../pipeline-definition';
import { PipelineParameter } from '../pipeline-parameter';
import { StageContext, StageStates } from '../pipeline-stage';
import { jsonata } from './jsonata';
import { EXECUTION_NAME, PARAMS_VARIABLE, RUN_ID, RUN_VARIABLE, stageVariable } from './pipeline-variables';

/**
 * Compiles a pipeline definition into one chain of JSONata states: Prepare Run -> stages ... -> Pipeline Succeeded.
 * Stages hand values on in workflow variables, so no state threads the pipeline's data through its output.
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
  // Every stage derives its job names and idempotency token from this run id: the MD5 of the execution ARN.
  // The input's `parameters` (type-checked before, when the pipeline declares any) override the defaults.
  const prepare = sfn.Pass.jsonata(scope, 'Prepare Run', {
    assign: {
      [RUN_VARIABLE]: {
        id: jsonata("$hash($states.context.Execution.Id, 'MD5')"),
        executionName: jsonata('$states.context.Execution.Name'),
      },
      [PARAMS_VARIABLE]: jsonata(`$merge([${JSON.stringify(defaults)}, $states.input.parameters ? $states.input.parameters : {}])`),
    },
  });
  const body = compileSteps(scope, definition, context, []);
  const stageNames = definition.stages.map((stage) => stage.stageName);
  const succeeded = sfn.Pass.jsonata(scope, 'Pipeline Succeeded', {
    outputs: jsonata(`{ 'runId': ${RUN_ID}, 'executionName': ${EXECUTION_NAME}, 'params': $${PARAMS_VARIABLE}, 'stages': ${stageObject(stageNames)} }`),
  });
  prepare.next(body.start);
  body.end.next(succeeded);
  return sfn.Chain.custom(prepare, [succeeded], succeeded);
}

/** A JSONata object of the given stages' outputs, keyed by stage name. */
function stageObject(stageNames: string[]): string {
  return `{ ${stageNames.map((name) => `'${name}': $${stageVariable(name)}`).join(', ')} }`;
}

/** Compiles the steps of one definition (the pipeline or a parallel branch) and links them. */
function compileSteps(scope: Construct, definition: PipelineDefinition, context: StageContext, earlier: string[]): StageStates {
  const done = [...earlier];
  const compiled = definition._steps.map((step): StageStates => {
    const states = step.stage
      ? step.stage._compile(scope, { ...context, earlierStages: [...done] })
      : compileParallel(scope, step.parallelName!, step.branches ?? [], context, done);
    const added = step.stage ? [step.stage] : (step.branches ?? []).flatMap((branch) => branch.stages);
    done.push(...added.map((stage) => stage.stageName));
    return states;
  });
  compiled.slice(1).forEach((states, i) => compiled[i].end.next(states.start));
  return { start: compiled[0].start, end: compiled[compiled.length - 1].end };
}

/**
 * Variables a branch assigns stay in the branch (Step Functions Developer Guide, "Passing data between states with
 * variables", variable scope), so each branch ends by handing its stages' outputs over, and the Parallel state
 * assigns them in the pipeline's scope. The step fails with the first branch error.
 */
function compileParallel(scope: Construct, name: string, branches: PipelineDefinition[], context: StageContext, earlier: string[]): StageStates {
  const assign: { [variable: string]: string } = {};
  const starts = branches.map((branch, i) => {
    const states = compileSteps(scope, branch, context, earlier);
    const stageNames = branch.stages.map((stage) => stage.stageName);
    states.end.next(sfn.Pass.jsonata(scope, `${name}: Branch ${i + 1} Outputs`, { outputs: jsonata(stageObject(stageNames)) }));
    for (const stageName of stageNames) {
      assign[stageVariable(stageName)] = jsonata(`$states.result[${i}].${stageName}`);
    }
    return states.start;
  });
  const parallel = sfn.Parallel.jsonata(scope, name, { assign, outputs: {} });
  starts.forEach((start) => parallel.branch(start));
  return { start: parallel, end: parallel };
}

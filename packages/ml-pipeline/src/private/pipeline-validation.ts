import { ValidationErrors } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { MlPipelineProps } from '../ml-pipeline';
import { PipelineDefinition, PipelineStep } from '../pipeline-definition';
import { PipelineParameter, PipelineParameterType } from '../pipeline-parameter';
import { STAGE_NAME_PATTERN } from './stage-name';
import { BatchTransformStage } from '../stages/batch-transform-stage';
import { CustomStage } from '../stages/custom-stage';
import { DatabricksJobStage } from '../stages/databricks-job-stage';
import { EndpointDeploymentStage } from '../stages/endpoint-deployment-stage';
import { TrainingStage } from '../stages/training-stage';

/** Each stage checks its own props, under `definition.stages[<name>]`. */
export function validateStages(errors: ValidationErrors, definition: PipelineDefinition): void {
  for (const stage of definition.stages) {
    stage.validate(errors, `definition.stages[${stage.stageName}]`);
  }
}

/** The parallel steps of a definition, nested ones included. */
function parallelSteps(definition: PipelineDefinition): PipelineStep[] {
  return definition._steps.flatMap((step) => step.parallelName
    ? [step, ...(step.branches ?? []).flatMap(parallelSteps)]
    : []);
}

/** Every problem with the pipeline's props, each naming the prop (and the stage) and what would be valid. */
export function validatePipeline(errors: ValidationErrors, props: MlPipelineProps, parameters: PipelineParameter[]): void {
  const stages = props.definition.stages;
  const names = [...stages.map((s) => s.stageName), ...props.definition.parallelNames];
  for (const name of new Set(names.filter((n, i) => names.indexOf(n) !== i))) {
    errors.add('definition', `the stage or parallel step name '${name}' is used more than once; names must be unique (they prefix state names and key the stage outputs)`);
  }
  for (const step of parallelSteps(props.definition)) {
    errors.addIf((step.branches ?? []).length < 2, 'definition', `parallel step '${step.parallelName}' needs at least two branches (got ${(step.branches ?? []).length}); use next() for one`);
  }
  for (const name of props.definition.parallelNames) {
    errors.addIf(!STAGE_NAME_PATTERN.test(name), 'definition', `parallel step name '${name}' must start with a letter and contain only letters and digits, at most 30 characters`);
  }
  validateStages(errors, props.definition);
  // Two stages with one prefix would share names and IAM resources (prefixes are lower case and cut to 21 characters).
  const prefixes = new Map<string, string>();
  for (const stage of stages) {
    const prefix = stage instanceof TrainingStage || stage instanceof BatchTransformStage ? stage.jobNamePrefix
      : stage instanceof EndpointDeploymentStage ? stage.resourceNamePrefix : undefined;
    if (prefix === undefined) continue;
    const other = prefixes.get(prefix);
    errors.addIf(other !== undefined, `definition.stages[${stage.stageName}]`,
      `its name prefix '${prefix}' is also stage ${other}'s; set jobNamePrefix (resourceNamePrefix) so each stage's SageMaker names and IAM resources are its own`);
    prefixes.set(prefix, stage.stageName);
  }
  const express = props.stateMachineType === sfn.StateMachineType.EXPRESS;
  const longRunning = stages.filter((s) => !(s instanceof CustomStage)).map((s) => s.stageName);
  errors.addIf(express && longRunning.length > 0, 'stateMachineType',
    `EXPRESS cannot run stages ${longRunning.join(', ')}: they use .sync jobs or poll for longer than Express's 5 minutes; use STANDARD`);
  const timeout = props.timeout ?? Duration.hours(24);
  for (const stage of stages) {
    if (stage instanceof DatabricksJobStage) {
      errors.addIf(stage.maxRuntime.toSeconds() >= timeout.toSeconds(), 'timeout',
        `must be longer than stage ${stage.stageName}'s maxRuntime (${stage.maxRuntime.toHumanString()}), so the Databricks run is cancelled before the execution times out`);
    }
    if (stage instanceof TrainingStage) {
      // A training job allowed to run longer than the whole execution can never finish inside it.
      errors.addIf(stage.maxRuntime.toSeconds() > timeout.toSeconds(), `definition.stages[${stage.stageName}].maxRuntime`,
        `${stage.maxRuntime.toHumanString()} is longer than the pipeline's timeout (${timeout.toHumanString()}); shorten maxRuntime or raise timeout`);
    }
  }
  const parameterNames = new Set<string>();
  parameters.forEach((parameter, i) => {
    errors.addIf(!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(parameter.name), `parameters[${i}]`,
      `name '${parameter.name}' must be letters, digits and underscores, starting with a letter or underscore`);
    errors.addIf(parameterNames.has(parameter.name), `parameters[${i}]`, `name '${parameter.name}' is declared twice`);
    parameterNames.add(parameter.name);
    const expected = parameter.type === PipelineParameterType.NUMBER ? 'number' : 'string';
    errors.addIf(typeof parameter.defaultValue !== expected, `parameters[${i}]`,
      `default of '${parameter.name}' must be a ${expected} (got ${JSON.stringify(parameter.defaultValue)})`);
  });
}

/**
 * The workflow variables of a pipeline (Step Functions Developer Guide, "Passing data between states with variables"):
 * set once by `Prepare Run` (`pipelineRun`, `pipelineParams`), and by each stage (`stage<Name>` for its output,
 * scratch variables for its own states). Stage names are letters and digits and unique in a pipeline, so the names
 * never collide, also across parallel branches (whose variables the Parallel state lifts out).
 */
export const RUN_VARIABLE = 'pipelineRun';
export const PARAMS_VARIABLE = 'pipelineParams';

/** `$pipelineRun.id`: the MD5 of the execution ARN, 32 hex characters. */
export const RUN_ID = `$${RUN_VARIABLE}.id`;
/** `$pipelineRun.executionName`. */
export const EXECUTION_NAME = `$${RUN_VARIABLE}.executionName`;

/** The variable holding a stage's output. */
export function stageVariable(stageName: string): string {
  return `stage${stageName}`;
}

/** A JSONata reference to one field of a stage's output. */
export function stageField(stageName: string, field: string): string {
  return `$${stageVariable(stageName)}.${field}`;
}

/** A scratch variable of a stage (`kind` is what it holds: `poll`, `error`, ...). */
export function workVariable(kind: string, stageName: string): string {
  return `${kind}${stageName}`;
}

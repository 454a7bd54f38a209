/**
 * Where the pipeline keeps its data in the execution state, so every stage reads and writes the same shape:
 * `{ input, params, run: { id, executionName }, stages: { <StageName>: <stage output> } }`.
 */
export const PARAMS_PATH = '$.params';
export const RUN_ID_PATH = '$.run.id';
export const EXECUTION_NAME_PATH = '$.run.executionName';

/** JSONPath of a stage's output object. Stage names are alphanumeric, so dot notation is safe. */
export function stageOutputPath(stageName: string): string {
  return `$.stages.${stageName}`;
}

/** JSONPath of one field of a stage's output. */
export function stageFieldPath(stageName: string, field: string): string {
  return `${stageOutputPath(stageName)}.${field}`;
}

/** Scratch space a stage may use while it runs (polling state, intermediate results); overwritten by the next stage. */
export function stageWorkPath(stageName: string, field?: string): string {
  return field ? `$.work.${stageName}.${field}` : `$.work.${stageName}`;
}

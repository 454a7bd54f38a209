import { jsonata } from './jsonata';
import { RUN_ID } from './pipeline-variables';

/** SageMaker job, model and endpoint-config names: `^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}` (63 characters at most). */
export const SAGEMAKER_NAME_MAX_LENGTH = 63;
/** The run id is the MD5 of the execution ARN: 32 hex characters. */
export const RUN_ID_LENGTH = 32;
/** The per-attempt suffix: the first group of a UUID, 8 hex characters. */
const ATTEMPT_SUFFIX_LENGTH = 8;
/** prefix + '-' + run id + '-' + attempt suffix must fit in 63 characters. */
export const MAX_JOB_NAME_PREFIX_LENGTH = SAGEMAKER_NAME_MAX_LENGTH - RUN_ID_LENGTH - ATTEMPT_SUFFIX_LENGTH - 2;
export const JOB_NAME_PREFIX_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/;

/** Databricks `idempotency_token`: at most 64 characters. */
export const DATABRICKS_TOKEN_MAX_LENGTH = 64;

/**
 * A SageMaker job name unique per execution and per attempt: `<prefix>-<md5 of execution ARN>-<8 hex characters>`.
 * The run id ties every job to its execution; the random suffix (the first group of a UUID) keeps a retried or
 * redriven state from colliding with a job its earlier attempt created. `$$.State.RetryCount` would be readable, but
 * it does not change on a redrive.
 */
export function perAttemptName(prefix: string): string {
  return jsonata(`'${prefix}-' & ${RUN_ID} & '-' & $split($uuid(), '-')[0]`);
}

/** A name unique per execution but stable across retries (`<prefix>-<md5 of execution ARN>`). */
export function perExecutionName(prefix: string): string {
  return jsonata(`'${prefix}-' & ${RUN_ID}`);
}

/** The default job name prefix of a stage: its name in lower case, cut to the room a prefix has. */
export function defaultJobNamePrefix(stageName: string): string {
  return stageName.toLowerCase().slice(0, MAX_JOB_NAME_PREFIX_LENGTH);
}

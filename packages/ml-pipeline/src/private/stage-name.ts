import { ValidationErrors } from '@statecraft/process-orchestration';

/** Stage names become state-name prefixes, workflow variable names (`$stageTrain`) and parts of job names. */
export const STAGE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,29}$/;

export function validateStageName(errors: ValidationErrors, propPrefix: string, stageName: string): void {
  errors.addIf(!STAGE_NAME_PATTERN.test(stageName), `${propPrefix}.stageName`,
    `'${stageName}' must start with a letter and contain only letters and digits, at most 30 characters (it is used in variable, state and job names)`);
}

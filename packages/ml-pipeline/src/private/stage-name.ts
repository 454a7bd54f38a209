/** Stage names become state-name prefixes, JSONPath keys (`$.stages.Train`) and parts of job names. */
export const STAGE_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]{0,29}$/;

export function validateStageName(stageName: string): string[] {
  return STAGE_NAME_PATTERN.test(stageName)
    ? []
    : [`stageName: '${stageName}' must start with a letter and contain only letters and digits, at most 30 characters (it is used as a JSONPath key and in job names)`];
}

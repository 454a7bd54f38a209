import { ValidationErrors } from '@statecraft/process-orchestration';
import { Token } from 'aws-cdk-lib';
import { MAX_JOB_NAME_PREFIX_LENGTH } from './job-names';

/** Lower case only: SageMaker lower-cases names in ARNs, and the IAM resources are built from the prefix. */
const PREFIX_PATTERN = /^[a-z0-9](-*[a-z0-9])*$/;

export function validateJobNamePrefix(errors: ValidationErrors, prop: string, prefix: string | undefined): void {
  if (prefix === undefined) {
    return;
  }
  if (Token.isUnresolved(prefix)) {
    errors.add(prop, 'must be a literal string (it names the IAM resources at synth time)');
    return;
  }
  errors.addIf(prefix.length > MAX_JOB_NAME_PREFIX_LENGTH, prop,
    `'${prefix}' is ${prefix.length} characters; at most ${MAX_JOB_NAME_PREFIX_LENGTH} fit in a 63-character SageMaker name with the 32-character run id and the 8-character attempt id`);
  errors.addIf(!PREFIX_PATTERN.test(prefix), prop, `'${prefix}' must be lower-case letters and digits, with single or repeated hyphens between them`);
}

import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { CvSafetyErrors } from '../errors';

/**
 * Converts a labeling step's failures to the workflow's named errors, with the original cause: a timeout or a
 * missed heartbeat to `Statecraft.LabelingTimedOut`, anything else to `Statecraft.LabelingJobFailed`. Every backend
 * uses it, so their failures read the same. (A JSONata Catch passes the error output `{ Error, Cause }` on.)
 */
export function catchLabelingFailures(scope: Construct, step: sfn.TaskStateBase | sfn.CustomState): void {
  const failWith = (id: string, error: string) => sfn.Fail.jsonata(scope, id, { error, cause: '{% $states.input.Cause %}' });
  step.addCatch(failWith('Labeling Timed Out', CvSafetyErrors.LABELING_TIMED_OUT), { errors: [sfn.Errors.TIMEOUT, sfn.Errors.HEARTBEAT_TIMEOUT] });
  step.addCatch(failWith('Labeling Job Failed', CvSafetyErrors.LABELING_JOB_FAILED), { errors: [sfn.Errors.ALL] });
}

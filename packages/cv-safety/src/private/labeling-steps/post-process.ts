import { RetryPolicy } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyErrors } from '../../errors';

/**
 * The post-processing functions, in order, on the labeled manifest (the state input `{ manifest }`). Each gets
 * `{ jobName, manifest: { bucket, key }, step }` and returns the manifest `{ bucket, key }` it wrote (or the one it
 * got); its answer, whatever its shape, becomes the next `{ manifest }`: `Check Labeled Manifest` rejects a bad one.
 * A function that keeps failing ends the run with `Statecraft.PostProcessingFailed`.
 */
export function postProcessSteps(scope: Construct, functions: lambda.IFunction[], maxAttempts: number): sfn.TaskStateBase[] {
  if (functions.length === 0) return [];
  const failed = sfn.Fail.jsonata(scope, 'Post-processing Failed', { error: CvSafetyErrors.POST_PROCESSING_FAILED, cause: '{% $states.input.Cause %}' });
  return functions.map((fn, i) => {
    const step = tasks.LambdaInvoke.jsonata(scope, `Post-process ${i + 1}`, {
      lambdaFunction: fn,
      payload: sfn.TaskInput.fromObject({ jobName: '{% $job.name %}', manifest: '{% $states.input.manifest %}', step: i + 1 }),
      outputs: { manifest: '{% $states.result.Payload %}' },
      retryOnServiceExceptions: false,
    });
    // Transient AWS errors first, then the function's own errors, `maxAttempts` times.
    const ownErrors = maxAttempts > 0
      ? [RetryPolicy.custom([{ errors: [sfn.Errors.ALL], interval: Duration.seconds(5), maxAttempts, backoffRate: 2 }])]
      : [];
    RetryPolicy.combine(RetryPolicy.transientAwsErrors(), ...ownErrors).applyTo(step);
    step.addCatch(failed, { errors: [sfn.Errors.ALL] });
    return step;
  });
}

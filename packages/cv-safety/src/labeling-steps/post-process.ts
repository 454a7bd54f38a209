import { RetryPolicy } from '@statecraft/process-orchestration';
import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyErrors } from '../cv-safety-errors';

/** Props for {@link PostProcess}. */
export interface PostProcessProps {
  readonly functions: lambda.IFunction[];
  /** Retries of a post-processing function's own errors (transient AWS errors are retried on top). */
  readonly maxAttempts: number;
}

/**
 * Runs the post-processing functions in order on the labeled manifest. Each gets
 * `{ jobName, manifest: { bucket, key }, step }` and returns the manifest `{ bucket, key }` it wrote (or the
 * one it got). Then checks that the result really is `{ bucket, key }`.
 */
export class PostProcess extends sfn.StateMachineFragment {
  public readonly startState: sfn.State;
  public readonly endStates: sfn.INextable[];

  constructor(scope: Construct, id: string, props: PostProcessProps) {
    super(scope, id);
    const failed = new sfn.Fail(this, 'Post-processing Failed', { error: CvSafetyErrors.POST_PROCESSING_FAILED, causePath: '$.error.Cause' });
    const steps = props.functions.map((fn, i) => {
      const step = new tasks.LambdaInvoke(this, `Post-process ${i + 1}`, {
        lambdaFunction: fn,
        payload: sfn.TaskInput.fromObject({ 'jobName.$': '$.job.name', 'manifest.$': '$.labeled.manifest', 'step': i + 1 }),
        // The whole payload, whatever its shape: `Check Labeled Manifest` rejects a bad one by name.
        resultSelector: { 'manifest.$': '$.Payload' },
        resultPath: '$.labeled',
        retryOnServiceExceptions: false,
      });
      RetryPolicy.transientAwsErrors().applyTo(step);
      if (props.maxAttempts > 0) {
        step.addRetry({ errors: [sfn.Errors.ALL], interval: Duration.seconds(5), maxAttempts: props.maxAttempts, backoffRate: 2 });
      }
      step.addCatch(failed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
      return step;
    });
    const invalid = new sfn.Fail(this, 'Invalid Labeling Result', {
      error: CvSafetyErrors.INVALID_LABELING_RESULT,
      cause: 'The labeling backend or a post-processing function returned no labeled manifest { bucket, key }',
    });
    const bucket = '$.labeled.manifest.bucket';
    const key = '$.labeled.manifest.key';
    const valid = new sfn.Pass(this, 'Labeled Manifest Valid');
    const check = new sfn.Choice(this, 'Check Labeled Manifest')
      .when(sfn.Condition.isNotPresent(bucket), invalid)
      .when(sfn.Condition.isNotPresent(key), invalid)
      .when(sfn.Condition.not(sfn.Condition.isString(bucket)), invalid)
      .when(sfn.Condition.not(sfn.Condition.isString(key)), invalid)
      .otherwise(valid);
    let chain: sfn.IChainable = check;
    for (const step of [...steps].reverse()) {
      step.next(chain);
      chain = step;
    }
    this.startState = (steps[0] ?? check) as sfn.State;
    this.endStates = [valid];
  }
}

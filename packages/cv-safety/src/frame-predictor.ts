import { RetryPolicy } from '@statecraft/process-orchestration';
import { Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

/**
 * Where object-detection predictions for a frame come from. The answer must be `{ "detections": [{ left, top,
 * width, height, score, label }] }` (fractions of the frame) or the SageMaker built-in object detection format
 * `{ "prediction": [[classId, score, xmin, ymin, xmax, ymax]] }`.
 */
export class FramePredictor {
  /**
   * A SageMaker real-time endpoint, called with `application/json` `{ "s3Uri": "s3://bucket/key" }` (the
   * endpoint reads the frame itself: a state's payload is capped at 256 KiB, too small for a frame).
   * @param endpointName the endpoint's name
   */
  public static sagemakerEndpoint(endpointName: string): FramePredictor {
    return new FramePredictor(endpointName, undefined);
  }

  /** Your Lambda function, called with `{ cameraId, frame: { bucket, key } }`. */
  public static lambdaFunction(fn: lambda.IFunction): FramePredictor {
    return new FramePredictor(undefined, fn);
  }

  private constructor(
    /** The endpoint's name, for a SageMaker predictor. */
    public readonly endpointName: string | undefined,
    /** The function, for a Lambda predictor. */
    public readonly predictFunction: lambda.IFunction | undefined,
  ) {}

  /**
   * The `Predict Frame` task (JSONata): reads the frame `{ bucket, key }` from its input and the camera from the
   * variable `$camera`; outputs the raw prediction.
   * @internal
   */
  public _createTask(scope: Construct): sfn.TaskStateBase {
    let task: sfn.TaskStateBase;
    if (this.predictFunction) {
      task = tasks.LambdaInvoke.jsonata(scope, 'Predict Frame', {
        lambdaFunction: this.predictFunction,
        payload: sfn.TaskInput.fromObject({ cameraId: '{% $camera.cameraId %}', frame: '{% $states.input %}' }),
        outputs: '{% $states.result.Payload %}',
        retryOnServiceExceptions: false,
      });
    } else {
      const stack = Stack.of(scope);
      task = tasks.CallAwsService.jsonata(scope, 'Predict Frame', {
        service: 'sagemakerruntime',
        action: 'invokeEndpoint',
        iamAction: 'sagemaker:InvokeEndpoint',
        iamResources: [stack.formatArn({ service: 'sagemaker', resource: 'endpoint', resourceName: this.endpointName!.toLowerCase() })],
        parameters: {
          EndpointName: this.endpointName,
          ContentType: 'application/json',
          Accept: 'application/json',
          Body: "{% $string({ 's3Uri': 's3://' & $states.input.bucket & '/' & $states.input.key }) %}",
        },
        outputs: '{% $states.result.Body %}',
      });
    }
    const retry = this.predictFunction
      ? RetryPolicy.transientAwsErrors()
      : RetryPolicy.transientServiceErrors({ errorPrefix: 'SageMakerRuntime', additionalErrors: ['SageMakerRuntime.InternalFailureException'] });
    retry.applyTo(task);
    return task;
  }
}

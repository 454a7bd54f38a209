import { RetryPolicy } from '@statecraft/process-orchestration';
import * as events from 'aws-cdk-lib/aws-events';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { CvSafetyEvents } from '../events';

/**
 * The failure handler of both cv-safety workflows: puts a `<detailType>` event with the execution id and the
 * failure (`$.failure`, `{ Error, Cause }`, as the orchestrator's failure handling passes it).
 */
export function publishFailureEvent(scope: Construct, eventBus: events.IEventBus, detailType: string): sfn.IChainable {
  const publish = tasks.EventBridgePutEvents.jsonata(scope, 'Publish Failure Event', {
    entries: [{
      eventBus,
      source: CvSafetyEvents.SOURCE,
      detailType,
      detail: sfn.TaskInput.fromObject({
        executionId: '{% $states.context.Execution.Id %}', error: '{% $states.input.failure.Error %}', cause: '{% $states.input.failure.Cause %}',
      }),
    }],
  });
  RetryPolicy.transientAwsErrors().applyTo(publish);
  return publish;
}

import { FailureEvent, RetryPolicy } from '@statecraft/process-orchestration';
import * as events from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { CvSafetyEvents } from '../events';

/**
 * The failure handler of both cv-safety workflows: the kit's failure event with the detail these events always had,
 * `{ executionId, error, cause }`.
 */
export function cvSafetyFailureEvent(scope: Construct, eventBus: events.IEventBus, detailType: string): FailureEvent {
  return new FailureEvent(scope, 'Failure Event', {
    source: CvSafetyEvents.SOURCE,
    detailType,
    eventBus,
    detail: { executionId: FailureEvent.EXECUTION_ARN, error: FailureEvent.ERROR, cause: FailureEvent.CAUSE },
    retry: RetryPolicy.transientServiceErrors({ errorPrefix: 'EventBridge' }),
  });
}

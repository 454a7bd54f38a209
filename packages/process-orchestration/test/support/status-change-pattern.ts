import { Match } from 'aws-cdk-lib/assertions';

/**
 * The event pattern of a rule on the "Step Functions Execution Status Change" events of one state machine (found by
 * its logical id's prefix) ending with one of `statuses`.
 */
export function statusChangePattern(statuses: string[], stateMachineIdPrefix: string): Record<string, unknown> {
  return {
    'source': ['aws.states'],
    'detail-type': ['Step Functions Execution Status Change'],
    'detail': { status: statuses, stateMachineArn: [{ Ref: Match.stringLikeRegexp(`^${stateMachineIdPrefix}`) }] },
  };
}

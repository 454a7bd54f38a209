import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { IConstruct } from 'constructs';
import { CdkNagSuppressions, NagSuppression } from '../nag-suppressions';

/** cdk-nag finding ids of execution ARNs of one state machine (`...:execution:<name>:*`). */
const EXECUTION_WILDCARD = `Resource::arn:${CdkNagSuppressions.ANY_PARTITION}:states:[^:]+:[^:]+:(execution|mapRun):.*\\*`;
/** cdk-nag finding ids of Lambda version and alias grants (`<function ARN>:*`). */
const LAMBDA_VERSIONS_WILDCARD = 'Resource::(<[A-Za-z0-9]+\\.Arn>|arn:[^*]+:lambda:[^*]+:function:[^:*]+):\\*';

/** Suppressions a state declares for the role of any state machine it runs in (see declareRoleSuppressions). */
const declared = new WeakMap<sfn.State, NagSuppression[]>();

/**
 * Declares findings the role of the state machine that runs `state` will have because of it (for example the
 * per-batch objects of a Distributed Map's result writer). The state machine's owner applies them to its role.
 */
export function declareRoleSuppressions(state: sfn.State, suppressions: NagSuppression[]): void {
  declared.set(state, [...(declared.get(state) ?? []), ...suppressions]);
}

/**
 * Suppresses, with reasons, the wildcards a state machine's role cannot avoid: X-Ray and log delivery (no resource-level
 * permissions), Lambda versions and aliases, the child executions of a Distributed Map, and what its `states` declared.
 */
export function suppressStateMachineFindings(stateMachine: sfn.StateMachine, states: sfn.State[]): void {
  suppressExecutionWildcard(stateMachine.node.tryFindChild('DistributedMapPolicy'),
    'A Distributed Map describes, stops and redrives the child executions it starts itself; their names are generated at run time');
  const policy = stateMachine.role.node.tryFindChild('DefaultPolicy');
  if (!policy) {
    return;
  }
  CdkNagSuppressions.add(policy, [
    {
      id: 'AwsSolutions-IAM5',
      reason: 'X-Ray (PutTraceSegments, PutTelemetryRecords, GetSamplingRules/Targets) and CloudWatch Logs vended delivery (CreateLogDelivery and friends) have no resource-level permissions',
      appliesTo: ['Resource::*'],
    },
    {
      id: 'AwsSolutions-IAM5',
      reason: "Step Functions' Lambda integration grants each invoked function and its versions and aliases (<function>:*), so a qualified invoke works; the function itself is named",
      appliesToPatterns: [LAMBDA_VERSIONS_WILDCARD],
    },
  ]);
  const fromStates = states.flatMap((state) => declared.get(state) ?? []);
  if (fromStates.length > 0) {
    CdkNagSuppressions.add(policy, fromStates);
  }
}

/** Suppresses, on `policy` if there is one, the wildcard of grants on the executions of one state machine. */
export function suppressExecutionWildcard(policy: IConstruct | undefined, reason: string): void {
  if (policy) {
    CdkNagSuppressions.add(policy, [{ id: 'AwsSolutions-IAM5', reason, appliesToPatterns: [EXECUTION_WILDCARD] }]);
  }
}

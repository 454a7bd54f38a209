import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { suppressExecutionWildcard } from './state-machine-nag';

/** What the operator role is granted on: a process that can grant start, read, redrive and task responses. */
export interface OperatedProcess {
  readonly processName: string;
  grantOperate(grantee: iam.IGrantable): void;
}

/** A role (`OperatorRole`) that `principal` may assume to start, read, redrive and answer task tokens of `process`. */
export function createOperatorRole(scope: Construct, process: OperatedProcess, principal: iam.IPrincipal): iam.Role {
  const role = new iam.Role(scope, 'OperatorRole', {
    assumedBy: principal,
    description: `Operates ${process.processName}: start, read, redrive, answer task tokens`,
  });
  process.grantOperate(role);
  suppressExecutionWildcard(role.node.tryFindChild('DefaultPolicy'),
    'Executions of this state machine are named at run time; the grant is limited to executions of this state machine');
  return role;
}

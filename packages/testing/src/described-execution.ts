import { FAKE_ACCOUNT, FAKE_PARTITION, FAKE_REGION } from './fake-resource-names';

export interface DescribedExecutionOptions {
  /** @default 'SUCCEEDED' */
  readonly status?: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  /** The child's output: JSON for `.sync:2`, a JSON string for `.sync`. @default none */
  readonly output?: unknown;
  /** @default 'child' */
  readonly stateMachineName?: string;
  /** @default 'child-execution' */
  readonly executionName?: string;
  /** @default '2026-01-01T00:00:00Z' */
  readonly startDate?: string;
}

/**
 * What a `states:startExecution.sync` / `.sync:2` Task returns: the child's DescribeExecution output, which requires
 * ExecutionArn, StateMachineArn, Status and StartDate (AWS Step Functions API Reference, DescribeExecution; Developer
 * Guide, "Start a new AWS Step Functions state machine execution": `.sync:2` returns Output as JSON).
 */
export function describedExecution(options: DescribedExecutionOptions = {}): Record<string, unknown> {
  const machine = options.stateMachineName ?? 'child';
  const name = options.executionName ?? 'child-execution';
  return {
    ExecutionArn: `arn:${FAKE_PARTITION}:states:${FAKE_REGION}:${FAKE_ACCOUNT}:execution:${machine}:${name}`,
    StateMachineArn: `arn:${FAKE_PARTITION}:states:${FAKE_REGION}:${FAKE_ACCOUNT}:stateMachine:${machine}`,
    Name: name,
    Status: options.status ?? 'SUCCEEDED',
    StartDate: options.startDate ?? '2026-01-01T00:00:00Z',
    ...(options.output !== undefined ? { Output: options.output } : {}),
  };
}

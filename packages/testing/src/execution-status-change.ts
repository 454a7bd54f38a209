/** What an "Execution Status Change" event is built from: an execution, for example an ExecutionResult. */
export interface StatusChangeSource {
  readonly executionArn: string;
  /** The execution's input (`detail.input`, as a JSON string). @default {} */
  readonly executionInput?: unknown;
  /** @default 'FAILED' */
  readonly status?: string;
  /** @default null */
  readonly error?: string;
  /** @default null */
  readonly cause?: string;
  /** @default 0 */
  readonly redriveCount?: number;
}

/** A fixed start time, so events (and what a handler derives from them) are the same on every run. */
const START_DATE = Date.parse('2026-11-24T06:00:00.000Z');

/**
 * The "Step Functions Execution Status Change" event EventBridge delivers when an execution ends: the input of a
 * workflow that runs after another (an ExecutionStatusHandler). Built from the ended execution (a simulated
 * `ExecutionResult` will do); `detail` overrides any field of the event's `detail`, for example
 * `{ status: 'ABORTED', error: null }`, or `{ input: null, inputDetails: { included: false } }` for an input over
 * 256 KiB, which EventBridge leaves out.
 */
export function executionStatusChangeEvent(execution: StatusChangeSource, detail: Record<string, unknown> = {}): Record<string, unknown> {
  const [, partition, , region, account, , stateMachineName, name] = execution.executionArn.split(':');
  return {
    'version': '0',
    'id': '315c1398-40ff-a850-213b-158f73e60175',
    'detail-type': 'Step Functions Execution Status Change',
    'source': 'aws.states',
    'account': account,
    'time': new Date(START_DATE + 600_000).toISOString(),
    'region': region,
    'resources': [execution.executionArn],
    'detail': {
      executionArn: execution.executionArn,
      stateMachineArn: `arn:${partition}:states:${region}:${account}:stateMachine:${stateMachineName}`,
      name,
      status: execution.status ?? 'FAILED',
      startDate: START_DATE,
      stopDate: START_DATE + 600_000,
      redriveCount: execution.redriveCount ?? 0,
      input: JSON.stringify(execution.executionInput ?? {}),
      inputDetails: { included: true },
      output: null,
      outputDetails: null,
      error: execution.error ?? null,
      cause: execution.cause ?? null,
      ...detail,
    },
  };
}

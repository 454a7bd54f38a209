import { S3ObjectSource } from './s3-object-source';
import { StatesError } from './states-error';

/**
 * ResultWriter for a Distributed Map ("ResultWriter (Map)", developer guide): the child execution results are written
 * to `<Prefix>/<map run id>/` as SUCCEEDED_0, FAILED_0 and PENDING_0 files plus manifest.json, and the Map state's
 * result becomes `{ MapRunArn, ResultWriterDetails: { Bucket, Key } }` naming the manifest.
 */
export interface ResultWriterSpec {
  /** Bucket and Prefix, already evaluated. Without them (WriterConfig only) nothing is written to S3. */
  readonly Parameters?: { readonly Bucket?: unknown; readonly Prefix?: unknown };
  readonly Arguments?: { readonly Bucket?: unknown; readonly Prefix?: unknown };
  readonly WriterConfig?: { readonly OutputType?: 'JSON' | 'JSONL'; readonly Transformation?: 'NONE' | 'COMPACT' | 'FLATTEN' };
}

export type ChildExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING';

/** One child execution of the map run, as the engine ran it. */
export interface ChildExecutionResult {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly status: ChildExecutionStatus;
  readonly input: unknown;
  readonly output?: unknown;
  readonly error?: string;
  readonly cause?: string;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly redriveCount?: number;
}

export interface WriteResultsRequest {
  readonly writer: ResultWriterSpec;
  readonly mapRunArn: string;
  readonly executions: readonly ChildExecutionResult[];
  readonly s3: S3ObjectSource;
}

/** The execution record a results file holds for one child (the DescribeExecution shape, Input/Output as JSON text). */
function executionRecord(child: ChildExecutionResult): Record<string, unknown> {
  const ended = child.status !== 'PENDING';
  return {
    ExecutionArn: child.executionArn,
    Input: JSON.stringify(child.input),
    InputDetails: { Included: true },
    Name: child.name,
    ...(child.status === 'SUCCEEDED' ? { Output: JSON.stringify(child.output), OutputDetails: { Included: true } } : {}),
    ...(child.error !== undefined ? { Error: child.error } : {}),
    ...(child.cause !== undefined ? { Cause: child.cause } : {}),
    RedriveCount: child.redriveCount ?? 0,
    StartDate: child.startDate,
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    ...(ended && child.stopDate ? { StopDate: child.stopDate } : {}),
  };
}

function serialize(records: readonly unknown[], outputType: 'JSON' | 'JSONL'): string {
  return outputType === 'JSONL' ? records.map((r) => JSON.stringify(r)).join('\n') + (records.length ? '\n' : '') : JSON.stringify(records);
}

/** The group a child's result file belongs to: FAILED holds failed, timed-out and aborted children. */
function groupOf(status: ChildExecutionStatus): 'SUCCEEDED' | 'FAILED' | 'PENDING' {
  return status === 'SUCCEEDED' ? 'SUCCEEDED' : status === 'PENDING' ? 'PENDING' : 'FAILED';
}

/**
 * Writes the results and returns the Map state's result. With Transformation COMPACT or FLATTEN and no bucket, the
 * result is the children's outputs (FLATTEN joins array outputs into one array) instead of a manifest reference.
 */
export function writeResults(request: WriteResultsRequest): unknown {
  const { writer, mapRunArn, executions, s3 } = request;
  const target = writer.Arguments ?? writer.Parameters;
  const outputType = writer.WriterConfig?.OutputType ?? 'JSON';
  const transformation = writer.WriterConfig?.Transformation ?? 'NONE';
  const outputs = executions.filter((c) => c.status === 'SUCCEEDED').map((c) => c.output);
  const transformed = transformation === 'FLATTEN' ? outputs.flatMap((o) => (Array.isArray(o) ? o : [o])) : outputs;

  if (!target || target.Bucket === undefined) {
    if (transformation === 'NONE') throw new StatesError('States.ResultWriterFailed', 'The ResultWriter names no Bucket to write to');
    return transformed;
  }
  if (typeof target.Bucket !== 'string' || target.Bucket === '') throw new StatesError('States.ResultWriterFailed', "The ResultWriter 'Bucket' must be a non-empty string");
  if (target.Prefix !== undefined && typeof target.Prefix !== 'string') throw new StatesError('States.ResultWriterFailed', "The ResultWriter 'Prefix' must be a string");
  const bucket = target.Bucket;
  const mapRunId = mapRunArn.slice(mapRunArn.lastIndexOf(':') + 1);
  const prefix = target.Prefix ? `${String(target.Prefix).replace(/\/+$/, '')}/` : '';
  const folder = `${prefix}${mapRunId}/`;
  const extension = outputType === 'JSONL' ? 'jsonl' : 'json';

  const resultFiles: Record<'FAILED' | 'PENDING' | 'SUCCEEDED', Array<{ Key: string; Size: number }>> = { FAILED: [], PENDING: [], SUCCEEDED: [] };
  const put = (key: string, body: string) => {
    try {
      s3.putObject(bucket, key, body);
    } catch (error) {
      throw new StatesError('States.ResultWriterFailed', `Could not write s3://${bucket}/${key}: ${(error as Error).message}`);
    }
  };
  for (const group of ['SUCCEEDED', 'FAILED', 'PENDING'] as const) {
    const children = executions.filter((c) => groupOf(c.status) === group);
    if (children.length === 0) continue;
    const records = transformation === 'NONE' || group !== 'SUCCEEDED'
      ? children.map(executionRecord)
      : (transformation === 'FLATTEN' ? transformed : outputs);
    const key = `${folder}${group}_0.${extension}`;
    const body = serialize(records, outputType);
    put(key, body);
    resultFiles[group].push({ Key: key, Size: Buffer.byteLength(body, 'utf8') });
  }
  const manifestKey = `${folder}manifest.json`;
  put(manifestKey, JSON.stringify({ DestinationBucket: bucket, MapRunArn: mapRunArn, ResultFiles: resultFiles }));
  return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
}

import type { AslState } from '../asl-types';
import { StatesError } from './states-error';

/*
 * Step Functions' size quotas on payloads and variables, checked as AWS checks them at run time.
 */

/** Step Functions' payload quota: 256 KiB of UTF-8 for a state's input, output and a task's result. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** States.DataLimitExceeded when a state's input or output, or a task's result, is over the payload quota. */
export function checkPayloadSize(name: string, value: unknown, what: 'output' | 'result' | 'input'): void {
  if (value === undefined || value === null || typeof value !== 'object') {
    if (typeof value !== 'string' || value.length * 3 < MAX_PAYLOAD_BYTES) {
      return;
    }
  }
  const text = JSON.stringify(value) ?? '';
  // Cheap first: a UTF-8 string is at most 3 bytes per UTF-16 unit.
  if (text.length * 3 < MAX_PAYLOAD_BYTES || Buffer.byteLength(text, 'utf8') <= MAX_PAYLOAD_BYTES) {
    return;
  }
  const subject = what === 'result' ? 'task' : 'state';
  throw new StatesError('States.DataLimitExceeded', `The ${subject} '${name}' ${what === 'input' ? 'received an input' : 'returned a result'} with a size exceeding the maximum number of bytes service limit.`);
}

/**
 * Whether a state's output can be larger than its input (which was checked when it was the previous state's output):
 * a JSONPath Choice, Wait, Succeed or plain Pass only selects from its input, so measuring it again is wasted work.
 */
export function producesNewData(state: AslState, language: 'JSONPath' | 'JSONata'): boolean {
  if (language === 'JSONata' || state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map') {
    return true;
  }
  return state.Type === 'Pass' && (state.Parameters !== undefined || state.Result !== undefined || state.ResultPath !== undefined);
}

/** "Variables": a variable's value is at most 256 KiB, and so are all values set by one Assign. */
export function checkVariableSizes(values: Record<string, unknown>): void {
  let total = 0;
  for (const [name, value] of Object.entries(values)) {
    const size = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
    if (size > MAX_PAYLOAD_BYTES) {
      throw new StatesError('States.Runtime', `The variable '${name}' exceeds the maximum size of 256 KiB`);
    }
    total += size;
  }
  if (total > MAX_PAYLOAD_BYTES) {
    throw new StatesError('States.Runtime', 'The variables assigned by one Assign field exceed the maximum combined size of 256 KiB');
  }
}

import type { AslState } from '../asl-types';
import { StatesError } from './states-error';

/*
 * Step Functions' size quotas on payloads and variables, checked as AWS checks them at run time.
 */

/** Step Functions' payload quota: 256 KiB of UTF-8 for a state's input, output and a task's result. */
export const MAX_PAYLOAD_BYTES = 256 * 1024;

/** States.DataLimitExceeded when a state's input or output, or a task's result, is over the payload quota. */
export function checkPayloadSize(name: string, value: unknown, what: 'output' | 'result' | 'input'): void {
  if (value === undefined || value === null || (typeof value !== 'object' && typeof value !== 'string')) {
    return;
  }
  // Cheap first: a walk that bounds the UTF-8 size from above and stops once it passes the quota; only a payload
  // that may be over it is serialized and measured.
  if (utf8UpperBound(value, MAX_PAYLOAD_BYTES) <= MAX_PAYLOAD_BYTES) {
    return;
  }
  const text = JSON.stringify(value) ?? '';
  if (Buffer.byteLength(text, 'utf8') <= MAX_PAYLOAD_BYTES) {
    return;
  }
  const subject = what === 'result' ? 'task' : 'state';
  throw new StatesError('States.DataLimitExceeded', `The ${subject} '${name}' ${what === 'input' ? 'received an input' : 'returned a result'} with a size exceeding the maximum number of bytes service limit.`);
}

/**
 * At least the UTF-8 size of `value`'s JSON (6 bytes per UTF-16 unit covers `\u` escapes; 24 per number), or some
 * figure over `limit` as soon as the bound passes it.
 */
function utf8UpperBound(value: unknown, limit: number): number {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node === 'string') {
      total += node.length * 6 + 2;
    } else if (node === null || typeof node !== 'object') {
      total += 24;
    } else if (Array.isArray(node)) {
      total += 2 + node.length;
      for (let i = 0; i < node.length; i++) stack.push(node[i]);
    } else {
      total += 2;
      for (const key in node) {
        total += key.length * 6 + 4;
        stack.push((node as Record<string, unknown>)[key]);
      }
    }
    if (total > limit) {
      return total;
    }
  }
  return total;
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

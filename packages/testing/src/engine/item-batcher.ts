import { StatesError } from './states-error';

/** ItemBatcher with its `*Path` fields already resolved and BatchInput already evaluated by the engine. */
export interface ItemBatcherSpec {
  readonly MaxItemsPerBatch?: number;
  readonly MaxInputBytesPerBatch?: number;
  readonly BatchInput?: unknown;
}

/** A child workflow's input under ItemBatcher: `{ "BatchInput": ..., "Items": [...] }` ("ItemBatcher (Map)"). */
export interface ItemBatch {
  readonly BatchInput?: unknown;
  readonly Items: unknown[];
}

// "MaxInputBytesPerBatch ... up to 256 KiB", the payload limit of a child execution's input.
const MAX_BATCH_BYTES = 262_144;

function byteSize(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * Groups items in order into batches that respect both limits; the byte size counts the whole child input
 * (BatchInput and Items). An item that cannot fit in any batch fails the Map with States.Runtime.
 */
export function batchItems(items: readonly unknown[], batcher: ItemBatcherSpec): ItemBatch[] {
  const maxItems = batcher.MaxItemsPerBatch ?? Infinity;
  const maxBytes = Math.min(batcher.MaxInputBytesPerBatch ?? MAX_BATCH_BYTES, MAX_BATCH_BYTES);
  if (!(maxItems >= 1)) throw new StatesError('States.Runtime', `MaxItemsPerBatch must be a positive integer, found ${batcher.MaxItemsPerBatch}`);
  const base = batcher.BatchInput === undefined ? {} : { BatchInput: batcher.BatchInput };
  // {"Items":[]} plus the BatchInput; each item adds its JSON and a comma.
  const emptySize = byteSize({ ...base, Items: [] });
  const batches: ItemBatch[] = [];
  let current: unknown[] = [];
  let size = emptySize;
  for (const item of items) {
    const itemSize = byteSize(item) + (current.length > 0 ? 1 : 0);
    if (emptySize + byteSize(item) > maxBytes) {
      throw new StatesError('States.Runtime', `An item of ${byteSize(item)} bytes does not fit in a batch of at most ${maxBytes} bytes`);
    }
    if (current.length > 0 && (current.length >= maxItems || size + itemSize > maxBytes)) {
      batches.push({ ...base, Items: current });
      current = [];
      size = emptySize;
    }
    size += byteSize(item) + (current.length > 0 ? 1 : 0);
    current.push(item);
  }
  if (current.length > 0) batches.push({ ...base, Items: current });
  return batches;
}

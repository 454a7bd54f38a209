/** An object found under a camera's frame prefix. */
export interface StoredObject {
  readonly key: string;
  /** Epoch milliseconds. */
  readonly lastModified: number;
}

/** Raised when a camera has no frame near one of the requested time offsets. */
export class NotEnoughFramesError extends Error {
  public readonly name = 'NotEnoughFrames';
}

/**
 * Picks, for each offset before `now`, the frame captured nearest that moment (within the tolerance), never the
 * same frame twice, so the frames really are time-shifted.
 */
export function selectFramesAtOffsets(
  objects: readonly StoredObject[], nowMs: number, offsetsSeconds: readonly number[], toleranceSeconds: number,
): StoredObject[] {
  const used = new Set<string>();
  const missing: number[] = [];
  const picked: StoredObject[] = [];
  for (const offset of offsetsSeconds) {
    const target = nowMs - offset * 1000;
    let best: StoredObject | undefined;
    for (const candidate of objects) {
      if (used.has(candidate.key) || Math.abs(candidate.lastModified - target) > toleranceSeconds * 1000) {
        continue;
      }
      if (!best || Math.abs(candidate.lastModified - target) < Math.abs(best.lastModified - target)) {
        best = candidate;
      }
    }
    if (best) {
      used.add(best.key);
      picked.push(best);
    } else {
      missing.push(offset);
    }
  }
  if (missing.length > 0) {
    throw new NotEnoughFramesError(`no frame within ${toleranceSeconds}s of the offsets ${missing.join(', ')}s before now (${objects.length} frames found)`);
  }
  return picked;
}

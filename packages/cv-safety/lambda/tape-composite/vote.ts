import { Detection } from './detections';

/** How frames vote on which image regions show the floor unobstructed. */
export interface VotingOptions {
  /** Side of a square voting region in pixels. */
  readonly cellSize: number;
  /** Detections scoring below this are ignored. */
  readonly minScore: number;
  /** Only detections with these labels obstruct the floor; all labels when empty or absent. */
  readonly obstructionLabels?: readonly string[];
  /** Pixels added around each detection box, since boxes are often a little tight. */
  readonly marginPixels?: number;
}

/** The voting regions of a frame and, per frame, which regions are clear. */
export interface VoteGrid {
  readonly width: number;
  readonly height: number;
  readonly cellSize: number;
  readonly columns: number;
  readonly rows: number;
  /** One mask per frame: `clear[frame][row * columns + column]` is 1 when no obstruction overlaps the region. */
  readonly clear: readonly Uint8Array[];
  /** Number of frames that voted each region clear. */
  readonly votes: Uint8Array;
}

/** Marks, for every frame, the regions that no (relevant, confident) detection box overlaps, and counts the votes. */
export function voteClearRegions(
  width: number, height: number, detectionsPerFrame: readonly (readonly Detection[])[], options: VotingOptions,
): VoteGrid {
  const cellSize = options.cellSize;
  const columns = Math.ceil(width / cellSize);
  const rows = Math.ceil(height / cellSize);
  const margin = options.marginPixels ?? 0;
  const labels = options.obstructionLabels && options.obstructionLabels.length > 0 ? new Set(options.obstructionLabels) : undefined;
  const votes = new Uint8Array(columns * rows);
  const clear = detectionsPerFrame.map((detections) => {
    const mask = new Uint8Array(columns * rows).fill(1);
    for (const d of detections) {
      if (d.score < options.minScore || (labels && !labels.has(d.label ?? ''))) {
        continue;
      }
      // Pixel box, expanded by the margin; a box touching a region by a single pixel still obstructs it.
      const x0 = Math.max(0, Math.floor(d.left * width) - margin);
      const y0 = Math.max(0, Math.floor(d.top * height) - margin);
      const x1 = Math.min(width, Math.ceil((d.left + d.width) * width) + margin);
      const y1 = Math.min(height, Math.ceil((d.top + d.height) * height) + margin);
      if (x1 <= x0 || y1 <= y0) {
        continue;
      }
      for (let row = Math.floor(y0 / cellSize); row <= Math.floor((y1 - 1) / cellSize); row++) {
        for (let column = Math.floor(x0 / cellSize); column <= Math.floor((x1 - 1) / cellSize); column++) {
          mask[row * columns + column] = 0;
        }
      }
    }
    for (let cell = 0; cell < mask.length; cell++) {
      votes[cell] += mask[cell];
    }
    return mask;
  });
  return { width, height, cellSize, columns, rows, clear, votes };
}

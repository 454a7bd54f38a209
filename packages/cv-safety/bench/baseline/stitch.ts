// The stitch step as it was before the median networks (git 5f53198), kept as the benchmark's baseline. Dev-only.
import { RgbaImage } from '../../lambda/tape-composite/image';
import { FrameSizeMismatchError, StitchResult, UNCOVERED_RGB } from '../../lambda/tape-composite/stitch';
import { VoteGrid } from '../../lambda/tape-composite/vote';

/**
 * Builds the composite: each region takes, per pixel and channel, the lower median of the frames that voted it
 * clear (an observed value, never a blend, so a clean floor stays exactly the clean floor, and one frame with an
 * undetected object is outvoted by the others). Regions with fewer than `minClearVotes` clear frames are filled
 * with {@link UNCOVERED_RGB} and do not count towards coverage.
 */
export function stitchCompositeBaseline(frames: readonly RgbaImage[], grid: VoteGrid, minClearVotes: number): StitchResult {
  const { width, height, cellSize, columns, rows } = grid;
  for (const [i, frame] of frames.entries()) {
    if (frame.width !== width || frame.height !== height) {
      throw new FrameSizeMismatchError(`frame ${i} is ${frame.width}x${frame.height}, expected ${width}x${height}`);
    }
  }
  const out = new Uint8Array(width * height * 4);
  const sources: Uint8Array[] = [];
  const values = new Uint8Array(frames.length);
  let coveredPixels = 0;
  let coveredRegions = 0;
  for (let row = 0; row < rows; row++) {
    const y0 = row * cellSize;
    const y1 = Math.min(height, y0 + cellSize);
    for (let column = 0; column < columns; column++) {
      const cell = row * columns + column;
      const x0 = column * cellSize;
      const x1 = Math.min(width, x0 + cellSize);
      sources.length = 0;
      for (let f = 0; f < frames.length; f++) {
        if (grid.clear[f][cell] === 1) {
          sources.push(frames[f].data);
        }
      }
      if (sources.length === 0 || sources.length < minClearVotes) {
        fillRegion(out, width, x0, y0, x1, y1);
        continue;
      }
      coveredRegions++;
      coveredPixels += (x1 - x0) * (y1 - y0);
      if (sources.length <= 2) {
        // The lower median of one or two values is the first clear frame's value when they agree; take the
        // minimum per channel so two disagreeing frames still give an observed value.
        copyLowerOfTwo(out, sources[0], sources[sources.length - 1], width, x0, y0, x1, y1);
      } else {
        medianRegion(out, sources, values, width, x0, y0, x1, y1);
      }
    }
  }
  return {
    composite: { width, height, data: out },
    coverage: coveredPixels / (width * height),
    coveredRegions,
    totalRegions: columns * rows,
  };
}

function fillRegion(out: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) {
    for (let i = (y * width + x0) * 4, end = (y * width + x1) * 4; i < end; i += 4) {
      out[i] = UNCOVERED_RGB[0];
      out[i + 1] = UNCOVERED_RGB[1];
      out[i + 2] = UNCOVERED_RGB[2];
      out[i + 3] = 255;
    }
  }
}

function copyLowerOfTwo(out: Uint8Array, a: Uint8Array, b: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number): void {
  for (let y = y0; y < y1; y++) {
    for (let i = (y * width + x0) * 4, end = (y * width + x1) * 4; i < end; i += 4) {
      out[i] = a[i] < b[i] ? a[i] : b[i];
      out[i + 1] = a[i + 1] < b[i + 1] ? a[i + 1] : b[i + 1];
      out[i + 2] = a[i + 2] < b[i + 2] ? a[i + 2] : b[i + 2];
      out[i + 3] = 255;
    }
  }
}

function medianRegion(
  out: Uint8Array, sources: readonly Uint8Array[], values: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number,
): void {
  const n = sources.length;
  const middle = Math.floor((n - 1) / 2);
  for (let y = y0; y < y1; y++) {
    for (let i = (y * width + x0) * 4, end = (y * width + x1) * 4; i < end; i += 4) {
      for (let c = 0; c < 3; c++) {
        // Insertion sort: n is the frame count (a handful), where it beats any general sort.
        for (let k = 0; k < n; k++) {
          const v = sources[k][i + c];
          let j = k - 1;
          while (j >= 0 && values[j] > v) {
            values[j + 1] = values[j];
            j--;
          }
          values[j + 1] = v;
        }
        out[i + c] = values[middle];
      }
      out[i + 3] = 255;
    }
  }
}

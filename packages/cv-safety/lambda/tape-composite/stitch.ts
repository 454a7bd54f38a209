import { RgbaImage } from './image';
import { VoteGrid } from './vote';

/** The colour of regions no frame showed clear, so annotators see at once what is missing. */
export const UNCOVERED_RGB: readonly [number, number, number] = [128, 128, 128];

export interface StitchResult {
  readonly composite: RgbaImage;
  /** Share of the image's pixels whose region had at least `minClearVotes` clear frames (0..1). */
  readonly coverage: number;
  readonly coveredRegions: number;
  readonly totalRegions: number;
}

/** Raised when the frames of one camera do not share one size. */
export class FrameSizeMismatchError extends Error {
  public readonly name = 'FrameSizeMismatch';
}

/**
 * Builds the composite: each region takes, per pixel and channel, the lower median of the frames that voted it
 * clear (an observed value, never a blend, so a clean floor stays exactly the clean floor, and one frame with an
 * undetected object is outvoted by the others). Regions with fewer than `minClearVotes` clear frames are filled
 * with {@link UNCOVERED_RGB} and do not count towards coverage.
 */
export function stitchComposite(frames: readonly RgbaImage[], grid: VoteGrid, minClearVotes: number): StitchResult {
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
  // Five frames per camera is the usual case: a fixed min/max network, no per-pixel sort.
  if (sources.length === 5) {
    medianOfFiveRegion(out, sources, width, x0, y0, x1, y1);
  } else if (sources.length === 4) {
    lowerMedianOfFourRegion(out, sources, width, x0, y0, x1, y1);
  } else if (sources.length === 3) {
    medianOfThreeRegion(out, sources, width, x0, y0, x1, y1);
  } else {
    sortedMedianRegion(out, sources, values, width, x0, y0, x1, y1);
  }
}

// Branch-free min and max: V8 compiles them to conditional moves on small integers.
const min = (a: number, b: number) => (a < b ? a : b);
const max = (a: number, b: number) => (a < b ? b : a);
const median3 = (a: number, b: number, c: number) => max(min(a, b), min(max(a, b), c));

/**
 * Median of five: of four values, the larger of the two pair minimums and the smaller of the two pair maximums are
 * the middle two (the smallest and largest of the four are dropped, one below and one above the median of five),
 * and the median of five is the median of those two and the fifth value.
 */
function medianOfFiveRegion(out: Uint8Array, s: readonly Uint8Array[], width: number, x0: number, y0: number, x1: number, y1: number): void {
  const [a, b, c, d, e] = s;
  for (let y = y0; y < y1; y++) {
    for (let i = (y * width + x0) * 4, end = (y * width + x1) * 4; i < end; i += 4) {
      for (let k = i; k < i + 3; k++) {
        const ak = a[k];
        const bk = b[k];
        const ck = c[k];
        const dk = d[k];
        out[k] = median3(e[k], max(min(ak, bk), min(ck, dk)), min(max(ak, bk), max(ck, dk)));
      }
      out[i + 3] = 255;
    }
  }
}

/** Lower median of four (the second smallest): the smaller of the middle two, found as in {@link medianOfFiveRegion}. */
function lowerMedianOfFourRegion(out: Uint8Array, s: readonly Uint8Array[], width: number, x0: number, y0: number, x1: number, y1: number): void {
  const [a, b, c, d] = s;
  for (let y = y0; y < y1; y++) {
    for (let i = (y * width + x0) * 4, end = (y * width + x1) * 4; i < end; i += 4) {
      for (let k = i; k < i + 3; k++) {
        const ak = a[k];
        const bk = b[k];
        const ck = c[k];
        const dk = d[k];
        out[k] = min(max(min(ak, bk), min(ck, dk)), min(max(ak, bk), max(ck, dk)));
      }
      out[i + 3] = 255;
    }
  }
}

function medianOfThreeRegion(out: Uint8Array, s: readonly Uint8Array[], width: number, x0: number, y0: number, x1: number, y1: number): void {
  const [a, b, c] = s;
  for (let y = y0; y < y1; y++) {
    for (let i = (y * width + x0) * 4, end = (y * width + x1) * 4; i < end; i += 4) {
      for (let k = i; k < i + 3; k++) {
        out[k] = median3(a[k], b[k], c[k]);
      }
      out[i + 3] = 255;
    }
  }
}

/** Any other frame count: the lower median by insertion sort (n is a handful, where it beats any general sort). */
function sortedMedianRegion(
  out: Uint8Array, sources: readonly Uint8Array[], values: Uint8Array, width: number, x0: number, y0: number, x1: number, y1: number,
): void {
  const n = sources.length;
  const middle = Math.floor((n - 1) / 2);
  for (let y = y0; y < y1; y++) {
    for (let i = (y * width + x0) * 4, end = (y * width + x1) * 4; i < end; i += 4) {
      for (let c = 0; c < 3; c++) {
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

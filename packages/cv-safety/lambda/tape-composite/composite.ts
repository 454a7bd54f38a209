import { encodePng, decodeImage } from './codec';
import { normalizeDetections } from './detections';
import { stitchComposite } from './stitch';
import { voteClearRegions, VotingOptions } from './vote';

export interface CompositeOptions extends VotingOptions {
  /** A region counts as covered when at least this many frames voted it clear. */
  readonly minClearVotes: number;
}

export interface CompositeOutput {
  readonly png: Buffer;
  readonly coverage: number;
  readonly width: number;
  readonly height: number;
  readonly coveredRegions: number;
  readonly totalRegions: number;
}

/**
 * The whole voting and stitching step, with no AWS calls: frame bytes and their raw prediction payloads in,
 * composite PNG and coverage out.
 */
export function buildTapeComposite(frameBytes: readonly Uint8Array[], predictions: readonly unknown[], options: CompositeOptions): CompositeOutput {
  if (frameBytes.length === 0 || frameBytes.length !== predictions.length) {
    throw new RangeError(`expected one prediction per frame, got ${frameBytes.length} frames and ${predictions.length} predictions`);
  }
  const frames = frameBytes.map(decodeImage);
  const detections = predictions.map((p, i) => normalizeDetections(p, i));
  const grid = voteClearRegions(frames[0].width, frames[0].height, detections, options);
  const result = stitchComposite(frames, grid, options.minClearVotes);
  return {
    png: encodePng(result.composite),
    coverage: result.coverage,
    width: result.composite.width,
    height: result.composite.height,
    coveredRegions: result.coveredRegions,
    totalRegions: result.totalRegions,
  };
}

import { buildTapeComposite } from './composite';
import { selectFramesAtOffsets } from './frame-selection';
import { buildManifest, countManifestItems, selectNewObjects } from './manifest';
import { ObjectStore } from './s3-store';

/** An S3 object the workflow passes around (never the bytes: a state's payload is capped at 256 KiB). */
export interface ObjectRef {
  readonly bucket: string;
  readonly key: string;
}

/** Raised for an event the handler does not understand (a wiring mistake, not a data problem). */
export class InvalidRequestError extends Error {
  public readonly name = 'InvalidRequest';
}

/** Raised when a manifest the workflow was told to label does not exist. */
export class ManifestNotFoundError extends Error {
  public readonly name = 'ManifestNotFound';
}

export interface GatherFramesRequest {
  readonly action: 'gatherFrames';
  readonly cameraId: string;
  readonly bucket: string;
  readonly prefix: string;
  readonly offsetsSeconds: number[];
  readonly toleranceSeconds: number;
  /** RFC 3339; the execution's start time, so retries pick the same frames. */
  readonly now: string;
}

export interface CompositeRequest {
  readonly action: 'composite';
  readonly cameraId: string;
  readonly frames: ObjectRef[];
  /** One raw prediction payload per frame (see `normalizeDetections`). */
  readonly predictions: unknown[];
  readonly output: ObjectRef;
  readonly cellSize: number;
  readonly minScore: number;
  readonly minClearVotes: number;
  readonly marginPixels?: number;
  readonly obstructionLabels?: string[];
}

/** One camera's result from the fan-out. */
export interface CameraResult {
  readonly cameraId: string;
  readonly status: 'COMPOSITED' | 'LOW_COVERAGE' | 'FAILED';
  readonly coverage?: number;
  readonly composite?: ObjectRef;
  readonly error?: string;
}

export interface WriteManifestRequest {
  readonly action: 'writeManifest';
  readonly output: ObjectRef;
  /** Every camera's result; only COMPOSITED ones go into the manifest. */
  readonly results: CameraResult[];
}

export interface SelectItemsRequest {
  readonly action: 'selectItems';
  /** A manifest to label as it is, ... */
  readonly manifest?: ObjectRef;
  /** ... where a missing manifest means nothing to label (a scheduled source) rather than an error. */
  readonly allowMissing?: boolean;
  /** ... or the new objects under a prefix, written to `output` as a manifest; the watermark object holds the last run's time. */
  readonly newObjects?: { bucket: string; prefix: string; watermark: ObjectRef; output: ObjectRef };
}

export type TapeCompositeRequest = GatherFramesRequest | CompositeRequest | WriteManifestRequest | SelectItemsRequest;

/** Dispatches one request: S3 reads and writes here, everything else in the pure core. */
export async function handle(request: TapeCompositeRequest, store: ObjectStore): Promise<object> {
  switch (request?.action) {
    case 'gatherFrames': {
      const prefix = `${request.prefix}${request.cameraId}/`;
      const objects = await store.listObjects(request.bucket, prefix);
      const frames = selectFramesAtOffsets(objects, Date.parse(request.now), request.offsetsSeconds, request.toleranceSeconds);
      return { frames: frames.map((f) => ({ bucket: request.bucket, key: f.key })) };
    }
    case 'composite': {
      const bytes = await Promise.all(request.frames.map(async (f) => {
        const body = await store.getObject(f.bucket, f.key);
        if (!body) throw new InvalidRequestError(`frame s3://${f.bucket}/${f.key} does not exist`);
        return body;
      }));
      const result = buildTapeComposite(bytes, request.predictions, request);
      await store.putObject(request.output.bucket, request.output.key, result.png, 'image/png');
      return {
        composite: request.output,
        coverage: Math.round(result.coverage * 10_000) / 10_000,
        width: result.width,
        height: result.height,
        coveredRegions: result.coveredRegions,
        totalRegions: result.totalRegions,
      };
    }
    case 'writeManifest': {
      // Split here rather than with JSONPath filters in the state machine: a filter matching nothing is an error there.
      const composited = request.results.filter((r) => r.status === 'COMPOSITED');
      const failed = request.results.filter((r) => r.status === 'FAILED');
      const counts = { composited: composited.length, lowCoverage: request.results.filter((r) => r.status === 'LOW_COVERAGE').length, failed: failed.length };
      if (composited.length > 0) {
        const text = buildManifest(composited.map((e) => ({
          bucket: e.composite!.bucket, key: e.composite!.key, attributes: { 'camera-id': e.cameraId, 'coverage': e.coverage ?? 0 },
        })));
        await store.putObject(request.output.bucket, request.output.key, text, 'application/x-ndjson');
      }
      return {
        manifest: composited.length > 0 ? request.output : null,
        itemCount: composited.length,
        counts,
        composited: composited.map((r) => ({ cameraId: r.cameraId, coverage: r.coverage, compositeKey: r.composite!.key })),
        failedCameras: failed.map((r) => `${r.cameraId}: ${r.error}`).join('; '),
      };
    }
    case 'selectItems':
      return selectItems(request, store);
    default:
      throw new InvalidRequestError(`unknown action '${(request as { action?: unknown })?.action}'`);
  }
}

async function selectItems(request: SelectItemsRequest, store: ObjectStore): Promise<object> {
  if (request.manifest) {
    const body = await store.getObject(request.manifest.bucket, request.manifest.key);
    if (!body && !request.allowMissing) throw new ManifestNotFoundError(`s3://${request.manifest.bucket}/${request.manifest.key} does not exist`);
    // watermark is null here: only a new-objects selection advances one.
    return { manifest: request.manifest, itemCount: body ? countManifestItems(Buffer.from(body).toString('utf8')) : 0, watermark: null };
  }
  if (request.newObjects) {
    const { bucket, prefix, watermark, output } = request.newObjects;
    const stored = await store.getObject(watermark.bucket, watermark.key);
    const sinceMs = stored ? Date.parse(Buffer.from(stored).toString('utf8').trim()) || 0 : 0;
    const selected = selectNewObjects(await store.listObjects(bucket, prefix), sinceMs);
    if (selected.objects.length > 0) {
      await store.putObject(output.bucket, output.key, buildManifest(selected.objects.map((o) => ({ bucket, key: o.key }))), 'application/x-ndjson');
    }
    return { manifest: output, itemCount: selected.objects.length, watermark: new Date(selected.watermarkMs).toISOString() };
  }
  throw new InvalidRequestError('selectItems needs manifest or newObjects');
}

import { cleanFloor, differingPixels, walkingPeopleFrames } from './floor-scene';
import { InMemoryStore } from './in-memory-store';
import { decodeImage, encodePng } from '../lambda/tape-composite/codec';
import { handle } from '../lambda/tape-composite/handler';

const NOW = '2026-11-24T07:00:00Z';
const nowMs = Date.parse(NOW);

describe('tape-composite handler (S3 through an in-memory store)', () => {
  test('gatherFrames lists the camera prefix and returns the frames nearest each offset', async () => {
    const store = new InMemoryStore();
    for (const minutes of [0, 10, 20, 30, 40, 50]) store.add('frames', `cams/cam-1/${minutes}.jpg`, 'x', nowMs - minutes * 60_000);
    store.add('frames', 'cams/cam-10/0.jpg', 'x', nowMs); // another camera sharing the prefix start
    const result = await handle({ action: 'gatherFrames', cameraId: 'cam-1', bucket: 'frames', prefix: 'cams/', offsetsSeconds: [0, 1200, 2400], toleranceSeconds: 120, now: NOW }, store);
    expect(result).toEqual({ frames: ['0', '20', '40'].map((m) => ({ bucket: 'frames', key: `cams/cam-1/${m}.jpg` })) });
  });

  test('composite reads the frames, writes the PNG and returns the coverage', async () => {
    const store = new InMemoryStore();
    const floor = cleanFloor(80, 60);
    const frames = walkingPeopleFrames(floor);
    frames.forEach((f, i) => store.add('frames', `cam-1/${i}.png`, encodePng(f.image)));
    const result = await handle({
      action: 'composite',
      cameraId: 'cam-1',
      frames: frames.map((_, i) => ({ bucket: 'frames', key: `cam-1/${i}.png` })),
      predictions: frames.map((f) => f.prediction),
      output: { bucket: 'out', key: 'composites/cam-1.png' },
      cellSize: 8,
      minScore: 0.5,
      minClearVotes: 1,
    }, store);
    expect(result).toEqual({ composite: { bucket: 'out', key: 'composites/cam-1.png' }, coverage: 1, width: 80, height: 60, coveredRegions: 80, totalRegions: 80 });
    const written = store.objects.get('out/composites/cam-1.png')!;
    expect(written.contentType).toBe('image/png');
    expect(differingPixels(decodeImage(written.body), floor)).toBe(0);
  });

  test('composite with a missing frame fails with InvalidRequest naming the object', async () => {
    await expect(handle({
      action: 'composite',
      cameraId: 'c',
      frames: [{ bucket: 'b', key: 'gone.png' }],
      predictions: [{ detections: [] }],
      output: { bucket: 'o', key: 'k' },
      cellSize: 8,
      minScore: 0.5,
      minClearVotes: 1,
    }, new InMemoryStore())).rejects.toMatchObject({ name: 'InvalidRequest', message: 'frame s3://b/gone.png does not exist' });
  });

  test('writeManifest writes the composited cameras as JSON Lines and returns the split and the counts', async () => {
    const store = new InMemoryStore();
    const result = await handle({
      action: 'writeManifest',
      output: { bucket: 'out', key: 'manifests/run-1.manifest' },
      results: [
        { cameraId: 'cam-1', status: 'COMPOSITED', coverage: 0.98, composite: { bucket: 'out', key: 'composites/cam-1.png' } },
        { cameraId: 'cam-2', status: 'LOW_COVERAGE', coverage: 0.4 },
        { cameraId: 'cam-3', status: 'FAILED', error: 'NotEnoughFrames' },
      ],
    }, store);
    expect(result).toEqual({
      manifest: { bucket: 'out', key: 'manifests/run-1.manifest' },
      itemCount: 1,
      counts: { composited: 1, lowCoverage: 1, failed: 1 },
      composited: [{ cameraId: 'cam-1', coverage: 0.98, compositeKey: 'composites/cam-1.png' }],
      failedCameras: 'cam-3: NotEnoughFrames',
    });
    expect(store.text('out', 'manifests/run-1.manifest')).toBe('{"source-ref":"s3://out/composites/cam-1.png","camera-id":"cam-1","coverage":0.98}\n');
  });

  test('writeManifest with no composited camera writes nothing and returns a null manifest', async () => {
    const store = new InMemoryStore();
    const result = await handle({ action: 'writeManifest', output: { bucket: 'out', key: 'm' }, results: [{ cameraId: 'c', status: 'FAILED', error: 'X' }] }, store);
    expect(result).toMatchObject({ manifest: null, itemCount: 0, counts: { composited: 0, lowCoverage: 0, failed: 1 }, composited: [] });
    expect(store.objects.size).toBe(0);
  });

  test('selectItems counts a given manifest, and fails with ManifestNotFound when it is missing', async () => {
    const store = new InMemoryStore();
    store.add('in', 'm.manifest', '{"source-ref":"s3://in/a.jpg"}\n{"source-ref":"s3://in/b.jpg"}\n');
    expect(await handle({ action: 'selectItems', manifest: { bucket: 'in', key: 'm.manifest' } }, store)).toEqual({ manifest: { bucket: 'in', key: 'm.manifest' }, itemCount: 2, watermark: null });
    await expect(handle({ action: 'selectItems', manifest: { bucket: 'in', key: 'nope' } }, store)).rejects.toMatchObject({ name: 'ManifestNotFound' });
    // a scheduled source whose manifest is not there yet: nothing to label
    expect(await handle({ action: 'selectItems', manifest: { bucket: 'in', key: 'nope' }, allowMissing: true }, store)).toEqual({ manifest: { bucket: 'in', key: 'nope' }, itemCount: 0, watermark: null });
  });

  test('selectItems over new objects writes a manifest of those after the watermark and returns the new watermark', async () => {
    const store = new InMemoryStore();
    store.add('in', 'images/old.jpg', 'x', nowMs - 3_600_000);
    store.add('in', 'images/new.jpg', 'x', nowMs - 60_000);
    const output = { bucket: 'work', key: 'manifests/x.manifest' };
    const watermark = { bucket: 'work', key: 'state/watermark' };
    store.add('work', 'state/watermark', new Date(nowMs - 1_800_000).toISOString());
    expect(await handle({ action: 'selectItems', newObjects: { bucket: 'in', prefix: 'images/', watermark, output } }, store))
      .toEqual({ manifest: output, itemCount: 1, watermark: new Date(nowMs - 60_000).toISOString() });
    expect(store.text('work', 'manifests/x.manifest')).toBe('{"source-ref":"s3://in/images/new.jpg"}\n');

    // nothing new: no manifest written, the watermark stays
    store.add('work', 'state/watermark', new Date(nowMs).toISOString());
    const later = await handle({ action: 'selectItems', newObjects: { bucket: 'in', prefix: 'images/', watermark, output: { bucket: 'work', key: 'y' } } }, store);
    expect(later).toEqual({ manifest: { bucket: 'work', key: 'y' }, itemCount: 0, watermark: new Date(nowMs).toISOString() });
    expect(store.text('work', 'y')).toBeUndefined();

    // first run (no watermark yet): everything under the prefix is new
    const first = await handle({ action: 'selectItems', newObjects: { bucket: 'in', prefix: 'images/', watermark: { bucket: 'work', key: 'none' }, output } }, store);
    expect(first).toMatchObject({ itemCount: 2 });
  });

  test('an unknown action fails with InvalidRequest', async () => {
    await expect(handle({ action: 'explode' } as never, new InMemoryStore())).rejects.toMatchObject({ name: 'InvalidRequest', message: "unknown action 'explode'" });
  });
});

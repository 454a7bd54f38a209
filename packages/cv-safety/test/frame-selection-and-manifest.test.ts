import { selectFramesAtOffsets } from '../lambda/tape-composite/frame-selection';
import { buildManifest, countManifestItems, selectNewObjects } from '../lambda/tape-composite/manifest';

const NOW = Date.parse('2026-11-24T07:00:00Z');
const at = (minutesAgo: number, key = `cam-1/${minutesAgo}.jpg`) => ({ key, lastModified: NOW - minutesAgo * 60_000 });

describe('selectFramesAtOffsets', () => {
  test('picks the frame nearest each offset, never the same frame twice', () => {
    const objects = [at(0), at(9), at(11), at(21), at(60)];
    expect(selectFramesAtOffsets(objects, NOW, [0, 600, 1200], 120).map((o) => o.key)).toEqual(['cam-1/0.jpg', 'cam-1/9.jpg', 'cam-1/21.jpg']);
    // two offsets near the same frame: the second takes the next nearest within tolerance
    expect(selectFramesAtOffsets(objects, NOW, [600, 600], 120).map((o) => o.key)).toEqual(['cam-1/9.jpg', 'cam-1/11.jpg']);
  });

  test('fails with NotEnoughFrames naming the offsets without a frame', () => {
    expect(() => selectFramesAtOffsets([at(0)], NOW, [0, 1800, 3600], 120)).toThrow(expect.objectContaining({
      name: 'NotEnoughFrames', message: 'no frame within 120s of the offsets 1800, 3600s before now (1 frames found)',
    }));
  });
});

describe('manifests', () => {
  test('buildManifest writes one JSON line per image with source-ref and attributes; countManifestItems counts them', () => {
    const text = buildManifest([
      { bucket: 'b', key: 'composites/cam-1.png', attributes: { 'camera-id': 'cam-1', 'coverage': 0.97 } },
      { bucket: 'b', key: 'composites/cam-2.png' },
    ]);
    expect(text).toBe('{"source-ref":"s3://b/composites/cam-1.png","camera-id":"cam-1","coverage":0.97}\n{"source-ref":"s3://b/composites/cam-2.png"}\n');
    expect(countManifestItems(text)).toBe(2);
    expect(countManifestItems('\n  \n')).toBe(0);
    expect(buildManifest([])).toBe('');
  });

  test('selectNewObjects keeps objects modified after the watermark, skips folder markers, and advances the watermark', () => {
    const objects = [at(30, 'in/a.jpg'), at(10, 'in/b.jpg'), at(5, 'in/'), at(1, 'in/c.jpg')];
    const since = NOW - 20 * 60_000;
    const result = selectNewObjects(objects, since);
    expect(result.objects.map((o) => o.key)).toEqual(['in/b.jpg', 'in/c.jpg']);
    expect(result.watermarkMs).toBe(NOW - 60_000);
    expect(selectNewObjects(objects, NOW)).toEqual({ objects: [], watermarkMs: NOW });
  });
});

import * as fs from 'node:fs';
import * as path from 'node:path';
import { cleanFloor, differingPixels, frameWithPeople, PERSON_RGB, walkingPeopleFrames } from './floor-scene';
import { encodeJpeg } from './jpeg-encoding';
import { decodeImage, encodePng } from '../lambda/tape-composite/codec';
import { buildTapeComposite } from '../lambda/tape-composite/composite';
import { normalizeDetections } from '../lambda/tape-composite/detections';
import { fillRect, solidImage } from '../lambda/tape-composite/image';
import { stitchComposite, UNCOVERED_RGB } from '../lambda/tape-composite/stitch';
import { voteClearRegions } from '../lambda/tape-composite/vote';

const VOTING = { cellSize: 10, minScore: 0.5 };

describe('voting and stitching core', () => {
  test('people walking across the floor: the composite is exactly the clean floor and coverage is 100%', () => {
    const floor = cleanFloor(200, 100);
    const frames = walkingPeopleFrames(floor);
    // every frame really has people on the floor
    for (const f of frames) expect(differingPixels(f.image, floor)).toBeGreaterThan(500);

    const grid = voteClearRegions(200, 100, frames.map((f) => normalizeDetections(f.prediction, 0)), VOTING);
    const result = stitchComposite(frames.map((f) => f.image), grid, 1);

    expect(differingPixels(result.composite, floor)).toBe(0);
    expect(result.coverage).toBe(1);
    expect(result.coveredRegions).toBe(result.totalRegions);
    expect(result.totalRegions).toBe(20 * 10);
  });

  test('a person standing still in every frame: that area is grey, the rest equals the floor, coverage is the clear share', () => {
    const floor = cleanFloor(100, 60);
    // standing on cells (2..3, 1..2): 4 regions of 10x10 = 400 of 6000 pixels
    const standing = { left: 22, top: 12, width: 15, height: 15 };
    const frames = [0, 1, 2].map((f) => frameWithPeople(floor, [standing, { left: 60 + f * 10, top: 40, width: 8, height: 8 }]));
    const grid = voteClearRegions(100, 60, frames.map((f, i) => normalizeDetections(f.prediction, i)), VOTING);
    const result = stitchComposite(frames.map((f) => f.image), grid, 1);

    expect(result.coverage).toBeCloseTo(1 - 400 / 6000, 10);
    expect(result.totalRegions - result.coveredRegions).toBe(4);
    const inStandingCells = (x: number, y: number) => x >= 20 && x < 40 && y >= 10 && y < 30;
    // wherever some frame was clear, the composite equals the clean floor
    expect(differingPixels(result.composite, floor, (x, y) => !inStandingCells(x, y))).toBe(0);
    // where no frame was clear, the composite is marked uncovered, not showing the person
    const i = (15 * 100 + 25) * 4;
    expect([...result.composite.data.slice(i, i + 3)]).toEqual([...UNCOVERED_RGB]);
    expect([...result.composite.data.slice(i, i + 3)]).not.toEqual([...PERSON_RGB]);
  });

  test('minClearVotes: regions with fewer clear frames than required do not count as covered', () => {
    const floor = cleanFloor(100, 60);
    // a person on cells column 0..1, row 0..1 in frames 0 and 1; only frame 2 shows them clear
    const frames = [0, 1, 2].map((f) => frameWithPeople(floor, f < 2 ? [{ left: 0, top: 0, width: 20, height: 20 }] : []));
    const detections = frames.map((f, i) => normalizeDetections(f.prediction, i));
    const grid = voteClearRegions(100, 60, detections, VOTING);
    expect(grid.votes[0]).toBe(1);
    expect(grid.votes[59]).toBe(3);

    expect(stitchComposite(frames.map((f) => f.image), grid, 1).coverage).toBe(1);
    const strict = stitchComposite(frames.map((f) => f.image), grid, 2);
    expect(strict.coverage).toBeCloseTo(1 - 400 / 6000, 10);
  });

  test.each([3, 4, 5, 6, 7])('%i clear frames of random pixels: each channel is the lower median of the frames', (count) => {
    // The median networks (3, 4, 5 frames) and the sort (any other count) must agree with a plain sort, value by value.
    let seed = count;
    const random = () => {
      seed = (seed * 48271) % 2147483647; // MINSTD: stays an exact integer in a double
      return seed % 256;
    };
    const frames = Array.from({ length: count }, () => {
      const image = solidImage(30, 20, [0, 0, 0]);
      for (let i = 0; i < image.data.length; i++) if (i % 4 !== 3) image.data[i] = random();
      return image;
    });
    const grid = voteClearRegions(30, 20, frames.map(() => normalizeDetections({ detections: [] }, 0)), VOTING);
    const result = stitchComposite(frames, grid, 1);

    const lowerMedian = (i: number) => frames.map((f) => f.data[i]).sort((a, b) => a - b)[Math.floor((count - 1) / 2)];
    const expected = frames[0].data.map((_, i) => (i % 4 === 3 ? 255 : lowerMedian(i)));
    expect(Buffer.from(result.composite.data).equals(Buffer.from(expected))).toBe(true);
  });

  test('an object the model missed in one frame is outvoted by the median of the clear frames', () => {
    const floor = cleanFloor(100, 60);
    const frames = [0, 1, 2, 3, 4].map(() => frameWithPeople(floor, []));
    fillRect(frames[2].image, 40, 20, 10, 10, PERSON_RGB); // no detection for it
    const grid = voteClearRegions(100, 60, frames.map((f, i) => normalizeDetections(f.prediction, i)), VOTING);
    const result = stitchComposite(frames.map((f) => f.image), grid, 1);
    expect(differingPixels(result.composite, floor)).toBe(0);
  });

  test('detections below minScore or with labels that do not obstruct the floor are ignored', () => {
    const dets = [[
      { left: 0, top: 0, width: 0.1, height: 0.1, score: 0.2, label: 'person' },
      { left: 0.5, top: 0.5, width: 0.1, height: 0.1, score: 0.9, label: 'tape-marking' },
      { left: 0.8, top: 0.8, width: 0.1, height: 0.1, score: 0.9, label: 'person' },
    ]];
    const grid = voteClearRegions(100, 100, dets, { cellSize: 10, minScore: 0.5, obstructionLabels: ['person', 'forklift'] });
    expect(grid.votes[0]).toBe(1); // low score
    expect(grid.votes[5 * 10 + 5]).toBe(1); // not an obstruction label
    expect(grid.votes[8 * 10 + 8]).toBe(0); // a confident person
    expect(Array.from(grid.votes).filter((v) => v === 0)).toHaveLength(1);
  });

  test('the margin widens each box into neighbouring regions', () => {
    const dets = [[{ left: 0.45, top: 0.45, width: 0.1, height: 0.1, score: 0.9 }]];
    const tight = voteClearRegions(100, 100, dets, { cellSize: 10, minScore: 0.5 });
    const wide = voteClearRegions(100, 100, dets, { cellSize: 10, minScore: 0.5, marginPixels: 6 });
    expect(Array.from(tight.votes).filter((v) => v === 0)).toHaveLength(4); // 45..55 touches cells 4 and 5
    expect(Array.from(wide.votes).filter((v) => v === 0)).toHaveLength(16); // 39..61 touches cells 3..6
  });

  test('frames of different sizes fail with FrameSizeMismatch', () => {
    const a = cleanFloor(100, 60);
    const b = cleanFloor(90, 60);
    const grid = voteClearRegions(100, 60, [[], []], VOTING);
    expect(() => stitchComposite([a, b], grid, 1)).toThrow(expect.objectContaining({ name: 'FrameSizeMismatch', message: 'frame 1 is 90x60, expected 100x60' }));
  });
});

describe('prediction payloads', () => {
  test('SageMaker built-in object detection rows become fractional boxes', () => {
    expect(normalizeDetections({ prediction: [[0, 0.87, 0.1, 0.2, 0.4, 0.6]] }, 0)).toEqual([
      { left: 0.1, top: 0.2, width: expect.closeTo(0.3, 10), height: expect.closeTo(0.4, 10), score: 0.87, label: '0' },
    ]);
  });

  test('an InvokeEndpoint body (a JSON string) is parsed', () => {
    expect(normalizeDetections('{"detections":[{"left":0,"top":0,"width":1,"height":1,"score":1}]}', 3)).toHaveLength(1);
  });

  test('anything else fails with InvalidPredictions naming the frame and the field', () => {
    expect(() => normalizeDetections({ boxes: [] }, 2)).toThrow(expect.objectContaining({ name: 'InvalidPredictions', message: expect.stringContaining('frame 2') }));
    expect(() => normalizeDetections('not json', 1)).toThrow('frame 1: the prediction body is not JSON');
    expect(() => normalizeDetections({ detections: [{ left: 0, top: 0, width: 1, score: 1 }] }, 0)).toThrow('frame 0: detections[0].height must be a number');
    expect(() => normalizeDetections({ prediction: [[1, 2]] }, 4)).toThrow('frame 4: prediction[0] is not [classId, score, xmin, ymin, xmax, ymax]');
  });
});

describe('buildTapeComposite (encoded frames in, PNG out)', () => {
  test('PNG frames: the decoded composite is the clean floor; the example composite is written for the README', () => {
    const floor = cleanFloor(320, 180);
    const frames = walkingPeopleFrames(floor);
    // one person who never moves, so the example also shows what an uncovered region looks like
    for (const f of frames) {
      fillRect(f.image, 40, 120, 24, 40, [200, 40, 40]);
      f.prediction.detections.push({ left: 40 / 320, top: 120 / 180, width: 24 / 320, height: 40 / 180, score: 0.95, label: 'person' });
    }
    const options = { ...VOTING, cellSize: 8, minClearVotes: 1 };
    const out = buildTapeComposite(frames.map((f) => encodePng(f.image)), frames.map((f) => f.prediction), options);

    const composite = decodeImage(out.png);
    expect([out.width, out.height]).toEqual([320, 180]);
    const blocked = (x: number, y: number) => x >= 40 && x < 64 && y >= 120 && y < 160;
    expect(differingPixels(composite, floor, (x, y) => !blocked(x, y))).toBe(0);
    expect(out.coverage).toBeCloseTo(1 - (3 * 5 * 64) / (320 * 180), 10);

    const docs = path.join(__dirname, '..', 'docs');
    fs.mkdirSync(docs, { recursive: true });
    fs.writeFileSync(path.join(docs, 'example-frame.png'), encodePng(frames[2].image));
    fs.writeFileSync(path.join(docs, 'example-composite.png'), out.png);
  });

  test('JPEG frames decode (lossy, so compared within a tolerance) and give full coverage', () => {
    const floor = cleanFloor(64, 48);
    const frames = walkingPeopleFrames(floor);
    const options = { ...VOTING, cellSize: 8, minClearVotes: 1 };
    const out = buildTapeComposite(frames.map((f) => encodeJpeg(f.image, 95)), frames.map((f) => f.prediction), options);
    expect(out.coverage).toBe(1);
    const composite = decodeImage(out.png);
    let worst = 0;
    for (let i = 0; i < composite.data.length; i += 4) worst = Math.max(worst, Math.abs(composite.data[i] - floor.data[i]));
    expect(worst).toBeLessThan(40);
  });

  test('bytes that are neither PNG nor JPEG fail with UnsupportedImage; a prediction count mismatch fails with RangeError', () => {
    expect(() => buildTapeComposite([new Uint8Array([1, 2, 3, 4])], [{ detections: [] }], { ...VOTING, minClearVotes: 1 })).toThrow(expect.objectContaining({ name: 'UnsupportedImage' }));
    expect(() => buildTapeComposite([encodePng(cleanFloor(8, 8))], [], { ...VOTING, minClearVotes: 1 })).toThrow(RangeError);
  });
});

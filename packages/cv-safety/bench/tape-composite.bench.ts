// Voting and stitching throughput: 5 frames of 1920x1080 per camera, on one core (the goal is under 0.5 s, and at
// most 0.3x of the code before issue 16). Every round runs today's pipeline and the baseline (bench/baseline/:
// jpeg-js, per-pixel sort, pngjs) on the same frames, so both figures see the same machine load. Asserts nothing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { decodeJpegBaseline, encodePngBaseline } from './baseline/codec';
import { stitchCompositeBaseline } from './baseline/stitch';
import { decodeImage, encodePng } from '../lambda/tape-composite/codec';
import { normalizeDetections } from '../lambda/tape-composite/detections';
import { RgbaImage } from '../lambda/tape-composite/image';
import { stitchComposite, StitchResult } from '../lambda/tape-composite/stitch';
import { VoteGrid, voteClearRegions } from '../lambda/tape-composite/vote';
import { cleanFloor, walkingPeopleFrames } from '../test/floor-scene';
import { encodeJpeg } from '../test/jpeg-encoding';

const WIDTH = 1920;
const HEIGHT = 1080;
const FRAMES = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const OPTIONS = { cellSize: 32, minScore: 0.5, marginPixels: 8 };

// Camera frames are noisy; the noise makes JPEG and PNG sizes and codec times realistic.
const floor = cleanFloor(WIDTH, HEIGHT);
let seed = 1;
for (let i = 0; i < floor.data.length; i += 4) {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  const n = (seed % 13) - 6;
  for (let c = 0; c < 3; c++) floor.data[i + c] = Math.max(0, Math.min(255, floor.data[i + c] + n));
}
const scene = walkingPeopleFrames(floor, FRAMES);
const jpegs = scene.map((f) => encodeJpeg(f.image, 85));
const predictions = scene.map((f) => f.prediction);

interface Pipeline {
  readonly decode: (bytes: Uint8Array) => RgbaImage;
  readonly stitch: (frames: readonly RgbaImage[], grid: VoteGrid, minClearVotes: number) => StitchResult;
  readonly encode: (image: RgbaImage) => Buffer;
}
const pipelines: Record<'today' | 'baseline', Pipeline> = {
  today: { decode: decodeImage, stitch: stitchComposite, encode: encodePng },
  baseline: { decode: decodeJpegBaseline, stitch: stitchCompositeBaseline, encode: encodePngBaseline },
};
type Phase = 'decode' | 'vote' | 'stitch' | 'encode' | 'total' | 'cpu';
const figures = { today: newFigures(), baseline: newFigures() };
const outputs: Record<string, { png: Buffer; composite: RgbaImage }> = {};

function newFigures(): Record<Phase, number[]> {
  return { decode: [], vote: [], stitch: [], encode: [], total: [], cpu: [] };
}

function run(name: keyof typeof pipelines, record: boolean): void {
  const p = pipelines[name];
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const frames = jpegs.map(p.decode);
  const t1 = performance.now();
  const grid = voteClearRegions(WIDTH, HEIGHT, predictions.map((x, i) => normalizeDetections(x, i)), OPTIONS);
  const t2 = performance.now();
  const result = p.stitch(frames, grid, 1);
  const t3 = performance.now();
  const png = p.encode(result.composite);
  const t4 = performance.now();
  const cpu = process.cpuUsage(c0);
  outputs[name] = { png, composite: result.composite };
  if (!record) return;
  const f = figures[name];
  f.decode.push(t1 - t0);
  f.vote.push(t2 - t1);
  f.stitch.push(t3 - t2);
  f.encode.push(t4 - t3);
  f.total.push(t4 - t0);
  // CPU time of this process (user + system), which other work on a shared machine does not inflate as it does wall time.
  f.cpu.push((cpu.user + cpu.system) / 1000);
}

for (let round = 0; round < ROUNDS + 1; round++) {
  // Alternate the order so neither pipeline always runs right after the other's garbage.
  const order: (keyof typeof pipelines)[] = round % 2 === 0 ? ['today', 'baseline'] : ['baseline', 'today'];
  for (const name of order) run(name, round > 0); // round 0 warms up
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const row = (label: string, phase: Phase, digits = 0) => {
  const today = median(figures.today[phase]);
  const baseline = median(figures.baseline[phase]);
  console.log(`  ${label.padEnd(34)} ${today.toFixed(digits).padStart(7)} ms ${baseline.toFixed(digits).padStart(8)} ms   ${(today / baseline).toFixed(2)}x`);
};
console.log(`tape composite, ${FRAMES} JPEG frames of ${WIDTH}x${HEIGHT} per camera, ${ROUNDS} rounds after a warm-up (median)`);
console.log(`  ${''.padEnd(34)} ${'today'.padStart(10)} ${'baseline'.padStart(11)}   ratio`);
row(`decode ${FRAMES} JPEGs (libjpeg-turbo | jpeg-js)`, 'decode');
row('vote per 32 px region', 'vote', 1);
row('stitch (median network | sort)', 'stitch');
row('encode PNG (one filter | pngjs)', 'encode');
row('total per camera, wall', 'total');
row('total per camera, CPU', 'cpu');
console.log(`  goal: under 500 ms per camera and at most 0.30x of the baseline`);
console.log(`  machine load average ${os.loadavg()[0].toFixed(1)} (2 cores shared: wall times rise with it, CPU times much less)`);
const same = Buffer.compare(Buffer.from(outputs.today.composite.data), Buffer.from(outputs.baseline.composite.data)) === 0;
console.log(`  input JPEG ${(jpegs[0].length / 1024).toFixed(0)} KiB each; composite PNG ${(outputs.today.png.length / 1024).toFixed(0)} KiB`
  + ` (baseline ${(outputs.baseline.png.length / 1024).toFixed(0)} KiB); composites ${same ? 'identical' : 'differ (JPEG decoders round differently)'}`);

const bundleDir = path.join(__dirname, '..', 'assets', 'tape-composite');
if (fs.existsSync(bundleDir)) {
  // What the Lambda asset ships: the bundle and the decoder's WebAssembly module, each deflated as a zip would.
  const files = fs.readdirSync(bundleDir).sort();
  let raw = 0;
  let zipped = 0;
  const parts = files.map((file) => {
    const bytes = fs.readFileSync(path.join(bundleDir, file));
    const deflated = zlib.deflateRawSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    zipped += deflated;
    return `${file} ${(bytes.length / 1024).toFixed(0)} KiB (${(deflated / 1024).toFixed(0)} KiB zipped)`;
  });
  console.log(`Lambda package: ${parts.join(' + ')}; total ${(raw / 1024).toFixed(0)} KiB, about ${(zipped / 1024).toFixed(0)} KiB zipped (goal < 150 KiB)`);
} else {
  console.log('Lambda package: run `npx projen bundle` first to measure the bundle');
}

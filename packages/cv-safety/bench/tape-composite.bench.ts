// Voting and stitching throughput: 5 frames of 1920x1080 per camera, on one core (the goal is under 1 s).
// Prints figures; asserts nothing.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { decodeImage, encodeJpeg, encodePng } from '../lambda/tape-composite/codec';
import { normalizeDetections } from '../lambda/tape-composite/detections';
import { stitchComposite } from '../lambda/tape-composite/stitch';
import { voteClearRegions } from '../lambda/tape-composite/vote';
import { cleanFloor, walkingPeopleFrames } from '../test/floor-scene';

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

const phases = { decode: [] as number[], vote: [] as number[], stitch: [] as number[], encode: [] as number[], total: [] as number[] };
// CPU time of this process (user + system), which the other work on a shared machine does not inflate as it does wall time.
const cpuMs: number[] = [];
let pngBytes = 0;
let coverage = 0;
for (let round = 0; round < ROUNDS + 1; round++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const frames = jpegs.map(decodeImage);
  const t1 = performance.now();
  const grid = voteClearRegions(WIDTH, HEIGHT, predictions.map((p, i) => normalizeDetections(p, i)), OPTIONS);
  const t2 = performance.now();
  const result = stitchComposite(frames, grid, 1);
  const t3 = performance.now();
  const png = encodePng(result.composite);
  const t4 = performance.now();
  const cpu = process.cpuUsage(c0);
  pngBytes = png.length;
  coverage = result.coverage;
  if (round === 0) continue; // warm-up
  phases.decode.push(t1 - t0);
  phases.vote.push(t2 - t1);
  phases.stitch.push(t3 - t2);
  phases.encode.push(t4 - t3);
  phases.total.push(t4 - t0);
  cpuMs.push((cpu.user + cpu.system) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`tape composite, ${FRAMES} JPEG frames of ${WIDTH}x${HEIGHT} per camera, ${ROUNDS} rounds after a warm-up (median ms)`);
console.log(`  decode ${FRAMES} JPEGs (jpeg-js)      ${median(phases.decode).toFixed(0)} ms`);
console.log(`  vote per 32 px region          ${median(phases.vote).toFixed(1)} ms`);
console.log(`  stitch (lower median)          ${median(phases.stitch).toFixed(0)} ms`);
console.log(`  encode PNG (pngjs, level 3)    ${median(phases.encode).toFixed(0)} ms`);
console.log(`  total per camera               ${median(phases.total).toFixed(0)} ms wall, ${median(cpuMs).toFixed(0)} ms CPU  (goal < 1000 ms)`);
console.log(`  machine load average           ${os.loadavg()[0].toFixed(1)} (2 cores shared: wall times rise with it)`);
console.log(`  input JPEG ${(jpegs[0].length / 1024).toFixed(0)} KiB each, composite PNG ${(pngBytes / 1024).toFixed(0)} KiB, coverage ${(coverage * 100).toFixed(1)}%`);

const bundle = path.join(__dirname, '..', 'assets', 'tape-composite', 'index.js');
if (fs.existsSync(bundle)) {
  const code = fs.readFileSync(bundle);
  const map = fs.readFileSync(`${bundle}.map`);
  console.log(`Lambda package: index.js ${(code.length / 1024).toFixed(0)} KiB (about ${(zlib.deflateRawSync(code).length / 1024).toFixed(0)} KiB zipped)`
    + ` + index.js.map ${(map.length / 1024).toFixed(0)} KiB (about ${(zlib.deflateRawSync(map).length / 1024).toFixed(0)} KiB zipped)`);
} else {
  console.log('Lambda package: run `npx projen pre-compile` first to measure the bundle');
}

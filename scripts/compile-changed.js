#!/usr/bin/env node
// Compiles (projen pre-compile, then compile) each workspace package given as an argument whose inputs changed since
// its last compile here, in dependency order, two at a time where the graph allows (the machines are 2 cores).
// A package's inputs are its sources and build configuration, the lockfile (the tool versions), and the inputs of
// the packages it depends on. Their hash is kept in node_modules/.cache/statecraft-compile/, so `npm ci` (a fresh
// node_modules) compiles everything again. Usage: node scripts/compile-changed.js packages/testing packages/...
const { spawn } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..');
const cacheDir = path.join(rootDir, 'node_modules', '.cache', 'statecraft-compile');
// Folders whose files go into the compiled output: sources, and the Lambda code the cv-safety bundle step reads.
const SOURCE_DIRS = ['src', 'lambda'];
// Files that shape the output: the package manifest, the generated tsconfig and the task definitions.
const CONFIG_FILES = ['package.json', 'tsconfig.json', '.projen/tasks.json'];
// Outputs that must exist for the package to count as compiled (jsii libraries also write .jsii).
const OUTPUTS = ['lib/index.js'];
const CONCURRENCY = Math.max(1, Math.min(2, os.availableParallelism()));

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: compile-changed.js <package dir>...');
  process.exit(2);
}
const packages = dirs.map((dir) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(rootDir, dir, 'package.json'), 'utf8'));
  return { dir, name: manifest.name, manifest };
});
const byName = new Map(packages.map((p) => [p.name, p]));
for (const p of packages) {
  const { dependencies = {}, peerDependencies = {}, devDependencies = {} } = p.manifest;
  p.needs = Object.keys({ ...dependencies, ...peerDependencies, ...devDependencies }).filter((n) => byName.has(n)).map((n) => byName.get(n));
}

function filesUnder(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]))
    .sort();
}

const hashes = new Map();
function inputHash(p) {
  if (hashes.has(p)) return hashes.get(p);
  const hash = crypto.createHash('sha256');
  const add = (file) => {
    if (!fs.existsSync(file)) return;
    hash.update(path.relative(rootDir, file));
    hash.update(fs.readFileSync(file));
  };
  add(path.join(rootDir, 'package-lock.json'));
  for (const file of CONFIG_FILES) add(path.join(rootDir, p.dir, file));
  for (const dir of SOURCE_DIRS) filesUnder(path.join(rootDir, p.dir, dir)).forEach(add);
  for (const dependency of p.needs) hash.update(inputHash(dependency));
  const digest = hash.digest('hex');
  hashes.set(p, digest);
  return digest;
}

const stampFile = (p) => path.join(cacheDir, `${p.name.replace('/', '__')}.sha256`);
function upToDate(p) {
  const outputs = [...OUTPUTS, ...(p.manifest.jsii ? ['.jsii'] : [])];
  if (!outputs.every((o) => fs.existsSync(path.join(rootDir, p.dir, o)))) return false;
  return fs.existsSync(stampFile(p)) && fs.readFileSync(stampFile(p), 'utf8') === inputHash(p);
}

function run(command, cwd) {
  return new Promise((resolve) => {
    // Output is collected and printed whole, so two packages compiling at once do not interleave their lines.
    const child = spawn(command, { cwd, shell: true, env: process.env });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function compile(p) {
  const started = Date.now();
  // The stamp goes first: a compile that fails part-way must not leave the old stamp claiming the outputs are current.
  fs.rmSync(stampFile(p), { force: true });
  const { code, output } = await run('npx projen pre-compile && npx projen compile', path.join(rootDir, p.dir));
  process.stdout.write(`\n== ${p.dir}: compiled in ${((Date.now() - started) / 1000).toFixed(1)} s\n${output}`);
  if (code !== 0) throw new Error(`${p.dir}: compile failed (exit ${code})`);
  fs.mkdirSync(cacheDir, { recursive: true });
  fs.writeFileSync(stampFile(p), inputHash(p));
}

async function main() {
  const done = new Map();
  const build = (p) => {
    if (!done.has(p)) {
      done.set(p, Promise.all(p.needs.map(build)).then(() => {
        if (upToDate(p)) {
          console.log(`== ${p.dir}: up to date (inputs unchanged since its last compile)`);
          return undefined;
        }
        return slots.use(() => compile(p));
      }));
    }
    return done.get(p);
  };
  // Let compiles already running finish before reporting the first failure.
  const failed = (await Promise.allSettled(packages.map(build))).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

// At most CONCURRENCY compiles at once.
const slots = {
  free: CONCURRENCY,
  waiting: [],
  async use(work) {
    if (this.free === 0) await new Promise((resolve) => this.waiting.push(resolve));
    else this.free--;
    try {
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  },
};

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});

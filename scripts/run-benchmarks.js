#!/usr/bin/env node
// Runs bench/*.bench.ts and lets each print its figures. Benchmarks measure; they never assert timings (that is
// what tests are not for).
//   node scripts/run-benchmarks.js          in a package: its benchmarks, output as they print it
//   node scripts/run-benchmarks.js --all    at the root: every workspace's benchmarks, then one table of every
//                                           figure they printed (package, benchmark, figure) and how long each ran
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..');

function benchFiles(packageDir) {
  const benchDir = path.join(packageDir, 'bench');
  return fs.existsSync(benchDir) ? fs.readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort() : [];
}

function runBench(packageDir, file, capture) {
  const started = Date.now();
  const result = spawnSync('npx', ['ts-node', '--transpile-only', path.join('bench', file)], {
    cwd: packageDir,
    stdio: capture ? ['ignore', 'pipe', 'inherit'] : 'inherit',
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs"}' },
  });
  return { status: result.status, output: result.stdout ?? '', seconds: (Date.now() - started) / 1000 };
}

function runPackage() {
  const packageDir = process.cwd();
  const files = benchFiles(packageDir);
  if (files.length === 0) console.log('no benchmarks in bench');
  for (const file of files) {
    console.log(`\n== ${path.basename(packageDir)}/bench/${file}`);
    const { status } = runBench(packageDir, file, false);
    if (status !== 0) process.exit(status ?? 1);
  }
}

function workspaceDirs() {
  const { workspaces } = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8'));
  return workspaces.flatMap((pattern) => (pattern.endsWith('/*')
    ? fs.readdirSync(path.join(rootDir, pattern.slice(0, -2))).map((name) => path.join(rootDir, pattern.slice(0, -2), name))
    : [path.join(rootDir, pattern)])).sort();
}

function runAll() {
  const rows = [];
  let failed = 0;
  for (const packageDir of workspaceDirs()) {
    const name = path.basename(packageDir);
    for (const file of benchFiles(packageDir)) {
      const bench = file.replace(/\.bench\.ts$/, '');
      process.stderr.write(`running ${name}/bench/${file} ...\n`);
      const { status, output, seconds } = runBench(packageDir, file, true);
      for (const line of output.split('\n').map((l) => l.trimEnd()).filter((l) => l.trim() !== '')) {
        rows.push([name, bench, line]);
      }
      rows.push([name, bench, status === 0 ? `(ran in ${seconds.toFixed(1)} s)` : `(FAILED with exit ${status} after ${seconds.toFixed(1)} s)`]);
      if (status !== 0) failed++;
    }
  }
  const widths = [0, 1].map((c) => Math.max(...rows.map((r) => r[c].length), c === 0 ? 'package'.length : 'benchmark'.length));
  const line = (cells) => `${cells[0].padEnd(widths[0])} | ${cells[1].padEnd(widths[1])} | ${cells[2]}`;
  console.log(line(['package', 'benchmark', 'figure']));
  console.log(`${'-'.repeat(widths[0])}-+-${'-'.repeat(widths[1])}-+-${'-'.repeat(40)}`);
  for (const row of rows) console.log(line(row));
  if (failed > 0) {
    console.log(`${failed} benchmark(s) failed`);
    process.exit(1);
  }
}

if (process.argv.includes('--all')) runAll();
else runPackage();

#!/usr/bin/env node
// Runs `npx projen test` in each workspace given as an argument, two at a time (the machines are 2 cores): while one
// package runs its single-threaded steps (typecheck, eslint, integ synth) the other keeps the second core busy.
// Each package's jest then uses one worker (JEST_MAX_WORKERS=1), so two test processes share two cores.
// The packages must be compiled first (scripts/compile-changed.js). Each package's output is printed whole when it
// ends, so two packages do not interleave their lines. Exits non-zero if any package failed, after all have run.
// Usage: node scripts/test-packages.js packages/testing packages/... examples
const { spawn } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..');
const CONCURRENCY = Math.max(1, Math.min(2, os.availableParallelism()));

function test(dir) {
  return new Promise((resolve) => {
    const started = Date.now();
    const env = { ...process.env, JEST_MAX_WORKERS: String(Math.max(1, Math.floor(os.availableParallelism() / CONCURRENCY))) };
    const child = spawn('npx projen test', { cwd: path.join(rootDir, dir), shell: true, env });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stdout.write(`\n== ${dir}: tests ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${seconds} s\n${output}`);
      resolve(code === 0);
    });
  });
}

async function main() {
  const queue = process.argv.slice(2);
  if (queue.length === 0) {
    console.error('usage: test-packages.js <package dir>...');
    process.exit(2);
  }
  const failed = [];
  const worker = async () => {
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
      if (!(await test(dir))) failed.push(dir);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  if (failed.length > 0) {
    console.error(`\ntests failed in: ${failed.join(', ')}`);
    process.exit(1);
  }
}

main();

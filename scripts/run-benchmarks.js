#!/usr/bin/env node
// Runs every bench/*.bench.ts of the package in the current directory and lets each print its figures.
// Benchmarks measure; they never assert timings (that is what tests are not for).
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const benchDir = path.join(process.cwd(), 'bench');
const files = fs.existsSync(benchDir) ? fs.readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).sort() : [];
if (files.length === 0) {
  console.log(`no benchmarks in ${path.relative(process.cwd(), benchDir) || 'bench'}`);
}
for (const file of files) {
  console.log(`\n== ${path.basename(process.cwd())}/bench/${file}`);
  execFileSync('npx', ['ts-node', '--transpile-only', path.join('bench', file)], {
    stdio: 'inherit',
    env: { ...process.env, TS_NODE_COMPILER_OPTIONS: '{"module":"commonjs"}' },
  });
}

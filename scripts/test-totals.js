#!/usr/bin/env node
// Prints one line, `N passed, N failed`, with the jest totals over every package, so a run that
// executed no test (or lost a package) shows. Reads <workspace>/test-reports/jest-results.json.
const fs = require('node:fs');
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..');
const { workspaces } = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8'));
const workspaceDirs = workspaces.flatMap((pattern) =>
  pattern.endsWith('/*')
    ? fs.readdirSync(path.join(rootDir, pattern.slice(0, -2))).map((name) => path.join(pattern.slice(0, -2), name))
    : [pattern]);
let passed = 0;
let failed = 0;
const missing = [];
for (const dir of workspaceDirs.sort()) {
  const name = path.basename(dir);
  const file = path.join(rootDir, dir, 'test-reports', 'jest-results.json');
  if (!fs.existsSync(file)) {
    missing.push(name);
    continue;
  }
  const results = JSON.parse(fs.readFileSync(file, 'utf8'));
  passed += results.numPassedTests;
  failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
  console.log(`  ${name}: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${results.numRuntimeErrorTestSuites} suites that could not run`);
}
if (missing.length > 0) {
  console.log(`  no jest results for: ${missing.join(', ')} (their tests did not run)`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || missing.length > 0 ? 1 : 0);

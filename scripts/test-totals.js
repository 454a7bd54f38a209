#!/usr/bin/env node
// Prints one line, `N passed, N failed`, with the jest totals over every package, so a run that
// executed no test (or lost a package) shows. Reads packages/*/test-reports/jest-results.json.
const fs = require('node:fs');
const path = require('node:path');

const packagesDir = path.resolve(__dirname, '..', 'packages');
let passed = 0;
let failed = 0;
const missing = [];
for (const name of fs.readdirSync(packagesDir).sort()) {
  const file = path.join(packagesDir, name, 'test-reports', 'jest-results.json');
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

#!/usr/bin/env node
// After the tests: the state and edge coverage of every workflow the construct packages and the examples executed
// from a synthesized definition (<workspace>/test-reports/workflow-coverage/*.json, written by @statecraft/testing).
// Fails when a workflow misses a state or more than 5% of its edges: every workflow is proven through every state
// and nearly every transition, retry and catch. @statecraft/testing's own reports (its engine fixtures) are not gated.
//   node scripts/workflow-coverage.js            print the table, exit 1 below the bar
//   node scripts/workflow-coverage.js --report   print the table only
const fs = require('node:fs');
const path = require('node:path');

const MIN_STATE_COVERAGE = 1;
const MIN_EDGE_COVERAGE = 0.95;
const rootDir = path.resolve(__dirname, '..');
const { workspaces } = JSON.parse(fs.readFileSync(path.join(rootDir, 'package.json'), 'utf8'));
const workspaceDirs = workspaces.flatMap((pattern) =>
  pattern.endsWith('/*')
    ? fs.readdirSync(path.join(rootDir, pattern.slice(0, -2))).map((name) => path.join(pattern.slice(0, -2), name))
    : [pattern]).filter((dir) => dir !== path.join('packages', 'testing')).sort();

const rows = [];
for (const dir of workspaceDirs) {
  const reportDir = path.join(rootDir, dir, 'test-reports', 'workflow-coverage');
  if (!fs.existsSync(reportDir)) continue;
  for (const file of fs.readdirSync(reportDir).filter((f) => f.endsWith('.json')).sort()) {
    const report = JSON.parse(fs.readFileSync(path.join(reportDir, file), 'utf8'));
    const ratio = ({ covered, total }) => (total === 0 ? 1 : covered / total);
    const states = ratio(report.states);
    const edges = ratio(report.edges);
    const below = states < MIN_STATE_COVERAGE || edges < MIN_EDGE_COVERAGE;
    rows.push({ below, cells: [path.basename(dir), report.stateMachine, `${report.states.covered}/${report.states.total}`,
      `${(states * 100).toFixed(0)}%`, `${report.edges.covered}/${report.edges.total}`, `${(edges * 100).toFixed(0)}%`,
      below ? 'BELOW' : 'ok'] });
  }
}
const header = ['package', 'workflow', 'states', '', 'edges', '', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i].length)));
const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd();
console.log(`workflow coverage (every state, at least ${MIN_EDGE_COVERAGE * 100}% of edges):`);
console.log([line(header), ...rows.map((r) => line(r.cells))].join('\n'));
const below = rows.filter((r) => r.below);
console.log(below.length === 0 ? `all ${rows.length} workflows covered` : `${below.length} of ${rows.length} workflows below the bar`);
process.exit(below.length > 0 && !process.argv.includes('--report') ? 1 : 0);

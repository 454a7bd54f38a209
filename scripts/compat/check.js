#!/usr/bin/env node
// `npm run compat`: proves the packed npm tarballs work in the CDK apps users have. Each cell of the matrix is a
// folder outside the monorepo holding one aws-cdk-lib (the declared peer minimum, or the newest the registry serves),
// one cdk-nag (2 or 3) and the four construct-library tarballs; the example app (every L3 and the composed example)
// and the account-factory README example synthesize there with the AwsSolutions checks, with the recommended feature
// flags (what `cdk init` writes to cdk.json) off and on. Every cell must synthesize with 0 unsuppressed findings and
// 0 warnings. Run after `npm test` (or `npm run build`): it packs the compiled packages and compiles examples/.
//
// Installs are cached per aws-cdk-lib/cdk-nag pair in $STATECRAFT_COMPAT_CACHE (default ~/.cache/statecraft-compat).
'use strict';
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const cache = process.env.STATECRAFT_COMPAT_CACHE ?? path.join(os.homedir(), '.cache', 'statecraft-compat');
const libraries = ['process-orchestration', 'account-factory', 'ml-pipeline', 'cv-safety'];
const started = Date.now();
const seconds = (since) => ((Date.now() - since) / 1000).toFixed(1);
const log = (message) => console.log(`[${seconds(started).padStart(5)}s] ${message}`);
const npm = (args, cwd) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

// The versions under test: the peer minimum the libraries declare, the newest aws-cdk-lib on the registry,
// the cdk-nag 2 the workspace develops with and the cdk-nag 3 its suppression tests use.
const peerRange = require(path.join(root, 'packages/process-orchestration/package.json')).peerDependencies['aws-cdk-lib'];
const cdkMinimum = peerRange.replace(/^\^/, '');
const cdkNewest = process.env.COMPAT_CDK_NEWEST ?? npm(['view', 'aws-cdk-lib', 'version']).trim();
const constructs = require(path.join(root, 'node_modules/constructs/package.json')).version;
const nag2 = require(path.join(root, 'node_modules/cdk-nag/package.json')).version;
const nag3 = require(path.join(root, 'packages/process-orchestration/package.json')).devDependencies['cdk-nag-v3'].replace(/^npm:cdk-nag@/, '');
// cdk-nag 3.0.2 declares aws-cdk-lib ^2.257.0, but its plugin needs the construct tree on the validation context
// (`appConstruct`), which aws-cdk-lib first provides in 2.258.0; on 2.257.0 every synth fails with "NagPack requires
// a construct tree on the validation context". So cdk-nag 3 is checked from 2.258.0.
const nag3MinimumCdk = '2.258.0';

function semverLess(a, b) {
  const [x, y] = [a, b].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] < y[i];
  return false;
}

// Each cdk-nag on the lowest aws-cdk-lib both it and the libraries accept, and on the newest.
const cells = [];
for (const nag of [nag2, nag3]) {
  const lowest = nag.startsWith('3.') && semverLess(cdkMinimum, nag3MinimumCdk) ? nag3MinimumCdk : cdkMinimum;
  for (const cdk of [...new Set([lowest, cdkNewest])]) {
    for (const flags of ['none', 'recommended']) cells.push({ cdk, nag, flags });
  }
}

/** Packs each library as `npm publish` would, from its compiled lib/ (so the check sees exactly the published files). */
function packTarballs() {
  const dir = path.join(cache, 'tarballs');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const name of libraries) {
    const pkg = path.join(root, 'packages', name);
    if (!fs.existsSync(path.join(pkg, '.jsii'))) throw new Error(`packages/${name} is not compiled: run 'npm test' or 'npm run build' first`);
    npm(['pack', '--pack-destination', dir], pkg);
  }
  return fs.readdirSync(dir).map((f) => path.join(dir, f));
}

/** Compiles examples/ (tsc) and turns the account-factory README example into a module that exports its app. */
function compileApps() {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: path.join(root, 'examples'), stdio: 'inherit' });
  const readme = fs.readFileSync(path.join(root, 'packages/account-factory/README.md'), 'utf8');
  const block = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1])
    .find((code) => code.includes("from '@statecraft/account-factory'") && code.includes('new App()'));
  if (!block) throw new Error('packages/account-factory/README.md: no complete example (a ts block with `new App()`)');
  const ts = require(path.join(root, 'node_modules/typescript'));
  const js = ts.transpileModule(`${block}\nmodule.exports = app;\n`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
  return js;
}

/** The cell's folder with aws-cdk-lib, constructs and cdk-nag installed once, then this run's tarballs and apps. */
function prepareCell(cell, tarballs, readmeJs) {
  const dir = path.join(cache, `cdk-${cell.cdk}-nag-${cell.nag}`);
  const pinned = { 'aws-cdk-lib': cell.cdk, 'constructs': constructs, 'cdk-nag': cell.nag };
  const manifest = path.join(dir, 'package.json');
  const current = fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')).dependencies ?? {} : {};
  fs.mkdirSync(dir, { recursive: true });
  if (Object.entries(pinned).some(([name, version]) => current[name] !== version)) {
    fs.writeFileSync(manifest, JSON.stringify({ name: 'statecraft-compat-cell', private: true, dependencies: pinned }, undefined, 2));
    npm(['install', '--no-audit', '--no-fund', '--no-package-lock'], dir);
  }
  // The tarballs as a user installs them; their peer ranges are checked against this cell's aws-cdk-lib.
  npm(['install', '--no-audit', '--no-fund', '--no-save', '--no-package-lock', ...tarballs], dir);
  const app = path.join(dir, 'app');
  fs.rmSync(app, { recursive: true, force: true });
  fs.cpSync(path.join(root, 'examples/lib'), app, { recursive: true });
  fs.copyFileSync(path.join(__dirname, 'synth-cell.js'), path.join(app, 'synth-cell.js'));
  fs.writeFileSync(path.join(app, 'readme-account-factory.js'), readmeJs);
  return app;
}

function runCell(cell, app) {
  const t = Date.now();
  // Dev-only helpers of the example app (the simulator's mock types, the Lambda handler's codecs) come from the
  // workspace through NODE_PATH; aws-cdk-lib, cdk-nag and the libraries resolve in the cell first.
  const result = spawnSync('node', ['synth-cell.js', cell.nag.split('.')[0], cell.flags, cell.cdk], {
    cwd: app, encoding: 'utf8', env: { ...process.env, NODE_PATH: path.join(root, 'node_modules'), JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION: '1' },
  });
  const line = result.stdout.trim().split('\n').filter((l) => l.startsWith('{')).pop();
  const report = line ? JSON.parse(line) : { findings: [], warnings: [], synthError: result.stderr.trim().split('\n').slice(-5).join(' ') };
  // Deprecation and other warnings aws-cdk-lib prints while the app is built.
  for (const warning of result.stderr.split('\n').filter((l) => /warning/i.test(l))) report.warnings.push(warning.trim());
  report.seconds = Number(seconds(t));
  report.ok = result.status === 0 && !report.synthError && report.findings.length === 0 && report.warnings.length === 0;
  return report;
}

function main() {
  log(`aws-cdk-lib ${cdkMinimum} (peer minimum) and ${cdkNewest} (newest on the registry); cdk-nag ${nag2} and ${nag3}; cache ${cache}`);
  const tarballs = packTarballs();
  log(`packed ${tarballs.map((t) => path.basename(t)).join(', ')}`);
  const readmeJs = compileApps();
  log('compiled examples/ and the account-factory README example');
  const rows = [];
  for (const cell of cells) {
    const t = Date.now();
    const app = prepareCell(cell, tarballs, readmeJs);
    const installSeconds = Number(seconds(t));
    const report = runCell(cell, app);
    rows.push({ cell, report, installSeconds });
    log(`aws-cdk-lib ${cell.cdk}, cdk-nag ${cell.nag}, flags ${cell.flags}: ${report.ok ? 'ok' : 'FAILED'}`);
    for (const f of report.findings.slice(0, 20)) console.log(`    finding: ${f}`);
    for (const w of report.warnings.slice(0, 20)) console.log(`    warning: ${w}`);
    if (report.synthError) console.log(`    synth failed: ${report.synthError}`);
  }

  const header = ['aws-cdk-lib', 'cdk-nag', 'feature flags', 'synth', 'stacks', 'unsuppressed', 'suppressed', 'warnings', 'install s', 'synth s'];
  const table = rows.map(({ cell, report, installSeconds }) => [cell.cdk, cell.nag, cell.flags, report.synthError ? 'FAILED' : 'ok', report.stacks ?? '', report.findings.length,
      report.suppressed ?? '', report.warnings.length, installSeconds.toFixed(1), report.seconds.toFixed(1)]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => String(r[i]).length)));
  const format = (r) => `| ${r.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  console.log(`\n${format(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${table.map(format).join('\n')}`);
  console.log('suppressed: findings cdk-nag 2 reports as suppressed; for cdk-nag 3, the AwsSolutions finding ids acknowledged');
  const failed = rows.filter((r) => !r.report.ok).length;
  log(`${rows.length - failed} cells clean, ${failed} failed; wall time ${seconds(started)} s`);
  return failed === 0 ? 0 : 1;
}

try {
  process.exitCode = main();
} catch (error) {
  console.error(`compat: ${error.stderr ?? ''}${error.message}`);
  process.exitCode = 1;
}

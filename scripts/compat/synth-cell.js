// Runs inside one cell of the compatibility matrix (a folder outside the monorepo whose node_modules hold one
// aws-cdk-lib, one cdk-nag and the packed Statecraft tarballs): synthesizes the example app and the account-factory
// README example with the AwsSolutions checks, and prints one JSON line with what it found.
// Usage: node synth-cell.js <cdk-nag major: 2|3> <flags: none|recommended> <expected aws-cdk-lib version>
'use strict';
const path = require('node:path');

const [nagMajor, flags, expectedCdk] = process.argv.slice(2);
const started = Date.now();

// The app must run against this cell's packages, not the monorepo's: prove it before synthesizing.
const cdkVersion = require('aws-cdk-lib/package.json').version;
const nagVersion = require('cdk-nag/package.json').version;
const cellModules = path.join(__dirname, '..', 'node_modules');
const fromTarball = require.resolve('@statecraft/process-orchestration');
if (cdkVersion !== expectedCdk || !fromTarball.startsWith(cellModules) || !nagVersion.startsWith(`${nagMajor}.`)) {
  throw new Error(`cell mismatch: aws-cdk-lib ${cdkVersion} (want ${expectedCdk}), cdk-nag ${nagVersion} (want ${nagMajor}.x), process-orchestration from ${fromTarball}`);
}

// How `cdk synth` hands cdk.json's context to the app; `cdk init` writes recommended-feature-flags.json there.
process.env.CDK_CONTEXT_JSON = JSON.stringify(flags === 'recommended' ? require('aws-cdk-lib/recommended-feature-flags.json') : {});

const cdk = require('aws-cdk-lib');
const nag = require('cdk-nag');
const { createExampleApp } = require('./examples/src/app');

const outdir = path.join(__dirname, 'cdk.out');
const apps = [createExampleApp({ outdir }).app, require('./readme-account-factory.js')];
const findings = [];
let suppressed = 0;
const packs = [];

for (const app of apps) {
  if (nagMajor === '2') {
    const noop = () => undefined;
    const logger = {
      onCompliance: noop, onNotApplicable: noop,
      onNonCompliance: (d) => findings.push(`${d.ruleId}${d.findingId !== d.ruleId ? `[${d.findingId}]` : ''} at ${d.resource.node.path}`),
      onError: (d) => findings.push(`${d.ruleId} could not be evaluated at ${d.resource.node.path}: ${d.errorMessage}`),
      onSuppressed: () => suppressed++,
      onSuppressedError: () => suppressed++,
    };
    cdk.Aspects.of(app).add(new nag.AwsSolutionsChecks({ additionalLoggers: [logger] }));
  } else {
    // cdk-nag 3 is a policy-validation plugin; synthesis fails when it reports a violation.
    const pack = new nag.AwsSolutionsChecks(app);
    cdk.Validations.of(app).addPlugins(pack);
    packs.push([app, pack]);
  }
}

const warnings = [];
let synthError;
for (const app of apps) {
  try {
    const assembly = app.synth();
    for (const stack of assembly.stacks) {
      for (const message of stack.messages) {
        if (message.level === 'warning') warnings.push(`${message.id}: ${String(message.entry.data).split('\n')[0]}`);
        if (message.level === 'error' && !String(message.entry.data).startsWith('AwsSolutions-')) {
          findings.push(`error annotation at ${message.id}: ${message.entry.data}`);
        }
      }
    }
  } catch (error) {
    synthError = synthError ?? String(error.message ?? error).split('\n').slice(0, 3).join(' ');
  }
}
// A failed policy validation (cdk-nag 3) prints its report and sets the exit code instead of throwing.
if (process.exitCode) synthError = synthError ?? 'policy validation failed (see the report above)';
let acknowledged = 0;
for (const [app, pack] of packs) {
  // The same rules over the synthesized tree list what the plugin reported (it reports only through the failure).
  for (const violation of pack.validateScope(app).violations) {
    for (const resource of violation.violatingResources) findings.push(`${violation.ruleName} at ${resource.constructPath}`);
  }
  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === 'aws:cdk:acknowledged-rules') acknowledged += Object.keys(entry.data).filter((id) => /AwsSolutions-/.test(id)).length;
    }
  }
}

const stacks = apps.reduce((n, app) => n + app.node.children.filter((c) => cdk.Stack.isStack(c)).length, 0);
console.log(JSON.stringify({
  cdkVersion, nagVersion, flags, stacks,
  findings, suppressed: nagMajor === '2' ? suppressed : acknowledged, warnings,
  synthError,
  seconds: (Date.now() - started) / 1000,
}));

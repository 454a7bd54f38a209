#!/usr/bin/env node
// `npm run release [-- --patch] [-- --no-build]`: versions, builds and packs the five published packages together.
//
// - Version: one version for all five (lockstep), 0.x. The next version follows the last `v*` tag: a minor bump by
//   default (in 0.x a minor may break), `--patch` for fixes only; the first release is 0.1.0.
// - Peer ranges: each package's peer range on @statecraft/process-orchestration becomes `^<version>`, which in 0.x
//   accepts every patch of the same minor (every compatible release) and nothing that may break.
// - Changelog: CHANGELOG.md gets a section with the commit subjects since the last tag.
// - Build: `RELEASE=true` so projen keeps the versions while it regenerates the package files, then `npm run build`
//   (compile, API.md, tests, npm tarballs, Python wheels); `--no-build` packs the already compiled packages instead.
// - Output: dist/release/*.tgz. Tagging (`git tag v<version>`) and `npm publish dist/release/*.tgz` are CI steps with
//   an npm token; see CONTRIBUTING.md. The bumped package.json files are not meant to be committed (the tag is the
//   record, as in projen's release flow).
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const published = ['testing', 'process-orchestration', 'account-factory', 'ml-pipeline', 'cv-safety'];
const args = process.argv.slice(2);
const run = (command, commandArgs, options = {}) => execFileSync(command, commandArgs, { cwd: root, encoding: 'utf8', ...options });

function lastTag() {
  try {
    return run('git', ['describe', '--tags', '--abbrev=0', '--match', 'v[0-9]*'], { stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

function nextVersion(tag) {
  if (!tag) return '0.1.0';
  const [major, minor, patch] = tag.slice(1).split('.').map(Number);
  if (major !== 0) throw new Error(`last tag ${tag} is not 0.x; decide the 1.0 policy before releasing from this script`);
  return args.includes('--patch') ? `0.${minor}.${patch + 1}` : `0.${minor + 1}.0`;
}

function setVersions(version) {
  for (const name of published) {
    const file = path.join(root, 'packages', name, 'package.json');
    const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
    manifest.version = version;
    for (const deps of [manifest.peerDependencies, manifest.dependencies]) {
      for (const dep of Object.keys(deps ?? {})) {
        if (dep.startsWith('@statecraft/')) deps[dep] = `^${version}`;
      }
    }
    fs.writeFileSync(file, `${JSON.stringify(manifest, undefined, 2)}\n`);
  }
}

function writeChangelog(version, tag) {
  const range = tag ? [`${tag}..HEAD`] : [];
  const subjects = run('git', ['log', '--no-merges', '--format=%s', ...range]).trim().split('\n').filter(Boolean);
  const date = new Date().toISOString().slice(0, 10);
  const section = `## ${version} (${date})\n\n${subjects.map((s) => `- ${s}`).join('\n')}\n`;
  const file = path.join(root, 'CHANGELOG.md');
  const existing = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').replace(/^# Changelog\n+/, '') : '';
  fs.writeFileSync(file, `# Changelog\n\n${section}\n${existing}`);
  return subjects.length;
}

function pack(version) {
  const out = path.join(root, 'dist', 'release');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  for (const name of published) {
    const dir = path.join(root, 'packages', name);
    const file = run('npm', ['pack', '--pack-destination', out], { cwd: dir }).trim().split('\n').pop();
    const files = run('tar', ['tzf', path.join(out, file)]).trim().split('\n');
    const unwanted = files.filter((f) => /^package\/(bench|lambda|docs|src|test)\//.test(f));
    if (unwanted.length > 0) throw new Error(`${file} carries files a user does not need: ${unwanted.join(', ')}`);
    const manifest = JSON.parse(run('tar', ['xzOf', path.join(out, file), 'package/package.json']));
    if (manifest.version !== version || manifest.publishConfig?.access !== 'public') {
      throw new Error(`${file}: version ${manifest.version}, publishConfig.access ${manifest.publishConfig?.access}`);
    }
    console.log(`  ${file}: ${files.length} files`);
  }
  return out;
}

function main() {
  const tag = lastTag();
  const version = nextVersion(tag);
  console.log(`releasing ${version} (last tag: ${tag ?? 'none'})`);
  setVersions(version);
  const env = { ...process.env, RELEASE: 'true' };
  if (args.includes('--no-build')) {
    // Regenerate the package files with the versions kept, as the build would.
    run('npx', ['projen'], { env, stdio: 'inherit' });
    setVersions(version);
  } else {
    run('npm', ['run', 'build'], { env, stdio: 'inherit' });
  }
  const commits = writeChangelog(version, tag);
  console.log(`CHANGELOG.md: ${commits} commits since ${tag ?? 'the first commit'}`);
  const out = pack(version);
  console.log(`packed ${published.length} packages at ${version} into ${path.relative(root, out)}; next (CI): git tag v${version}, npm publish`);
}

try {
  main();
} catch (error) {
  console.error(`release: ${error.message}`);
  process.exitCode = 1;
}

#!/usr/bin/env node
// Writes API.md for the jsii package in the current directory.
// jsii-docgen's CLI looks for dependency assemblies beside the package and misses the ones npm
// workspaces hoisted to the root node_modules; its API accepts that folder as the search path.
const path = require('node:path');
const fs = require('node:fs');
const { Documentation, Language } = require('jsii-docgen');

async function main() {
  const packageDir = process.cwd();
  const rootNodeModules = path.resolve(__dirname, '..', 'node_modules');
  const docs = await Documentation.forProject(packageDir, { assembliesDir: rootNodeModules });
  const markdown = await docs.toMarkdown({ language: Language.TYPESCRIPT, readme: false, allSubmodules: true });
  fs.writeFileSync(path.join(packageDir, 'API.md'), markdown.render());
  console.log(`API.md written for ${path.basename(packageDir)}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});

import { javascript, typescript } from 'projen';
import { license, repository } from './constants';
import { versions } from './versions';

/**
 * The private workspace root: it owns the npm workspaces, the shared dev tools and the tasks that
 * build and test every package in dependency order. It publishes nothing.
 */
export function rootProject() {
  const root = new typescript.TypeScriptProject({
    name: 'statecraft',
    description: 'AWS CDK construct libraries for business processes on AWS Step Functions',
    repository,
    license,
    defaultReleaseBranch: 'main',
    packageManager: javascript.NodePackageManager.NPM,
    projenrcTs: true,
    projenVersion: versions.projen,
    minNodeVersion: versions.minNodeVersion,
    github: false,
    release: false,
    package: false,
    sampleCode: false,
    jest: false,
    eslint: false,
    licensed: true,
    devDeps: [
      `typescript@${versions.typescript}`,
      `constructs@${versions.constructsDevelopment}`,
      `aws-cdk-lib@${versions.cdkDevelopment}`,
      `@aws-cdk/cloud-assembly-schema@${versions.cloudAssemblySchema}`,
      `jsii-docgen@${versions.jsiiDocgen}`,
      `cdk-nag@${versions.cdkNag}`,
      `asl-validator@${versions.aslValidator}`,
      // Graphviz compiled to WebAssembly: renders the workflow pictures with no browser and no native binary.
      '@hpcc-js/wasm-graphviz@1.29.2',
      'ts-node@^10.9.2',
    ],
    tsconfig: { compilerOptions: { rootDir: '.' }, include: ['projenrc/**/*.ts', 'scripts/**/*.ts'] },
    gitignore: ['/demo-out/', '/cdk.out/', '/examples/cdk.out/', '*.tsbuildinfo', '.jsii.tabl.json'],
  });
  root.package.addField('private', true);
  root.package.addField('workspaces', ['packages/*', 'examples']);
  // unrs-resolver 1.13 (from jest 30 and the eslint import resolver) lists darwin bindings the npm mirror does not serve.
  root.package.addPackageResolutions('unrs-resolver@1.12.2');
  root.package.addEngine('node', versions.nodeEngines);
  return root;
}

/**
 * Root build and test: each package in dependency order. `test` and `demo` first compile the packages whose
 * inputs changed since their last compile (scripts/compile-changed.js), because packages import their siblings'
 * compiled output; `test` then runs each package's tests (jest, typecheck, eslint, integ snapshot check), two
 * packages at a time (scripts/test-packages.js).
 */
export function addWorkspaceTasks(
  root: typescript.TypeScriptProject,
  packages: javascript.NodeProject[],
  examples: javascript.NodeProject,
) {
  const relative = (p: javascript.NodeProject) => p.outdir.slice(root.outdir.length + 1);
  const dirs = packages.map(relative);
  const examplesDir = relative(examples);

  root.compileTask.reset();
  root.testTask.reset('rm -rf packages/*/test-reports examples/test-reports', { name: 'forget earlier results' });
  for (const dir of dirs) {
    root.compileTask.exec('npx projen pre-compile', { cwd: dir, name: `pre-compile ${dir}` });
    root.compileTask.exec('npx projen compile', { cwd: dir, name: `compile ${dir}` });
    root.compileTask.exec('npx projen post-compile', { cwd: dir, name: `docs ${dir}` });
  }
  const compileChanged = `node scripts/compile-changed.js ${dirs.join(' ')}`;
  root.testTask.exec(compileChanged, { name: 'compile what changed' });
  root.testTask.exec(`node scripts/test-packages.js ${[...dirs, examplesDir].join(' ')}`, { name: 'test every package, two at a time' });
  root.testTask.exec('node scripts/test-totals.js', { name: 'totals' });
  root.testTask.exec('node scripts/workflow-coverage.js', { name: 'every workflow: all states, at least 95% of edges' });

  const demo = root.addTask('demo', {
    description: 'Compile the packages that changed, then synthesize the example app, run every workflow locally and report',
  });
  demo.exec(compileChanged, { name: 'compile what changed' });
  demo.exec('npx projen demo', { cwd: examplesDir });
  const bench = root.addTask('bench', {
    description: 'Compile the packages that changed, run every package\'s benchmarks (bench/*.bench.ts), print one table of their figures',
  });
  bench.exec(compileChanged, { name: 'compile what changed' });
  bench.exec('node scripts/run-benchmarks.js --all');
  const diagrams = root.addTask('diagrams', { description: 'Regenerate the README diagrams from the synthesized definitions' });
  diagrams.exec('npx projen diagrams', { cwd: examplesDir });
  root.packageTask.reset();
  for (const dir of dirs) {
    root.packageTask.exec('npx projen package', { cwd: dir, name: `package ${dir}` });
  }
  root.addTask('compat', {
    description: 'After npm test: the packed tarballs and the example app on the minimum and newest aws-cdk-lib, flags off and on, cdk-nag 2 and 3',
    exec: 'node scripts/compat/check.js',
  });
  root.addTask('integ:update', {
    description: 'Rewrite every package\'s integ snapshots without deploying',
    steps: dirs.filter((d) => d !== 'packages/testing').map((dir) => ({ exec: 'npx projen integ:update', cwd: dir })),
  });
}

import { javascript, typescript } from 'projen';
import { configureJest, eslintOptions } from './jest';
import { versions } from './versions';

/**
 * examples/: a private workspace with a CDK app that uses every Statecraft package through its public
 * entry point, and the demo that synthesizes it, runs each workflow locally and reports what a run costs.
 */
export function examplesProject(root: typescript.TypeScriptProject, packages: javascript.NodeProject[]) {
  const project = new typescript.TypeScriptProject({
    parent: root,
    outdir: 'examples',
    name: '@statecraft/examples',
    description: 'Example CDK app and the demo of every Statecraft workflow (private, never published).',
    defaultReleaseBranch: 'main',
    packageManager: javascript.NodePackageManager.NPM,
    minNodeVersion: versions.minNodeVersion,
    projenVersion: versions.projen,
    projenrcTs: false,
    github: false,
    release: false,
    package: false,
    sampleCode: false,
    deps: [
      ...packages.map((p) => p.package.packageName),
      `aws-cdk-lib@${versions.cdkDevelopment}`,
      `constructs@${versions.constructsDevelopment}`,
      `cdk-nag@${versions.cdkNag}`,
      `asl-validator@${versions.aslValidator}`,
      '@hpcc-js/wasm-graphviz@1.29.2',
      'ts-node@^10.9.2',
    ],
    devDeps: [`typescript@${versions.typescript}`],
    jestOptions: { updateSnapshot: javascript.UpdateSnapshot.NEVER, jestConfig: { testTimeout: 120_000 } },
    eslintOptions,
    // rootDir is the repository: the demo reuses the packages' realistic test scenarios (type-checked, never emitted).
    tsconfig: { compilerOptions: { lib: ['es2022'], target: 'ES2022', noUnusedLocals: true, rootDir: '..' } },
    // The tests' program covers src/ too (the demo and the tests in one `typecheck`), from the repository root as above;
    // ts-jest transpiles each file on its own (see projenrc/jest.ts).
    tsconfigDev: { compilerOptions: { isolatedModules: true, rootDir: '../..' }, include: ['../src/**/*.ts'] },
  });
  project.package.addField('private', true);
  configureJest(project);
  project.compileTask.reset('tsc --noEmit');
  project.addTask('demo', {
    description: 'Synthesize the example app, run every workflow locally, print the cost table, write demo-out/',
    exec: 'ts-node --transpile-only src/demo/main.ts',
  });
  project.addTask('diagrams', {
    description: 'Regenerate the Mermaid diagrams embedded in the package READMEs from the synthesized definitions',
    exec: 'ts-node --transpile-only src/demo/update-readme-diagrams.ts',
  });
  project.gitignore.exclude('/demo-out/', '/cdk.out/');
  return project;
}

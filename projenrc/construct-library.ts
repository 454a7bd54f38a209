import { awscdk, javascript, typescript } from 'projen';
import { author, authorAddress, goModule, license, repository } from './constants';
import { addBenchmarkTask, configureJest, eslintOptions } from './jest';
import { versions } from './versions';

export interface ConstructLibraryOptions {
  /** Folder name under packages/ and the npm name without scope, e.g. `process-orchestration`. */
  readonly name: string;
  readonly description: string;
  readonly keywords?: string[];
  /** Sibling jsii libraries this one builds on (peer dependencies, linked by npm workspaces). */
  readonly peerLibraries?: awscdk.AwsCdkConstructLibrary[];
  /** The local simulator, used by the tests. */
  readonly testing: typescript.TypeScriptProject;
  readonly deps?: string[];
  readonly devDeps?: string[];
}

/** PascalCase of a kebab-case name: `process-orchestration` -> `ProcessOrchestration`. */
function pascal(name: string): string {
  return name.split('-').map((word) => word[0].toUpperCase() + word.slice(1)).join('');
}

/**
 * A jsii construct library under packages/<name>: jsii compile, jest, eslint, API.md from jsii-docgen,
 * integ snapshots verified offline, an npm tarball and a Python wheel. Java, .NET and Go are configured
 * for a release but never packaged by the default build (their registries are not reachable here).
 */
export function constructLibrary(root: typescript.TypeScriptProject, options: ConstructLibraryOptions) {
  const npmName = `@statecraft/${options.name}`;
  const flatName = options.name.replace(/-/g, '');
  const project = new awscdk.AwsCdkConstructLibrary({
    parent: root,
    outdir: `packages/${options.name}`,
    name: npmName,
    description: options.description,
    keywords: ['aws-cdk', 'cdk', 'step-functions', 'statecraft', ...(options.keywords ?? [])],
    author,
    authorAddress,
    repositoryUrl: repository,
    repositoryDirectory: `packages/${options.name}`,
    license,
    defaultReleaseBranch: 'main',
    stability: 'experimental',
    packageManager: javascript.NodePackageManager.NPM,
    minNodeVersion: versions.minNodeVersion,
    jsiiVersion: versions.jsii,
    cdkVersion: versions.cdkMinimum,
    constructsVersion: versions.constructsMinimum,
    peerDependencyOptions: { pinnedDevDependency: false },
    typescriptVersion: undefined,
    projenVersion: versions.projen,
    projenrcTs: false,
    github: false,
    release: false,
    sampleCode: false,
    docgen: true,
    integrationTestAutoDiscover: false,
    lambdaAutoDiscover: false,
    publishToPypi: {
      distName: `statecraft.${options.name}`,
      module: `statecraft.${options.name.replace(/-/g, '_')}`,
    },
    publishToMaven: {
      javaPackage: `dev.statecraft.${flatName}`,
      mavenGroupId: 'dev.statecraft',
      mavenArtifactId: options.name,
    },
    publishToNuget: {
      dotNetNamespace: `Statecraft.${pascal(options.name)}`,
      packageId: `Statecraft.${pascal(options.name)}`,
    },
    publishToGo: {
      moduleName: goModule,
      packageName: flatName,
    },
    peerDeps: (options.peerLibraries ?? []).map((lib) => lib.package.packageName),
    deps: options.deps,
    devDeps: [
      `aws-cdk-lib@${versions.cdkDevelopment}`,
      `constructs@${versions.constructsDevelopment}`,
      `@aws-cdk/integ-tests-alpha@${versions.integTestsAlpha}`,
      `@aws-cdk/integ-runner@${versions.integRunner}`,
      `aws-cdk@${versions.awsCdkCli}`,
      `cdk-nag@${versions.cdkNag}`,
      `jsii-rosetta@${versions.jsiiRosetta}`,
      `jsii-pacmak@${versions.jsiiPacmak}`,
      `jsii-docgen@${versions.jsiiDocgen}`,
      `typescript@${versions.typescript}`,
      options.testing.package.packageName,
      ...(options.devDeps ?? []),
    ],
    jestOptions: { updateSnapshot: javascript.UpdateSnapshot.NEVER },
    eslintOptions,
    // One program over the sources and the tests: `typecheck` and eslint's typed rules both use it (projenrc/jest.ts).
    tsconfigDev: { compilerOptions: {}, include: ['../src/**/*.ts'] },
  });
  project.package.addEngine('node', versions.nodeEngines);
  configureJest(project);
  configureDocgen(project);
  configureIntegSnapshots(project);
  configurePackaging(project);
  addBenchmarkTask(project);
  return project;
}

/**
 * jsii-docgen cannot find assemblies hoisted to the root node_modules, so a small script calls
 * its API with the root as the search path.
 */
function configureDocgen(project: awscdk.AwsCdkConstructLibrary) {
  const docgen = project.tasks.tryFind('docgen');
  docgen?.reset('node ../../scripts/docgen.js');
}

/**
 * Integration tests are `test/integ.*.ts`. With no AWS credentials integ-runner only synthesizes and
 * diffs against the committed snapshot, so `test` proves the snapshots are current, offline.
 */
function configureIntegSnapshots(project: awscdk.AwsCdkConstructLibrary) {
  const common = '--language typescript --directory test --parallel-regions us-east-1';
  // Offline, each test is a synth and a diff: two workers keep both cores busy. Deploys stay one at a time.
  const offline = `${common} --max-workers 2`;
  const verify = project.addTask('integ:verify', {
    description: 'Check the committed integ snapshots offline (fails on NEW or CHANGED)',
    env: { TS_NODE_TRANSPILE_ONLY: 'true' },
    exec: `integ-runner ${offline}`,
  });
  project.addTask('integ:update', {
    description: 'Rewrite the integ snapshots from the current code, without deploying',
    env: { TS_NODE_TRANSPILE_ONLY: 'true' },
    exec: `integ-runner ${offline} --update-on-failed --dry-run`,
  });
  project.addTask('integ:deploy', {
    description: 'Deploy each integ test to the AWS account in your credentials, run its assertions, destroy it',
    exec: `integ-runner ${common} --max-workers 1 --update-on-failed`,
  });
  project.testTask.spawn(verify);
  project.gitignore.exclude('test/*.snapshot/asset.*');
  project.npmignore?.exclude('/test/');
}

/**
 * Default packaging: the npm tarball and a Python wheel checked with twine. Java, .NET and Go stay
 * configured (their `package:<lang>` tasks exist) but are left out: their registries are unreachable.
 */
function configurePackaging(project: awscdk.AwsCdkConstructLibrary) {
  const wheel = project.addTask('package:python-wheel', {
    description: 'Build the Python wheel without the Python package index and check it with twine',
    exec: 'bash ../../scripts/build-python-wheel.sh',
  });
  project.packageTask.reset();
  project.packageTask.spawn(project.tasks.tryFind('package:js')!);
  project.packageTask.spawn(wheel);
}

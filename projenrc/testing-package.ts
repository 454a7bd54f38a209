import { javascript, typescript } from 'projen';
import { author, authorAddress, license, repository } from './constants';
import { addBenchmarkTask, configureJest, eslintOptions } from './jest';
import { versions } from './versions';

/** The AWS SDK for JavaScript v3 clients whose API models check the mocks of the libraries' tests. */
const AWS_SDK_MODEL_CLIENTS = ['batch', 'cloudformation', 'dynamodb', 'eventbridge', 'lambda', 'organizations', 's3', 'sagemaker', 'sagemaker-runtime', 'sfn', 'sns', 'sqs']
  .map((service) => `@aws-sdk/client-${service}`);

/**
 * @statecraft/testing: plain TypeScript (not jsii), because it hands jest matchers and Node-only
 * APIs to TypeScript users; it is a dev dependency of every construct library.
 */
export function testingPackage(root: typescript.TypeScriptProject) {
  const project = new typescript.TypeScriptProject({
    parent: root,
    outdir: 'packages/testing',
    name: '@statecraft/testing',
    description: 'Run synthesized AWS Step Functions state machines locally with mocked integrations, a virtual clock, fault sweeps and coverage.',
    keywords: ['aws-cdk', 'step-functions', 'testing', 'simulator', 'jest', 'statecraft'],
    authorName: author,
    authorEmail: authorAddress,
    repository,
    repositoryDirectory: 'packages/testing',
    license,
    defaultReleaseBranch: 'main',
    packageManager: javascript.NodePackageManager.NPM,
    minNodeVersion: versions.minNodeVersion,
    projenVersion: versions.projen,
    projenrcTs: false,
    github: false,
    release: false,
    sampleCode: false,
    deps: [
      `jsonata@${versions.jsonata}`,
    ],
    peerDeps: [`aws-cdk-lib@^${versions.cdkMinimum}`, `constructs@^${versions.constructsMinimum}`],
    peerDependencyOptions: { pinnedDevDependency: false },
    devDeps: [
      // Only the benchmarks' baselines: the engine in src/engine runs and validates every definition.
      `aws-local-stepfunctions@${versions.awsLocalStepFunctions}`,
      `asl-validator@${versions.aslValidator}`,
      `aws-cdk-lib@${versions.cdkDevelopment}`,
      `constructs@${versions.constructsDevelopment}`,
      `typescript@${versions.typescript}`,
      // The AWS API models the mock validation reads, for every service the Statecraft workflows call. Users install
      // the clients of their own workflows' services (the validation names the package to install).
      ...AWS_SDK_MODEL_CLIENTS.map((client) => `${client}@${versions.awsSdkClients}`),
    ],
    jestOptions: { updateSnapshot: javascript.UpdateSnapshot.NEVER },
    eslintOptions,
    tsconfig: { compilerOptions: { lib: ['es2022'], target: 'ES2022' } },
    // ts-jest transpiles each file on its own; `typecheck` and eslint use this one program over src and test (projenrc/jest.ts).
    tsconfigDev: { compilerOptions: { isolatedModules: true }, include: ['../src/**/*.ts'] },
  });
  project.package.addEngine('node', versions.nodeEngines);
  configureJest(project);
  addBenchmarkTask(project);
  return project;
}

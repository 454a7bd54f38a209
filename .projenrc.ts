import { constructLibrary } from './projenrc/construct-library';
import { examplesProject } from './projenrc/examples-project';
import { configureRelease } from './projenrc/release';
import { addWorkspaceTasks, rootProject } from './projenrc/root-project';
import { testingPackage } from './projenrc/testing-package';
import { versions } from './projenrc/versions';

// The single source of truth for every generated file in this repository: `npx projen` regenerates them.
const root = rootProject();
const testing = testingPackage(root);

const processOrchestration = constructLibrary(root, {
  name: 'process-orchestration',
  description: 'ProcessOrchestrator: move legacy batch and workflow jobs onto AWS Step Functions with retries, sagas, approvals, schedules and centralized monitoring.',
  keywords: ['orchestration', 'saga', 'workflow'],
  testing,
  // cdk-nag 3 beside cdk-nag 2, so the suppression tests prove both read what CdkNagSuppressions writes.
  devDeps: [`cdk-nag-v3@npm:cdk-nag@${versions.cdkNag3}`],
});
const accountFactory = constructLibrary(root, {
  name: 'account-factory',
  description: 'AccountFactory: account vending, retirement and bulk onboarding for account-per-tenant SaaS on AWS Organizations.',
  keywords: ['organizations', 'account-vending', 'saas'],
  peerLibraries: [processOrchestration],
  testing,
});
const mlPipeline = constructLibrary(root, {
  name: 'ml-pipeline',
  description: 'MlPipeline: a typed DSL for Databricks and SageMaker pipelines compiled to AWS Step Functions.',
  keywords: ['sagemaker', 'databricks', 'ml', 'pipeline'],
  peerLibraries: [processOrchestration],
  testing,
});
const cvSafety = constructLibrary(root, {
  name: 'cv-safety',
  description: 'Labeling-job orchestration and hourly floor-tape labeling preparation for computer-vision safety monitoring.',
  keywords: ['computer-vision', 'labeling', 'ground-truth', 'safety'],
  peerLibraries: [processOrchestration],
  testing,
  // The voting and stitching Lambda is bundled with esbuild at build time. It decodes JPEG with libjpeg-turbo compiled
  // to WebAssembly (@cwasm/jpeg-turbo: synchronous, CommonJS, 52 KiB zipped) and PNG with pngjs. jpeg-js stays for
  // the tests' and benchmark's JPEG encoding and, with pngjs's writer, for the benchmark's baseline of the old codecs.
  devDeps: ['esbuild@0.28.2', 'pngjs@7.0.0', '@types/pngjs@6.0.5', 'jpeg-js@0.4.4', '@cwasm/jpeg-turbo@0.1.3'],
});

// The voting and stitching Lambda handler is bundled into assets/ before jsii compiles, so the npm tarball ships it.
const bundle = cvSafety.addTask('bundle', {
  description: 'Bundle the tape-composite Lambda handler with esbuild into assets/',
  // The Lambda runs on Node.js 24, whose runtime provides the AWS SDK v3 (so it is not bundled).
  exec: 'esbuild lambda/tape-composite/index.ts --bundle --platform=node --target=node24 --minify "--external:@aws-sdk/*" --outfile=assets/tape-composite/index.js',
});
// The JPEG decoder reads its WebAssembly module from the bundle's own folder at load time.
bundle.exec('cp "$(node -p "require.resolve(\'@cwasm/jpeg-turbo/jpeg-turbo.wasm\')")" assets/tape-composite/', { name: 'copy the JPEG decoder' });
cvSafety.preCompileTask.spawn(bundle);
cvSafety.gitignore.exclude('/assets/');
cvSafety.eslint?.addLintPattern('lambda');
cvSafety.tsconfigDev.addInclude('../lambda/**/*.ts');

const libraries = [processOrchestration, accountFactory, mlPipeline, cvSafety];
const examples = examplesProject(root, [testing, ...libraries]);

addWorkspaceTasks(root, [testing, ...libraries], examples);
configureRelease(root, [testing, ...libraries]);

root.synth();

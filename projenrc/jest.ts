import { javascript } from 'projen';

/**
 * ESLint options every package shares: typed rules (projen's config enables the TypeScript project service), run
 * once per package by `test`, and never with `--fix` there: a test command must not rewrite sources. Fix by hand
 * with `npx projen eslint --fix`.
 */
export const eslintOptions: javascript.EslintOptions = { dirs: ['src'], commandOptions: { fix: false } };

/**
 * Typed lint builds its TypeScript program once per package, from the test tsconfig (which covers src and test),
 * instead of the project service's one program per tsconfig it finds (src, test, and cv-safety's lambda): measured
 * on account-factory, 0.77x the CPU time and 0.6x the memory of the project service.
 */
function lintWithOneProgram(project: javascript.NodeProject) {
  const eslintrc = project.tryFindObjectFile('.eslintrc.json');
  eslintrc?.addDeletionOverride('parserOptions.projectService');
  eslintrc?.addOverride('parserOptions.project', './test/tsconfig.json');
}

/**
 * The package's `test` task, in one place for every package:
 * - jest runs transpile-only (ts-jest with `isolatedModules` in the test tsconfig), so no test file is type-checked
 *   inside jest; `typecheck` runs `tsc --noEmit` once over the test tsconfig (sources and tests), and fails the task
 *   on any type error. `isolatedModules` also makes tsc reject what a per-file transpile would get wrong.
 * - two jest workers: on 2 cores jest's default (cores - 1) runs the files one after another; measured on the
 *   testing package, two workers take 0.75x the wall time for about the same CPU time. The root test runs two
 *   packages at a time and sets JEST_MAX_WORKERS=1, so it too keeps two test processes on two cores, not four
 *   (four made fault sweeps miss jest's 5 s test timeout on a loaded machine).
 * - no jest coverage: nothing reads it (the simulator's own test-reports/workflow-coverage/ is separate and stays).
 * - jest totals go to test-reports/jest-results.json (the root prints one `N passed, N failed` line over all packages).
 * - no task updates jest snapshots: `--ci` fails a missing snapshot and projen's `test:update` is removed. The integ
 *   snapshots have their own explicit `integ:update`.
 */
export function configureJest(project: javascript.NodeProject) {
  const typecheck = project.addTask('typecheck', {
    description: 'Type-check the sources and the tests (jest itself only transpiles)',
    exec: 'tsc --noEmit -p test/tsconfig.json',
  });
  const testTask = project.testTask;
  testTask.reset('jest --maxWorkers=${JEST_MAX_WORKERS:-2} --passWithNoTests --ci --json --outputFile=test-reports/jest-results.json');
  testTask.spawn(typecheck);
  const eslint = project.tasks.tryFind('eslint');
  if (eslint) {
    testTask.spawn(eslint);
    lintWithOneProgram(project);
  }
  const jestConfig = project.package.file;
  jestConfig.addOverride('jest.collectCoverage', false);
  for (const key of ['coverageProvider', 'coverageReporters', 'coverageDirectory', 'coveragePathIgnorePatterns']) {
    jestConfig.addDeletionOverride(`jest.${key}`);
  }
  project.tasks.removeTask('test:update');
  project.gitignore.exclude('/test-reports/');
}

/** `bench` runs the package's bench/*.bench.ts scripts, which print figures (never timed assertions). */
export function addBenchmarkTask(project: javascript.NodeProject) {
  project.addTask('bench', {
    description: 'Run the benchmark scripts in bench/ and print their figures',
    exec: 'node ../../scripts/run-benchmarks.js',
  });
  project.npmignore?.exclude('/bench/');
}

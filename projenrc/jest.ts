import { javascript } from 'projen';

/**
 * ESLint options every package shares: typed rules (projen's config enables the TypeScript project service), run
 * once per package by `test`, and never with `--fix` there: a test command must not rewrite sources. Fix by hand
 * with `npx projen eslint --fix`.
 */
export const eslintOptions: javascript.EslintOptions = { dirs: ['src'], commandOptions: { fix: false } };

/**
 * The package's `test` task, in one place for every package:
 * - jest runs transpile-only (ts-jest with `isolatedModules` in the test tsconfig), so no test file is type-checked
 *   inside jest; `typecheck` runs `tsc --noEmit` once over the tests and the sources they import, and fails the task
 *   on any type error. `isolatedModules` also makes tsc reject what a per-file transpile would get wrong.
 * - two jest workers: on 2 cores jest's default (cores - 1) runs the files one after another; measured on the
 *   testing package, two workers take 0.75x the wall time for about the same CPU time.
 * - no jest coverage: nothing reads it (the simulator's own test-reports/workflow-coverage/ is separate and stays).
 * - jest totals go to test-reports/jest-results.json (the root prints one `N passed, N failed` line over all packages).
 * - no task updates jest snapshots: `--ci` fails a missing snapshot and projen's `test:update` is removed. The integ
 *   snapshots have their own explicit `integ:update`.
 */
export function configureJest(project: javascript.NodeProject) {
  const typecheck = project.addTask('typecheck', {
    description: 'Type-check the tests and the sources they import (jest itself only transpiles)',
    exec: 'tsc --noEmit -p test/tsconfig.json',
  });
  const testTask = project.testTask;
  testTask.reset('jest --passWithNoTests --ci --json --outputFile=test-reports/jest-results.json');
  testTask.spawn(typecheck);
  const eslint = project.tasks.tryFind('eslint');
  if (eslint) {
    testTask.spawn(eslint);
  }
  const jestConfig = project.package.file;
  jestConfig.addOverride('jest.collectCoverage', false);
  jestConfig.addOverride('jest.maxWorkers', 2);
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

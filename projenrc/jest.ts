import { javascript } from 'projen';

/**
 * Replaces the generated test step so every package writes its jest totals to
 * test-reports/jest-results.json (the root prints one `N passed, N failed` line over all packages).
 * No task updates jest snapshots: `test` runs with `--ci` (a missing snapshot fails), and projen's
 * `test:update` (jest --updateSnapshot) is removed, so a snapshot test can always fail. The integ
 * snapshots have their own explicit `integ:update`.
 */
export function configureJest(project: javascript.NodeProject) {
  const testTask = project.testTask;
  testTask.reset('jest --passWithNoTests --coverageProvider=v8 --ci --json --outputFile=test-reports/jest-results.json');
  const eslint = project.tasks.tryFind('eslint');
  if (eslint) {
    testTask.spawn(eslint);
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
}

import { javascript, typescript } from 'projen';

/**
 * The release path of the five published packages: public scoped packages whose tarballs hold only what a user needs,
 * and a root `release` task that versions, builds and packs all of them with one version (lockstep 0.x).
 * Publishing is a CI step with a token (see CONTRIBUTING.md), never part of the task.
 */
export function configureRelease(root: typescript.TypeScriptProject, packages: javascript.NodeProject[]) {
  for (const project of packages) {
    // Scoped packages publish as restricted unless told otherwise.
    project.package.addField('publishConfig', { access: 'public' });
    // Benchmarks, the Lambda's TypeScript sources (the bundle in assets/ ships) and README pictures stay in the repository.
    project.npmignore?.exclude('/bench/', '/lambda/', '/docs/');
  }
  root.addTask('release', {
    description: 'Version (from the commits since the last v* tag), build and pack every published package into dist/release',
    exec: 'node scripts/release.js',
    receiveArgs: true,
  });
  root.gitignore.exclude('/dist/');
}

/**
 * Versions that install and work together on the npm mirror this project builds against
 * (see ../shared/TOOLCHAIN.md in the workplace). Pinned, because the mirror often serves only `latest`.
 */
export const versions = {
  /**
   * Minimum aws-cdk-lib a user needs (peer dependency): `Runtime.NODEJS_24_X` first exists in 2.224.0.
   * `npm run compat` synthesizes the example app on it, so the minimum stays true.
   */
  cdkMinimum: '2.224.0',
  /**
   * aws-cdk-lib used for development and tests: the newest whose cloud assembly (schema 53) the newest integ-runner the
   * registry serves (2.197.10) can read; 2.258.0 and later write schema 54+. Also cdk-nag 3's minimum (2.257.0).
   * `npm run compat` synthesizes on the newest aws-cdk-lib the registry serves (2.278.0 on 2026-12-07).
   */
  cdkDevelopment: '2.257.0',
  /** The newest integ-tests-alpha the registry serves; its peer range `^2.245.0` accepts the development aws-cdk-lib. */
  integTestsAlpha: '2.245.0-alpha.0',
  /**
   * aws-cdk-lib 2.257.0 depends on this jsii assembly but installs it inside its own bundle, where jsii cannot find it
   * from the packages: a root dev dependency makes it resolvable (the version aws-cdk-lib 2.257.0 installs).
   */
  cloudAssemblySchema: '53.28.0',
  /** The newest integ-runner the registry serves; it reads cloud assembly schema 53 at most. */
  integRunner: '2.197.10',
  awsCdkCli: '2.1115.1',
  constructsMinimum: '10.0.5',
  constructsDevelopment: '10.5.1',
  jsii: '~6.0.16',
  jsiiRosetta: '~6.0.17',
  jsiiPacmak: '1.140.0',
  jsiiDocgen: '10.12.6',
  projen: '0.103.25',
  typescript: '~5.9.3',
  /** cdk-nag 2 (aspects, `cdk_nag` metadata) works with aws-cdk-lib >= 2.176. */
  cdkNag: '2.38.2',
  /** cdk-nag 3 (policy-validation plugins, `Validations.acknowledge`) needs aws-cdk-lib >= 2.257. */
  cdkNag3: '3.0.2',
  aslValidator: '4.0.0',
  awsLocalStepFunctions: '3.0.0',
  /**
   * AWS SDK for JavaScript v3 clients, read for their API models (operation schemas, enums, retirement notices).
   * Each client is versioned on its own; any 3.x release from 2026-09 on carries Organizations' Account.State.
   */
  awsSdkClients: '^3.1138.0',
  // The JSONata reference implementation, as AWS Step Functions documents; evaluates JSONata Pass states locally.
  jsonata: '^2.2.2',
  /** Node.js versions the packages support; 20 is past end of life but is what this toolchain runs on. */
  nodeEngines: '^20.19.0 || ^22.0.0 || ^24.0.0',
  minNodeVersion: '20.19.0',
};

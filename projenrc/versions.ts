/**
 * Versions that install and work together on the npm mirror this project builds against
 * (see ../shared/TOOLCHAIN.md in the workplace). Pinned, because the mirror often serves only `latest`.
 */
export const versions = {
  /** Minimum aws-cdk-lib a user needs (peer dependency); the constructs use the aws-scheduler L2 and JSONPath query language. */
  cdkMinimum: '2.200.0',
  /** aws-cdk-lib used for development and tests; @aws-cdk/integ-tests-alpha is only served for a few CDK versions. */
  cdkDevelopment: '2.245.0',
  integTestsAlpha: '2.245.0-alpha.0',
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
  cdkNag: '2.38.2',
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

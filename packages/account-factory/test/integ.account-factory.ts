/**
 * Integration test: deploys an AccountFactory and an AccountRetirement sharing a registry in the
 * organization's management account (us-east-1), then:
 *   1. an invalid input (a bad email; an account name over the 50-character Organizations limit, measured by the
 *      JSONata state) FAILS with Statecraft.InvalidInput before any side effect, and the failure bookkeeping runs
 *      on each failed execution (and records nothing, as nothing happened);
 *   2. a real vending run creates a test account, moves it to the target OU and SUCCEEDS (READY);
 *   3. a second run for the same tenant SUCCEEDS at once with the same account (no second CreateAccount);
 *   4. the retirement closes the test account and SUCCEEDS (RETIRED), which is the clean-up.
 *
 * Offline (`npx projen test`): synthesized and compared with the committed snapshot.
 * In a sandbox organization: see the README ("Running the integration test"); pass your ids as context:
 *   npx projen integ:deploy -- --context organizationRootId=r-xxxx --context targetOu=ou-xxxx-xxxxxxxx \
 *     --context suspendedOu=ou-xxxx-yyyyyyyy --context emailDomain=example.com
 */
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccountFactory, AccountRetirement, TenantRegistry } from '../src';

// No construct creation stacks in the snapshot's metadata: they hold this machine's absolute paths.
const app = new App({ context: { 'aws:cdk:disable-creation-stack-traces': true } });
const context = (name: string, fallback: string) => String(app.node.tryGetContext(name) ?? fallback);
const rootId = context('organizationRootId', 'r-exam');
const targetOu = context('targetOu', 'ou-exam-tenants1');
const suspendedOu = context('suspendedOu', 'ou-exam-suspended');
const emailDomain = context('emailDomain', 'example.com');

// Deployed to us-east-1 (integ-runner --parallel-regions us-east-1), where Organizations' API endpoint is.
const stack = new Stack(app, 'AccountFactoryInteg');
const registry = new TenantRegistry(stack, 'Registry', { removalPolicy: RemovalPolicy.DESTROY });
const factory = new AccountFactory(stack, 'Factory', { organizationRootId: rootId, registry, tenantIdPattern: 'integ-*' });
const retirement = new AccountRetirement(stack, 'Retirement', { registry, suspendedOuId: suspendedOu, closureQuota: 10 });

const integ = new IntegTest(app, 'AccountFactoryTest', { testCases: [stack], regions: ['us-east-1'] });

const tenant = {
  tenantId: 'integ-tenant-1',
  accountName: 'Statecraft integ tenant 1',
  email: `statecraft-integ-tenant-1@${emailDomain}`,
  organizationalUnitId: targetOu,
  tags: [{ Key: 'purpose', Value: 'statecraft-integ' }],
};

const run = (stateMachineArn: string, name: string, input: object) => {
  const start = integ.assertions.awsApiCall('StepFunctions', 'startExecution', { stateMachineArn, name, input: JSON.stringify(input) });
  return integ.assertions.awsApiCall('StepFunctions', 'describeExecution', { executionArn: start.getAttString('executionArn') });
};

const invalid = run(factory.stateMachine.stateMachineArn, 'integ-invalid-email', { ...tenant, email: 'not-an-email' });
invalid.expect(ExpectedResult.objectLike({ status: 'FAILED', error: 'Statecraft.InvalidInput' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(2), interval: Duration.seconds(10) });

const tooLong = run(factory.stateMachine.stateMachineArn, 'integ-account-name-too-long', { ...tenant, accountName: 'N'.repeat(51) });
tooLong.expect(ExpectedResult.objectLike({ status: 'FAILED', error: 'Statecraft.InvalidInput', cause: Match.stringLikeRegexp("'accountName'") }))
  .waitForAssertions({ totalTimeout: Duration.minutes(2), interval: Duration.seconds(10) });

const bookkeeping = integ.assertions.awsApiCall('StepFunctions', 'listExecutions', {
  stateMachineArn: factory.failureBookkeeping.stateMachine.stateMachineArn,
  statusFilter: 'SUCCEEDED',
});
bookkeeping.expect(ExpectedResult.objectLike({ executions: Match.arrayWith([Match.objectLike({ status: 'SUCCEEDED' })]) }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(20) });

const vend = run(factory.stateMachine.stateMachineArn, 'vend-integ-tenant-1', tenant);
vend.expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
  .waitForAssertions({ totalTimeout: Duration.minutes(45), interval: Duration.seconds(30) });

const again = run(factory.stateMachine.stateMachineArn, 'vend-integ-tenant-1-again', tenant);
again.expect(ExpectedResult.objectLike({ status: 'SUCCEEDED', output: Match.stringLikeRegexp('"existing":true') }))
  .waitForAssertions({ totalTimeout: Duration.minutes(5), interval: Duration.seconds(10) });

const retire = run(retirement.stateMachine.stateMachineArn, 'retire-integ-tenant-1', { tenantId: tenant.tenantId });
retire.expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
  .waitForAssertions({ totalTimeout: Duration.hours(1), interval: Duration.minutes(1) });

vend.next(again).next(retire);
invalid.next(tooLong).next(bookkeeping).next(vend);

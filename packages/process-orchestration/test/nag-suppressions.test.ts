import { App, ArnFormat, Aspects, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as recommendedFlags from 'aws-cdk-lib/recommended-feature-flags.json';
import * as nag2 from 'cdk-nag';
import * as nag3 from 'cdk-nag-v3';
import { CdkNagSuppressions, ProcessOrchestrator } from '../src';

// cdk-nag 2 reads `cdk_nag` metadata with `applies_to` (regex allowed); cdk-nag 3 reads only
// `Validations.of(construct).acknowledge()`, one id per finding (`AwsSolutions-IAM5[Resource::*]`), compared exactly:
// cdk-nag 3.0.2 README, "Acknowledging a Rule" and "Migrating from v2" (appliesTo -> `RuleId[FindingId]`).

/** A stack as `cdk init` makes it (recommended flags on) or as an older app has it (flags off), with an explicit env. */
function stackWith(flags: 'recommended' | 'none'): Stack {
  const app = new App({ context: flags === 'recommended' ? { ...(recommendedFlags as any) } : {} });
  return new Stack(app, 'Stack', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** A role whose policy has two wildcards the test suppresses and one (`s3:*`) it does not. */
function roleWithWildcards(stack: Stack): iam.Role {
  const role = new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('states.amazonaws.com') });
  role.addToPolicy(new iam.PolicyStatement({
    actions: ['states:DescribeExecution'],
    resources: [stack.formatArn({ service: 'states', resource: 'execution', resourceName: 'child:*', arnFormat: ArnFormat.COLON_RESOURCE_NAME })],
  }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['xray:PutTraceSegments'], resources: ['*'] }));
  role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::named-bucket'] }));
  return role;
}

function suppressExecutionsAndXray(role: iam.Role): void {
  CdkNagSuppressions.add(role.node.findChild('DefaultPolicy'), [
    { id: 'AwsSolutions-IAM5', reason: 'child executions are named at run time', appliesToPatterns: [`Resource::arn:${CdkNagSuppressions.ANY_PARTITION}:states:[^:]+:[^:]+:execution:child:\\*`] },
    { id: 'AwsSolutions-IAM5', reason: 'X-Ray has no resource-level permissions', appliesTo: ['Resource::*'] },
  ]);
}

/** Unsuppressed AwsSolutions findings as cdk-nag 2 reports them to a logger (rule id with the finding). */
function cdkNag2Findings(stack: Stack): string[] {
  const findings: string[] = [];
  const noop = () => undefined;
  const logger: nag2.INagLogger = {
    onCompliance: noop,
    onSuppressed: noop,
    onError: noop,
    onSuppressedError: noop,
    onNotApplicable: noop,
    onNonCompliance: (data) => findings.push(data.findingId === data.ruleId ? data.ruleId : `${data.ruleId}[${data.findingId}]`),
  };
  Aspects.of(stack.node.root).add(new nag2.AwsSolutionsChecks({ additionalLoggers: [logger] }));
  // With the recommended flags an error annotation (each finding) fails synthesis, which also sets the process's exit
  // code (as `cdk synth` would exit 1); the logger has the findings by then, and the test process must not inherit it.
  const exitCode = process.exitCode;
  try {
    (stack.node.root as App).synth();
  } catch (e) {
    if (findings.length === 0) throw e;
  } finally {
    process.exitCode = exitCode;
  }
  return findings;
}

/** Unsuppressed AwsSolutions findings as cdk-nag 3 reports them, after synthesis has run the aspects. */
function cdkNag3Findings(stack: Stack): string[] {
  const app = stack.node.root as App;
  app.synth();
  return new nag3.AwsSolutionsChecks().validateScope(app).violations.map((v) => v.ruleName);
}

describe('CdkNagSuppressions', () => {
  for (const flags of ['none', 'recommended'] as const) {
    test(`cdk-nag 3 honours the suppressions and still reports the unsuppressed s3:* (feature flags: ${flags})`, () => {
      const stack = stackWith(flags);
      suppressExecutionsAndXray(roleWithWildcards(stack));
      expect(cdkNag3Findings(stack)).toEqual(['AwsSolutions-IAM5[Action::s3:*]']);
    });

    test(`cdk-nag 2 honours the same suppressions and still reports the unsuppressed s3:* (feature flags: ${flags})`, () => {
      const stack = stackWith(flags);
      suppressExecutionsAndXray(roleWithWildcards(stack));
      expect(cdkNag2Findings(stack)).toEqual(['AwsSolutions-IAM5[Action::s3:*]']);
    });
  }

  test('with the recommended flags the execution ARN is a partition literal, and cdk-nag 3 gets it acknowledged by its exact finding id', () => {
    const stack = stackWith('recommended');
    const role = roleWithWildcards(stack);
    suppressExecutionsAndXray(role);
    (stack.node.root as App).synth();
    const policy = role.node.findChild('DefaultPolicy').node.defaultChild!;
    const acknowledged = policy.node.metadata
      .filter((m) => m.type === 'aws:cdk:acknowledged-rules')
      .flatMap((m) => Object.keys(m.data).map((id) => id.replace(/^annotation::/i, '')));
    expect(acknowledged).toEqual(expect.arrayContaining([
      'AwsSolutions-IAM5[Resource::arn:aws:states:us-east-1:123456789012:execution:child:*]',
      'AwsSolutions-IAM5[Resource::*]',
    ]));
    expect(acknowledged.some((id) => id.includes('s3:*'))).toBe(false);
  });

  test('a suppression without appliesTo covers every finding of the rule (cdk-nag 2 semantics), for cdk-nag 3 too', () => {
    const stack = stackWith('recommended');
    const role = roleWithWildcards(stack);
    CdkNagSuppressions.add(role, [{ id: 'AwsSolutions-IAM5', reason: 'test role' }], true);
    expect(cdkNag3Findings(stack)).toEqual([]);
  });

  test('a default ProcessOrchestrator has no unsuppressed cdk-nag 3 finding with the recommended flags', () => {
    const stack = stackWith('recommended');
    new ProcessOrchestrator(stack, 'Orchestrator', { processName: 'default', definition: new sfn.Pass(stack, 'Work') });
    expect(cdkNag3Findings(stack)).toEqual([]);
  });
});

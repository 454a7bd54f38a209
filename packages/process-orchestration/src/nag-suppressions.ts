import * as cdk from 'aws-cdk-lib';
import { CfnResource, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';
import { nagFindingText } from './private/nag-finding-text';

/**
 * A cdk-nag suppression: a rule, the findings of that rule it covers, and why they are acceptable.
 *
 * Written so that both cdk-nag 2 (which reads `cdk_nag` resource metadata) and cdk-nag 3 (which reads only
 * `Validations.of(construct).acknowledge()`, one id per finding) honour it. The library needs no cdk-nag dependency.
 */
export interface NagSuppression {
  /** The rule, for example `AwsSolutions-IAM5`. */
  readonly id: string;
  /** Why the finding is acceptable. */
  readonly reason: string;
  /**
   * Findings it covers, written exactly as cdk-nag prints them, for example `Resource::*` or `Action::s3:*`.
   * @default - with no `appliesTo` and no `appliesToPatterns`, every finding of the rule on the resource
   */
  readonly appliesTo?: string[];
  /**
   * Findings it covers, as JavaScript regular expression sources matched against the whole finding
   * (for example `Resource::arn:${CdkNagSuppressions.ANY_PARTITION}:states:.*:execution:.*`). Write ARNs with
   * `CdkNagSuppressions.ANY_PARTITION` so the pattern matches with and without `@aws-cdk/core:enablePartitionLiterals`.
   * @default - no patterns
   */
  readonly appliesToPatterns?: string[];
}

/**
 * Writes cdk-nag suppressions that hold under cdk-nag 2 and cdk-nag 3, on any aws-cdk-lib the libraries support.
 */
export class CdkNagSuppressions {
  /**
   * Matches the partition of an ARN as cdk-nag prints it: `<AWS::Partition>` (the default) or a literal such as
   * `aws`, `aws-cn` or `aws-us-gov` (with `@aws-cdk/core:enablePartitionLiterals`, which `cdk init` turns on).
   */
  public static readonly ANY_PARTITION = '(?:<AWS::Partition>|aws(?:-[a-z]+)*)';

  /**
   * Suppresses the given findings on the CloudFormation resource behind `scope` (itself or its default child),
   * or on every CloudFormation resource below `scope` when `applyToChildren` is true.
   *
   * For cdk-nag 2 it adds the `cdk_nag` metadata. For cdk-nag 3, when the installed aws-cdk-lib has
   * `Validations.acknowledge` (older versions cannot run cdk-nag 3), it acknowledges each matching finding id
   * (`AwsSolutions-IAM5[Resource::...]`) once the template is final, because cdk-nag 3 compares acknowledgements
   * with the finding ids of the synthesized resource character for character.
   */
  public static add(scope: IConstruct, suppressions: NagSuppression[], applyToChildren?: boolean): void {
    const resources = applyToChildren ? scope.node.findAll().filter(CfnResource.isCfnResource) : [resourceBehind(scope)];
    for (const resource of resources) {
      if (resource) {
        addCdkNag2Metadata(resource, suppressions);
        acknowledgeForCdkNag3(resource, suppressions);
      }
    }
  }

  /**
   * Suppresses the given findings on the default policy of `role` (the policy CDK grants write to), if it has one.
   */
  public static addToRoleDefaultPolicy(role: IConstruct, suppressions: NagSuppression[]): void {
    const policy = role.node.tryFindChild('DefaultPolicy');
    if (policy) CdkNagSuppressions.add(policy, suppressions);
  }

  private constructor() {}
}

function resourceBehind(construct: IConstruct): CfnResource | undefined {
  if (CfnResource.isCfnResource(construct)) return construct;
  const child = construct.node.defaultChild;
  return child && CfnResource.isCfnResource(child) ? child : undefined;
}

function addCdkNag2Metadata(resource: CfnResource, suppressions: NagSuppression[]): void {
  const existing = (resource.getMetadata('cdk_nag')?.rules_to_suppress ?? []) as object[];
  const added = suppressions.map((s) => {
    const findings = [...(s.appliesTo ?? []), ...(s.appliesToPatterns ?? []).map((p) => ({ regex: `/^${p}$/g` }))];
    return { id: s.id, reason: s.reason, ...(findings.length > 0 ? { applies_to: findings } : {}) };
  });
  resource.addMetadata('cdk_nag', { rules_to_suppress: [...existing, ...added] });
}

interface Acknowledger {
  acknowledge(rule: { id: string; reason: string }): void;
}

/** `Validations` arrived in aws-cdk-lib long after the peer minimum; look it up at run time so older CDKs still load. */
function validationsOf(scope: IConstruct): Acknowledger | undefined {
  const validations = (cdk as any).Validations;
  if (typeof validations?.prototype?.acknowledge !== 'function') return undefined;
  const of = validations.of(scope);
  return {
    acknowledge: (rule) => {
      try {
        of.acknowledge(rule);
      } catch (error) {
        // aws-cdk-lib 2.257 (cdk-nag 3's minimum) rejects an id with two '::' (`...[Resource::arn:<AWS::Partition>:...]`);
        // later versions accept them. Record it as acknowledge() does, under the metadata key cdk-nag 3 reads.
        if (!/Invalid validation rule ID/.test(String((error as Error)?.message))) throw error;
        scope.node.addMetadata(validations.ACKNOWLEDGED_RULES_METADATA_KEY, { [rule.id]: rule.reason });
      }
    },
  };
}

function acknowledgeForCdkNag3(resource: CfnResource, suppressions: NagSuppression[]): void {
  const validations = validationsOf(resource);
  if (!validations) return;
  // A rule without per-finding ids (AwsSolutions-S1) is acknowledged by its id alone.
  for (const s of suppressions) validations.acknowledge({ id: s.id, reason: s.reason });
  // Finding ids contain resolved logical ids and partitions: compute them after construction, before validation.
  cdk.Aspects.of(resource).add(new AcknowledgeFindings(resource, suppressions), { priority: cdk.AspectPriority.READONLY });
}

/** Acknowledges, per finding id, the findings of `resource` that the suppressions cover. */
class AcknowledgeFindings implements IAspect {
  private done = false;
  constructor(private readonly resource: CfnResource, private readonly suppressions: NagSuppression[]) {}

  public visit(node: IConstruct): void {
    if (node !== this.resource || this.done) return;
    this.done = true;
    const findings = findingIdsOf(this.resource);
    const validations = validationsOf(this.resource)!;
    for (const s of this.suppressions) {
      const patterns = (s.appliesToPatterns ?? []).map((p) => new RegExp(`^${p}$`));
      const coversAll = !s.appliesTo && !s.appliesToPatterns;
      for (const finding of findings) {
        if (coversAll || s.appliesTo?.includes(finding) || patterns.some((p) => p.test(finding))) {
          validations.acknowledge({ id: `${s.id}[${finding}]`, reason: s.reason });
        }
      }
    }
  }
}

/**
 * The per-finding ids cdk-nag's IAM rules can report on an IAM resource (`Action::s3:Get*`, `Resource::<Bucket.Arn>/*`,
 * `Policy::arn:<AWS::Partition>:iam::aws:policy/...`). A superset: acknowledging an id that is not reported is harmless.
 */
function findingIdsOf(resource: CfnResource): string[] {
  const stack = Stack.of(resource);
  const documents: any[] = [];
  const policyArns: any[] = [];
  if (resource instanceof iam.CfnPolicy || resource instanceof iam.CfnManagedPolicy) {
    documents.push(stack.resolve(resource.policyDocument));
  } else if (resource instanceof iam.CfnRole || resource instanceof iam.CfnUser || resource instanceof iam.CfnGroup) {
    for (const policy of stack.resolve(resource.policies) ?? []) documents.push(stack.resolve(policy).policyDocument);
    policyArns.push(...(stack.resolve(resource.managedPolicyArns) ?? []));
  }
  const ids = new Set<string>();
  for (const document of documents) {
    for (const statement of document?.Statement ?? []) {
      for (const action of asArray(statement.Action)) ids.add(`Action::${action}`);
      for (const arn of asArray(statement.Resource)) ids.add(`Resource::${nagFindingText(arn)}`);
    }
  }
  for (const arn of policyArns) ids.add(`Policy::${nagFindingText(stack.resolve(arn))}`);
  return [...ids];
}

function asArray(value: any): any[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import { Construct } from 'constructs';

/** Who manages a StackSet's execution roles. */
export enum StackSetPermissionModel {
  /** Organizations-managed (trusted access): targets are accounts within an OU. */
  SERVICE_MANAGED = 'SERVICE_MANAGED',
  /** Self-managed: the new account must already have the StackSet execution role. */
  SELF_MANAGED = 'SELF_MANAGED',
}

/** Whether the StackSet is administered by the management account or a delegated administrator. */
export enum StackSetCallAs {
  /** The management account administers the StackSet. */
  SELF = 'SELF',
  /** A delegated administrator account administers the StackSet (service-managed only). */
  DELEGATED_ADMIN = 'DELEGATED_ADMIN',
}

/** Options for a StackSet that already exists. */
export interface ExistingStackSetOptions {
  /**
   * The StackSet's permission model.
   * @default StackSetPermissionModel.SERVICE_MANAGED
   */
  readonly permissionModel?: StackSetPermissionModel;
  /**
   * Who administers it.
   * @default StackSetCallAs.SELF
   */
  readonly callAs?: StackSetCallAs;
  /**
   * Regions to deploy to in the new account.
   * @default - the factory's `baselineRegions`
   */
  readonly regions?: string[];
}

/** Options for a StackSet created from a template. */
export interface TemplateStackSetOptions {
  /**
   * Regions to deploy to in the new account.
   * @default - the factory's `baselineRegions`
   */
  readonly regions?: string[];
  /**
   * Capabilities the template needs.
   * @default ['CAPABILITY_NAMED_IAM']
   */
  readonly capabilities?: string[];
  /**
   * Template parameters.
   * @default - none
   */
  readonly parameters?: { [name: string]: string };
  /**
   * A description of the StackSet.
   * @default - none
   */
  readonly description?: string;
}

/** What the workflow needs to know about a baseline StackSet once bound. */
export interface BoundStackSet {
  /** The StackSet name. */
  readonly stackSetName: string;
  /** The permission model. */
  readonly permissionModel: StackSetPermissionModel;
  /** Who administers it. */
  readonly callAs: StackSetCallAs;
  /** Regions to deploy to, if set on the StackSet. */
  readonly regions?: string[];
}

/**
 * A baseline StackSet deployed to every new account: an existing StackSet by name, or a template that the
 * factory turns into a service-managed StackSet.
 */
export abstract class BaselineStackSet {
  /** A StackSet that already exists (created by your platform, Control Tower customizations, ...). */
  public static existing(stackSetName: string, options: ExistingStackSetOptions = {}): BaselineStackSet {
    return new ExistingBaselineStackSet(stackSetName, options);
  }

  /**
   * A service-managed StackSet created from this template (JSON or YAML text). Its instances are only
   * created by the workflow (automatic deployment is off), and its operations are managed (queued when
   * they conflict), so many tenants can be baselined at once.
   */
  public static fromTemplateBody(stackSetName: string, templateBody: string, options: TemplateStackSetOptions = {}): BaselineStackSet {
    return new TemplateBaselineStackSet(stackSetName, templateBody, options);
  }

  /** The StackSet name. */
  public abstract readonly stackSetName: string;

  /** Creates what the StackSet needs in `scope` (if anything) and describes it for the workflow. */
  public abstract bind(scope: Construct): BoundStackSet;
}

class ExistingBaselineStackSet extends BaselineStackSet {
  constructor(public readonly stackSetName: string, private readonly options: ExistingStackSetOptions) {
    super();
  }

  public bind(_scope: Construct): BoundStackSet {
    return {
      stackSetName: this.stackSetName,
      permissionModel: this.options.permissionModel ?? StackSetPermissionModel.SERVICE_MANAGED,
      callAs: this.options.callAs ?? StackSetCallAs.SELF,
      regions: this.options.regions,
    };
  }
}

class TemplateBaselineStackSet extends BaselineStackSet {
  constructor(public readonly stackSetName: string, private readonly templateBody: string, private readonly options: TemplateStackSetOptions) {
    super();
  }

  public bind(scope: Construct): BoundStackSet {
    new cloudformation.CfnStackSet(scope, `StackSet-${this.stackSetName}`, {
      stackSetName: this.stackSetName,
      permissionModel: StackSetPermissionModel.SERVICE_MANAGED,
      autoDeployment: { enabled: false },
      capabilities: this.options.capabilities ?? ['CAPABILITY_NAMED_IAM'],
      description: this.options.description,
      templateBody: this.templateBody,
      managedExecution: { Active: true },
      parameters: Object.entries(this.options.parameters ?? {}).map(([parameterKey, parameterValue]) => ({ parameterKey, parameterValue })),
    });
    return {
      stackSetName: this.stackSetName,
      permissionModel: StackSetPermissionModel.SERVICE_MANAGED,
      callAs: StackSetCallAs.SELF,
      regions: this.options.regions,
    };
  }
}

/** The baseline StackSets: AccountFactory deploys them to every new account, AccountRetirement removes the account's instances. */
export interface BaselineOptions {
  /**
   * The baseline StackSets (on retirement the stacks are retained: the account closes).
   * @default - no baseline
   */
  readonly baselineStackSets?: BaselineStackSet[];
  /**
   * Regions of the baseline StackSets' instances (unless a StackSet names its own).
   * @default - the stack's Region
   */
  readonly baselineRegions?: string[];
}

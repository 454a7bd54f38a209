import { App, Aspects, CfnResource } from 'aws-cdk-lib';
import {
  AwsSolutionsChecks, INagLogger, NagLoggerComplianceData, NagLoggerErrorData, NagLoggerNonComplianceData,
  NagLoggerNotApplicableData, NagLoggerSuppressedData, NagLoggerSuppressedErrorData,
} from 'cdk-nag';

/** One unsuppressed finding (a rule that failed, or a rule that could not be evaluated). */
export interface NagFinding {
  readonly ruleId: string;
  readonly resourcePath: string;
  readonly detail: string;
}

/** Collects cdk-nag results as data, so the demo can print a count instead of parsing annotations. */
export class NagFindingCollector implements INagLogger {
  public readonly findings: NagFinding[] = [];
  public suppressed = 0;
  public compliant = 0;

  public onCompliance(_data: NagLoggerComplianceData): void {
    this.compliant++;
  }
  public onNonCompliance(data: NagLoggerNonComplianceData): void {
    // The finding id names what the rule matched (e.g. the wildcard resource) when it differs from the rule id.
    const detail = data.findingId === data.ruleId ? data.ruleInfo : data.findingId;
    this.findings.push({ ruleId: data.ruleId, resourcePath: pathOf(data.resource), detail });
  }
  public onSuppressed(_data: NagLoggerSuppressedData): void {
    this.suppressed++;
  }
  public onError(data: NagLoggerErrorData): void {
    this.findings.push({ ruleId: data.ruleId, resourcePath: pathOf(data.resource), detail: `rule error: ${data.errorMessage}` });
  }
  public onSuppressedError(_data: NagLoggerSuppressedErrorData): void {
    this.suppressed++;
  }
  public onNotApplicable(_data: NagLoggerNotApplicableData): void {}
}

function pathOf(resource: CfnResource): string {
  return resource.node.path;
}

/** Adds the AwsSolutions checks to every stack of the app; they run during synthesis. */
export function addAwsSolutionsChecks(app: App): NagFindingCollector {
  const collector = new NagFindingCollector();
  Aspects.of(app).add(new AwsSolutionsChecks({ additionalLoggers: [collector] }));
  return collector;
}

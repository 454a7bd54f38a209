import { Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';

/**
 * The cdk-nag AwsSolutions findings left unsuppressed on a stack (errors and warnings), one line each:
 * `<construct path>: <rule id and first line of its message>`. Add the AwsSolutionsChecks aspect before calling it;
 * a clean stack gives `[]`.
 */
export function awsSolutionsFindings(stack: Stack): string[] {
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((finding) => `${finding.id}: ${String(finding.entry.data).split('\n')[0]}`);
}

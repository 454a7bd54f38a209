import { fiveStageDemoScenarios } from '../../../packages/ml-pipeline/test/scenarios';
import { TenantPlatformStack } from '../composition/tenant-platform-stack';
import { DemoWorkflow } from '../demo-workflow';
// The realistic mocks (a 40-minute Databricks run, 12- and 10-minute transforms, a 40-minute training job) are the
// ones the package's own simulation tests use.

/** The five-stage preset of the tenant platform: Databricks, scikit-learn, training, batch transform, endpoint. */
export function mlPipelineExample(stack: TenantPlatformStack): DemoWorkflow[] {
  return [{
    name: 'ml-pipeline-five-stage',
    packageName: '@statecraft/ml-pipeline',
    stack,
    stateMachine: stack.pipeline.stateMachine,
    scenarios: fiveStageDemoScenarios(),
    readme: 'packages/ml-pipeline/README.md',
  }];
}

import { App } from 'aws-cdk-lib';
import { DemoWorkflow } from './demo-workflow';
import { processOrchestrationExample } from './workflows/process-orchestration';
import { cvSafetyExample } from './workflows/cv-safety';
import { mlPipelineExample } from './workflows/ml-pipeline';
import { tenantPlatformExample } from './workflows/tenant-platform';

export interface ExampleAppOptions {
  /**
   * Where the cloud assembly is written.
   * @default cdk.out in the working directory
   */
  readonly outdir?: string;
}

/** The example CDK app: one realistic instance of every Statecraft L3, each in its own stack. */
export function createExampleApp(options: ExampleAppOptions = {}): { app: App; workflows: DemoWorkflow[] } {
  const app = new App({ outdir: options.outdir });
  const platform = tenantPlatformExample(app);
  const workflows: DemoWorkflow[] = [
    ...processOrchestrationExample(app),
    ...mlPipelineExample(platform.stack),
    ...cvSafetyExample(app),
    ...platform.workflows,
  ];
  return { app, workflows };
}

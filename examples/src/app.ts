import { App } from 'aws-cdk-lib';
import { DemoWorkflow, ReadmeDiagram } from './demo-workflow';
import { accountFactoryExample } from './workflows/account-factory';
import { cvSafetyExample } from './workflows/cv-safety';
import { mlPipelineExample } from './workflows/ml-pipeline';
import { processOrchestrationExample } from './workflows/process-orchestration';
import { tenantPlatformExample } from './workflows/tenant-platform';

export interface ExampleAppOptions {
  /**
   * Where the cloud assembly is written.
   * @default cdk.out in the working directory
   */
  readonly outdir?: string;
}

/** The example CDK app: one realistic instance of every Statecraft L3, each in its own stack. */
export interface ExampleApp {
  readonly app: App;
  /** The workflows the demo runs, with their scenarios. */
  readonly workflows: DemoWorkflow[];
  /** Every README diagram: the demo workflows' and those of state machines the demo does not run. */
  readonly diagrams: ReadmeDiagram[];
}

export function createExampleApp(options: ExampleAppOptions = {}): ExampleApp {
  const app = new App({ outdir: options.outdir });
  const platform = tenantPlatformExample(app);
  const accounts = accountFactoryExample(app, platform.stack);
  const workflows: DemoWorkflow[] = [
    ...processOrchestrationExample(app),
    ...accounts.workflows,
    ...mlPipelineExample(platform.stack),
    ...cvSafetyExample(app),
    ...platform.workflows,
  ];
  const diagrams: ReadmeDiagram[] = [
    ...workflows.flatMap((w) => (w.readme ? [{ name: w.name, stack: w.stack, stateMachine: w.stateMachine, readme: w.readme }] : [])),
    ...platform.diagrams,
    ...accounts.diagrams,
  ];
  return { app, workflows, diagrams };
}

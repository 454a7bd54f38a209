import { createExampleApp } from './app';

// Entry point for the CDK CLI (`npx cdk synth` / `npx cdk deploy` in examples/, see cdk.json).
createExampleApp().app.synth();

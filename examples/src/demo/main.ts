import * as fs from 'node:fs';
import * as path from 'node:path';
import { WorkflowDefinition } from '@statecraft/testing';
import { createExampleApp } from '../app';
import { addAwsSolutionsChecks } from './nag-findings';
import { WorkflowPictures } from './pictures';
import { ScenarioReport, runWorkflowScenarios } from './scenario-engine';
import { loadSynthesizedDefinitions } from './synthesized-definitions';
import { renderTable } from './table';

const repositoryRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * `npm run demo`: synthesize the example app to cdk.out/, validate every state machine, run each workflow's scenarios
 * locally, print the cost table, write demo-out/ (report, Mermaid and SVG pictures) and count cdk-nag findings.
 * Exits 1 when a scenario ends differently from what it expects or a finding is unsuppressed.
 */
async function main(): Promise<number> {
  const started = Date.now();
  const progress = (message: string) => console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)}s] ${message}`);
  const cdkOut = path.join(repositoryRoot, 'cdk.out');
  const demoOut = path.join(repositoryRoot, 'demo-out');
  fs.rmSync(demoOut, { recursive: true, force: true });

  progress('synthesizing the example app with cdk-nag AwsSolutions checks');
  const { app, workflows } = createExampleApp({ outdir: cdkOut });
  const nag = addAwsSolutionsChecks(app);
  const assembly = app.synth();

  const synthesized = loadSynthesizedDefinitions(assembly);
  progress(`validated ${synthesized.length} state machine definitions in ${assembly.stacks.length} stacks as CreateStateMachine would (@statecraft/testing validateDefinition)`);

  const pictures = await WorkflowPictures.create(demoOut);
  const reports: ScenarioReport[] = [];
  for (const workflow of workflows) {
    const logicalId = workflow.stack.getLogicalId(workflow.stateMachine.node.defaultChild as never);
    const definition = definitionOf(synthesized, workflow.stack.stackName, logicalId);
    progress(`${workflow.name}: running ${workflow.scenarios.length} scenarios`);
    pictures.write(workflow.name, definition);
    for (const run of await runWorkflowScenarios(workflow, definition)) {
      pictures.write(`${workflow.name}.${run.scenario.name}`, definition, run.result);
      reports.push(run.report);
      const outcome = run.report.error ? `${run.report.status} ${run.report.error}` : run.report.status;
      progress(`  ${run.scenario.name}: ${outcome}${run.report.asExpected ? '' : '  <-- UNEXPECTED'}`);
    }
  }

  console.log(`\n${renderTable(reports)}\n`);
  const unexpected = reports.filter((r) => !r.asExpected);
  const report = {
    generatedBy: 'npm run demo',
    pricing: 'AWS Step Functions Standard, USD 0.025 per 1,000 state transitions (us-east-1 list price)',
    stateMachinesValidated: synthesized.map((s) => `${s.stackName}/${s.logicalId}`),
    scenarios: reports,
    cdkNag: { pack: 'AwsSolutions', unsuppressedFindings: nag.findings, suppressed: nag.suppressed },
  };
  fs.writeFileSync(path.join(demoOut, 'report.json'), `${JSON.stringify(report, undefined, 2)}\n`);

  console.log(`cdk-nag AwsSolutions: ${nag.findings.length} unsuppressed findings (${nag.suppressed} suppressed, each with a reason)`);
  for (const finding of nag.findings) {
    console.log(`  ${finding.ruleId} ${finding.resourcePath}: ${finding.detail}`);
  }
  console.log(`wrote ${path.relative(process.cwd(), path.join(demoOut, 'report.json'))} and ${fs.readdirSync(demoOut).length - 1} pictures to demo-out/`);
  progress(unexpected.length === 0 ? 'every scenario ended as expected' : `${unexpected.length} scenarios ended unexpectedly`);
  return unexpected.length === 0 && nag.findings.length === 0 ? 0 : 1;
}

function definitionOf(synthesized: ReturnType<typeof loadSynthesizedDefinitions>, stackName: string, logicalId: string): WorkflowDefinition {
  const found = synthesized.find((s) => s.stackName === stackName && s.logicalId === logicalId);
  if (!found) {
    throw new Error(`state machine ${stackName}/${logicalId} is not in the synthesized app`);
  }
  return found.definition;
}

main().then((code) => process.exit(code), (err) => {
  console.error(err);
  process.exit(1);
});

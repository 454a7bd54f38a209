/**
 * Figures for ProcessOrchestrator: job-graph compile time, synth time and definition size as graphs grow (Step Functions
 * allows definitions up to 1,048,576 characters), and local simulation speed of the example workflows.
 * Prints figures; asserts nothing.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FAULT_SWEEP_REPORT_DIR, WorkflowDefinition, WorkflowSimulator, sweepFaults } from '@statecraft/testing';
import { App, Stack } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Job, JobGraph, ProcessOrchestrator } from '../src';
import { nightlyBatch, orderSaga } from '../test/example-workflows';

const MAX_DEFINITION_CHARS = 1_048_576;

/** A layered DAG: `width` jobs per layer, each depending on two jobs of the layer before. */
function layeredJobs(scope: Stack | undefined, layers: number, width: number): Job[] {
  const jobs: Job[] = [];
  for (let layer = 0; layer < layers; layer++) {
    for (let i = 0; i < width; i++) {
      const name = `job-${layer}-${i}`;
      const dependsOn = layer === 0 ? [] : [`job-${layer - 1}-${i}`, `job-${layer - 1}-${(i + 1) % width}`];
      jobs.push({ name, work: scope ? new sfn.Pass(scope, name) : (undefined as any), dependsOn });
    }
  }
  return jobs;
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const result = fn();
  return [result, performance.now() - start];
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function main() {
  console.log('Job graph stage computation (no CDK), median of 5:');
  for (const [layers, width] of [[10, 10], [50, 20], [100, 100]]) {
    const graph = new JobGraph(layeredJobs(undefined, layers, width));
    const runs = Array.from({ length: 5 }, () => time(() => graph.stages())[1]);
    console.log(`  ${String(layers * width).padStart(6)} jobs in ${layers} stages: ${median(runs).toFixed(2)} ms`);
  }

  console.log('\nSynth of a ProcessOrchestrator with a job graph (construct + template), definition size:');
  for (const [layers, width] of [[5, 4], [10, 10], [20, 25]]) {
    const [, ms] = time(() => {
      const stack = new Stack(new App(), 'Bench', { env: { account: '123456789012', region: 'us-east-1' } });
      const orchestrator = new ProcessOrchestrator(stack, 'O', { processName: 'bench', jobGraph: new JobGraph(layeredJobs(stack, layers, width)) });
      const definition = WorkflowDefinition.fromStateMachine(orchestrator.stateMachine, { name: 'bench' });
      const chars = JSON.stringify(definition.asl).length;
      console.log(`  ${String(layers * width).padStart(4)} jobs: ${definition.states.length} states, ${chars} characters (${(100 * chars / MAX_DEFINITION_CHARS).toFixed(2)}% of the limit)`);
    });
    console.log(`        synth + load: ${ms.toFixed(0)} ms`);
  }

  console.log('\nLocal simulation of the example workflows (virtual clock), median of 20 runs:');
  const examples: Array<[string, (s: Stack) => ProcessOrchestrator, object]> = [
    ['nightly-batch (job graph)', nightlyBatch, { runDate: '2026-11-24T02:00:00Z', region: 'eu' }],
    ['order-fulfilment (saga)', orderSaga, { orderId: 'order-1' }],
  ];
  for (const [name, build, input] of examples) {
    const stack = new Stack(new App(), 'Bench', { env: { account: '123456789012', region: 'us-east-1' } });
    const sim = new WorkflowSimulator(WorkflowDefinition.fromStateMachine(build(stack).stateMachine, { name: `bench-${name.split(' ')[0]}` }), {
      mocks: { integrations: { 'lambda:invoke': { return: { Payload: {} } }, 'dynamodb:updateItem': { return: {} } } },
      writeCoverageReport: false,
    });
    const times: number[] = [];
    let transitions = 0;
    for (let i = 0; i < 20; i++) {
      const start = performance.now();
      const result = await sim.run(input);
      times.push(performance.now() - start);
      transitions = result.transitions;
    }
    const [report, sweepMs] = await (async () => {
      const start = performance.now();
      const r = await sweepFaults(sim, { input, print: false, name: `bench-${name.split(' ')[0]}` });
      return [r, performance.now() - start] as const;
    })();
    console.log(`  ${name}: ${median(times).toFixed(1)} ms per run, ${transitions} transitions; `
      + `fault sweep ${report.totals.cells} cells in ${sweepMs.toFixed(0)} ms`);
    // The sweep writes a report beside the tests' reports; a benchmark's run is not one of them.
    rmSync(join(FAULT_SWEEP_REPORT_DIR, `bench-${name.split(' ')[0]}.json`), { force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});

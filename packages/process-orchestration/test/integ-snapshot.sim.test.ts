import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkflowDefinition, WorkflowSimulator, installMatchers } from '@statecraft/testing';

installMatchers();

/**
 * Runs the committed integ snapshot's state machine locally with the two inputs the integ assertions use, so the
 * expectations a sandbox deployment checks (SUCCEEDED; FAILED with Statecraft.InvalidInput) hold before deploying.
 */
const template = JSON.parse(readFileSync(join(__dirname, 'integ.process-orchestrator.ts.snapshot', 'ProcessOrchestratorInteg.template.json'), 'utf8'));
const sim = new WorkflowSimulator(WorkflowDefinition.fromTemplate(template, { name: 'integ-settlement' }), { writeCoverageReport: false });

describe('integ snapshot, run locally', () => {
  test('the valid input of the integ assertion succeeds through every job and the saga', async () => {
    const result = await sim.run({ accountId: 'acct-42', amount: 100 }, { executionName: 'integ-valid' });

    expect(result).toSucceed();
    expect(result).toHaveVisitedInOrder(['Validate Input', 'Run Process',
      'Stage 1 (fetch-rates, fetch-balance)', 'Stage 2 (settle)', 'Reserve Funds', 'Post Ledger', 'Ledger Latency']);
    expect(result.elapsedSeconds).toBe(2);
  });

  test('the invalid input of the integ assertion fails with Statecraft.InvalidInput naming accountId', async () => {
    const result = await sim.run({ accountId: 'savings-42', amount: 100 }, { executionName: 'integ-invalid' });

    expect(result).toFailWith('Statecraft.InvalidInput', "Input field 'accountId' is invalid");
  });
});

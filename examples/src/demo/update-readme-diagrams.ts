import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { toMermaid } from '@statecraft/testing';
import { createExampleApp } from '../app';
import { loadSynthesizedDefinitions } from './synthesized-definitions';

const repositoryRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * `npm run diagrams`: replaces the text between `<!-- generated:diagram:<name> start -->` and
 * `<!-- generated:diagram:<name> end -->` in each package README with the Mermaid diagram of that workflow, drawn
 * from the example app's synthesized definition. Diagrams are never drawn by hand.
 */
export interface UpdateReadmeDiagramsOptions {
  /**
   * Write the diagrams into the READMEs; with false, only report which READMEs are stale (the test does).
   * @default true
   */
  readonly write?: boolean;
}

export function updateReadmeDiagrams(options: UpdateReadmeDiagramsOptions = {}): string[] {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'statecraft-diagrams-'));
  const { app, diagrams } = createExampleApp({ outdir });
  const synthesized = loadSynthesizedDefinitions(app.synth());
  const updated: string[] = [];
  for (const workflow of diagrams) {
    const logicalId = workflow.stack.getLogicalId(workflow.stateMachine.node.defaultChild as never);
    const found = synthesized.find((s) => s.stackName === workflow.stack.stackName && s.logicalId === logicalId);
    if (!found) {
      throw new Error(`no synthesized state machine for ${workflow.name}`);
    }
    const readmePath = path.join(repositoryRoot, workflow.readme);
    const readme = fs.readFileSync(readmePath, 'utf8');
    const replaced = replaceBetweenMarkers(readme, `generated:diagram:${workflow.name}`, `\`\`\`mermaid\n${toMermaid(found.definition).trimEnd()}\n\`\`\``);
    if (replaced === undefined) {
      throw new Error(`${workflow.readme} has no <!-- generated:diagram:${workflow.name} start/end --> markers`);
    }
    if (replaced !== readme) {
      if (options.write ?? true) fs.writeFileSync(readmePath, replaced);
      updated.push(`${workflow.readme} (${workflow.name})`);
    }
  }
  fs.rmSync(outdir, { recursive: true, force: true });
  return updated;
}

/** Returns the text with the block between the markers replaced, or undefined when the markers are missing. */
export function replaceBetweenMarkers(text: string, marker: string, content: string): string | undefined {
  const start = `<!-- ${marker} start -->`;
  const end = `<!-- ${marker} end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) {
    return undefined;
  }
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}

if (require.main === module) {
  const updated = updateReadmeDiagrams();
  console.log(updated.length === 0 ? 'README diagrams are up to date' : `updated:\n  ${updated.join('\n  ')}`);
}

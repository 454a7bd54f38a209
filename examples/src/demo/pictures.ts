import * as fs from 'node:fs';
import * as path from 'node:path';
import { Graphviz } from '@hpcc-js/wasm-graphviz';
import { ExecutionResult, WorkflowDefinition, toDot, toMermaid } from '@statecraft/testing';

/**
 * Draws a workflow's state graph from its synthesized definition, with a run's path highlighted: Mermaid text (for
 * READMEs) and an SVG rendered by Graphviz compiled to WebAssembly (no browser, no native binary).
 */
export class WorkflowPictures {
  public static async create(outdir: string): Promise<WorkflowPictures> {
    return new WorkflowPictures(outdir, await Graphviz.load());
  }

  private constructor(private readonly outdir: string, private readonly graphviz: Graphviz) {
    fs.mkdirSync(outdir, { recursive: true });
  }

  /** Writes `<name>.mmd` and `<name>.svg` (name in kebab-case); returns their paths. */
  public write(name: string, definition: WorkflowDefinition, result?: ExecutionResult): string[] {
    const file = name.toLowerCase().replace(/[^a-z0-9.]+/g, '-');
    const mermaidFile = path.join(this.outdir, `${file}.mmd`);
    const svgFile = path.join(this.outdir, `${file}.svg`);
    fs.writeFileSync(mermaidFile, toMermaid(definition, { highlight: result }));
    fs.writeFileSync(svgFile, this.graphviz.dot(toDot(definition, { highlight: result })));
    return [mermaidFile, svgFile];
  }
}

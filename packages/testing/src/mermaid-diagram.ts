import { DiagramModel, DiagramOptions, DiagramScope, EDGE_LABEL_LINE_WIDTH, STATE_LABEL_LINE_WIDTH, buildDiagramModel, wrapLines } from './diagram-model';
import { WorkflowDefinition } from './workflow-definition';

const SHAPES: Record<string, [string, string]> = {
  Task: ['["', '"]'],
  Choice: ['{"', '"}'],
  Wait: ['{{"', '"}}'],
  Pass: ['("', '")'],
  Succeed: ['(["', '"])'],
  Fail: ['(["', '"])'],
  Parallel: ['[["', '"]]'],
  Map: ['[["', '"]]'],
};

/** Mermaid text needs its quotes and angle brackets as entities. */
function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;');
}

/** Escaped, with explicit line breaks: Mermaid does not wrap edge labels, and wraps node labels only in some renderers. */
function wrapped(text: string, width: number): string {
  return wrapLines(text, width).map(escape).join('<br>');
}

/**
 * A Mermaid flowchart of the definition: Parallel/Map bodies as subgraphs, Choice rules on the edges, Catch edges
 * dashed, Retry as labelled self-loops, and (with `highlight`) the visited path in green, a failure in red.
 */
export function toMermaid(definition: WorkflowDefinition, options: DiagramOptions = {}): string {
  const model = buildDiagramModel(definition, options);
  const lines = ['flowchart TD', '  start((start))'];
  renderScope(model, model.root, lines, '  ');
  const id = (name: string) => model.nodeIds.get(name)!;
  const linkStyles: string[] = [];
  let link = 0;
  const addLink = (text: string, taken: boolean) => {
    lines.push(`  ${text}`);
    if (taken) {
      linkStyles.push(`  linkStyle ${link} stroke:#2e7d32,stroke-width:3px`);
    }
    link += 1;
  };
  addLink(`start --> ${id(model.root.startAt)}`, model.visited.size > 0);
  const branchStarts = (scope: DiagramScope) => scope.children.forEach((child) => {
    addLink(`${id(child.owner!.state)} -.-o ${id(child.startAt)}`, model.visited.has(child.startAt));
    branchStarts(child);
  });
  branchStarts(model.root);
  for (const edge of model.edges) {
    const label = edge.label ? `|"${wrapped(edge.label, EDGE_LABEL_LINE_WIDTH)}"|` : '';
    const arrow = edge.kind === 'Catch' ? `-.->${label}` : `-->${label}`;
    addLink(`${id(edge.from)} ${arrow} ${id(edge.to)}`, model.taken.has(edge.id));
  }
  lines.push('  classDef visited fill:#c8e6c9,stroke:#2e7d32,stroke-width:2px');
  lines.push('  classDef failed fill:#ffcdd2,stroke:#c62828,stroke-width:2px');
  const visited = [...model.visited].filter((name) => name !== model.failedAt).map(id);
  if (visited.length > 0) {
    lines.push(`  class ${visited.join(',')} visited`);
  }
  if (model.failedAt) {
    lines.push(`  class ${id(model.failedAt)} failed`);
  }
  lines.push(...linkStyles);
  return `${lines.join('\n')}\n`;
}

function renderScope(model: DiagramModel, scope: DiagramScope, lines: string[], indent: string): void {
  for (const name of scope.states) {
    const [open, close] = SHAPES[model.types.get(name)!] ?? SHAPES.Task;
    const type = model.types.get(name);
    const label = type === 'Parallel' || type === 'Map' ? `${name} (${type})` : name;
    lines.push(`${indent}${model.nodeIds.get(name)}${open}${wrapped(label, STATE_LABEL_LINE_WIDTH)}${close}`);
  }
  scope.children.forEach((child, index) => {
    lines.push(`${indent}subgraph ${model.nodeIds.get(child.owner!.state)}_b${index}_${child.owner!.branch}["${escape(child.owner!.label)}"]`);
    renderScope(model, child, lines, `${indent}  `);
    lines.push(`${indent}end`);
  });
}

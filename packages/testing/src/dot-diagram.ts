import { DiagramModel, DiagramOptions, DiagramScope, EDGE_LABEL_LINE_WIDTH, STATE_LABEL_LINE_WIDTH, buildDiagramModel, wrapLines } from './diagram-model';
import { WorkflowDefinition } from './workflow-definition';

const SHAPES: Record<string, string> = {
  Task: 'shape=box, style="rounded"',
  Choice: 'shape=diamond',
  Wait: 'shape=hexagon',
  Pass: 'shape=box, style="rounded,dashed"',
  Succeed: 'shape=doublecircle',
  Fail: 'shape=octagon',
  Parallel: 'shape=box3d',
  Map: 'shape=box3d',
};

function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/**
 * A Graphviz DOT digraph of the definition (render with @hpcc-js/wasm-graphviz or `dot -Tsvg`): Parallel/Map bodies
 * as clusters, Choice rules on the edges, Catch edges dashed, Retry as dotted self-loops, and (with `highlight`) the
 * visited path in green, a failure in red.
 */
export function toDot(definition: WorkflowDefinition, options: DiagramOptions = {}): string {
  const model = buildDiagramModel(definition, options);
  const lines = [
    `digraph ${quote(definition.name)} {`,
    '  graph [rankdir=TB, fontname="Helvetica", compound=true];',
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
    '  start [shape=circle, label="", width=0.2, style=filled, fillcolor=black];',
  ];
  renderScope(model, model.root, lines, '  ');
  const id = (name: string) => model.nodeIds.get(name)!;
  const highlight = (taken: boolean) => (taken ? ', color="#2e7d32", penwidth=2.5' : '');
  lines.push(`  start -> ${id(model.root.startAt)} [${highlight(model.visited.size > 0).slice(2)}];`);
  const branchStarts = (scope: DiagramScope) => scope.children.forEach((child) => {
    lines.push(`  ${id(child.owner!.state)} -> ${id(child.startAt)} [style=dotted, arrowhead=odot${highlight(model.visited.has(child.startAt))}];`);
    branchStarts(child);
  });
  branchStarts(model.root);
  for (const edge of model.edges) {
    const style = edge.kind === 'Catch' ? ', style=dashed' : edge.kind === 'Retry' ? ', style=dotted' : '';
    // Graphviz never wraps labels itself.
    const label = edge.label ? `label=${quote(wrapLines(edge.label, EDGE_LABEL_LINE_WIDTH).join('\n'))}` : 'label=""';
    lines.push(`  ${id(edge.from)} -> ${id(edge.to)} [${label}${style}${highlight(model.taken.has(edge.id))}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

function renderScope(model: DiagramModel, scope: DiagramScope, lines: string[], indent: string): void {
  for (const name of scope.states) {
    const type = model.types.get(name)!;
    const fill = name === model.failedAt ? ', style=filled, fillcolor="#ffcdd2", color="#c62828"'
      : model.visited.has(name) ? ', style=filled, fillcolor="#c8e6c9", color="#2e7d32"' : '';
    const shape = fill ? SHAPES[type].replace(/, style="[^"]*"/, '') : SHAPES[type];
    const wrappedName = wrapLines(name, STATE_LABEL_LINE_WIDTH).join('\n');
    const label = type === 'Parallel' || type === 'Map' ? `${wrappedName}\n(${type})` : wrappedName;
    lines.push(`${indent}${model.nodeIds.get(name)} [label=${quote(label)}, ${shape}${fill}];`);
  }
  scope.children.forEach((child, index) => {
    lines.push(`${indent}subgraph cluster_${model.nodeIds.get(child.owner!.state)}_${index} {`);
    lines.push(`${indent}  label=${quote(child.owner!.label)}; style="rounded,dashed"; color="#888888";`);
    renderScope(model, child, lines, `${indent}  `);
    lines.push(`${indent}}`);
  });
}

import type { Canvas } from './graph';

export type VarType = 'string' | 'number' | 'boolean' | 'object' | 'array' | 'any';

export interface Output {
  name: string;
  type: VarType;
}

/** A value a node may read: `node.field`, as selectors write it (templates wrap it in `{{ }}`). */
export interface VariableOption {
  nodeId: string;
  title: string;
  field: string;
  type: VarType;
  selector: string;
}

/** Every node that runs before `nodeId` on some path (its ancestors), nearest first. */
export function upstream(canvas: Canvas, nodeId: string): string[] {
  const parents = new Map<string, string[]>();
  for (const edge of canvas.edges) parents.set(edge.target, [...(parents.get(edge.target) ?? []), edge.source]);
  const seen = new Set<string>([nodeId]);
  const order: string[] = [];
  let frontier = [nodeId];
  while (frontier.length > 0) {
    const next: string[] = [];
    for (const id of frontier) {
      for (const parent of parents.get(id) ?? []) {
        if (seen.has(parent)) continue;
        seen.add(parent);
        order.push(parent);
        next.push(parent);
      }
    }
    frontier = next;
  }
  return order;
}

/**
 * What the variable picker offers a node: the outputs of the nodes upstream of it — never its own,
 * never a downstream or unconnected node's, which the API's validator would refuse.
 */
export function variablesFor(
  canvas: Canvas,
  nodeId: string,
  outputsOf: (node: Canvas['nodes'][number]) => Output[],
  accepts?: VarType[],
): VariableOption[] {
  const byId = new Map(canvas.nodes.map((node) => [node.id, node]));
  const options: VariableOption[] = [];
  for (const id of upstream(canvas, nodeId)) {
    const node = byId.get(id);
    if (!node) continue;
    for (const output of outputsOf(node)) {
      if (accepts && output.type !== 'any' && !accepts.includes(output.type)) continue;
      options.push({ nodeId: id, title: node.data.title, field: output.name, type: output.type, selector: `${id}.${output.name}` });
    }
  }
  return options;
}

const REFERENCE = /\{\{\s*([A-Za-z][A-Za-z0-9_-]*)\.([A-Za-z0-9_.-]+)\s*\}\}/g;

/** The `{{node.field}}` references in a template. */
export function references(template: string): { nodeId: string; field: string }[] {
  return [...template.matchAll(REFERENCE)].map((match) => ({ nodeId: match[1], field: match[2] }));
}

import { edgeId, nextId, type Canvas, type CanvasEdge, type CanvasNode } from './graph';

export interface Clip {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** The selected nodes and the edges between them. */
export function copy(canvas: Canvas): Clip | null {
  const nodes = canvas.nodes.filter((node) => node.selected);
  if (nodes.length === 0) return null;
  const ids = new Set(nodes.map((node) => node.id));
  return {
    nodes: nodes.map((node) => structuredClone({ ...node, data: { ...node.data, trace: undefined, problems: undefined } })),
    edges: canvas.edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)).map((edge) => ({ ...edge })),
  };
}

/**
 * Pastes a clip beside the original: fresh ids (references inside the pasted nodes' configs follow
 * them), shifted by `offset`, selected; everything else deselected.
 */
export function paste(canvas: Canvas, clip: Clip, offset = 40): Canvas {
  const taken = new Set(canvas.nodes.map((node) => node.id));
  const renamed = new Map<string, string>();
  for (const node of clip.nodes) {
    const id = nextId(node.data.type, taken);
    taken.add(id);
    renamed.set(node.id, id);
  }
  const rename = (text: string) =>
    text.replace(/\b([A-Za-z][A-Za-z0-9_-]*)(?=\.[A-Za-z0-9_])/g, (name) => renamed.get(name) ?? name);
  const nodes: CanvasNode[] = clip.nodes.map((node) => ({
    ...node,
    id: renamed.get(node.id)!,
    selected: true,
    position: { x: node.position.x + offset, y: node.position.y + offset },
    data: {
      ...node.data,
      title: node.data.title === node.id ? renamed.get(node.id)! : node.data.title,
      config: JSON.parse(rename(JSON.stringify(node.data.config))),
    },
  }));
  const edges: CanvasEdge[] = clip.edges.map((edge) => {
    const source = renamed.get(edge.source)!;
    const target = renamed.get(edge.target)!;
    return { ...edge, id: edgeId(source, target, edge.sourceHandle), source, target, selected: false };
  });
  return {
    nodes: [...canvas.nodes.map((node) => ({ ...node, selected: false })), ...nodes],
    edges: [...canvas.edges.map((edge) => ({ ...edge, selected: false })), ...edges],
  };
}

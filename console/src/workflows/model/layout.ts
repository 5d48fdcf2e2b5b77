import dagre from '@dagrejs/dagre';
import type { Canvas } from './graph';

export const NODE_WIDTH = 220;
export const NODE_HEIGHT = 90;

/** Left-to-right layered layout (dagre): every node gets a position, edges flow rightwards. */
export function autoLayout(canvas: Canvas): Canvas {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 40, ranksep: 80, marginx: 20, marginy: 20 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of canvas.nodes) graph.setNode(node.id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of canvas.edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return {
    ...canvas,
    nodes: canvas.nodes.map((node) => {
      const placed = graph.node(node.id);
      return { ...node, position: { x: Math.round(placed.x - NODE_WIDTH / 2), y: Math.round(placed.y - NODE_HEIGHT / 2) } };
    }),
  };
}

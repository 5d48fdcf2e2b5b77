import type { Schemas } from '../../api/client';

export type ApiGraph = Schemas['WorkflowGraph'];
export type ApiNode = Schemas['WorkflowNode'];
export type ApiEdge = NonNullable<ApiGraph['edges']>[number];
export type NodeTrace = Schemas['NodeTrace'];

export interface Point {
  x: number;
  y: number;
}

/** What the canvas keeps per node (React Flow's `data`). */
export interface NodeData extends Record<string, unknown> {
  type: string;
  title: string;
  config: Record<string, unknown>;
  onError?: ApiNode['onError'];
  /** Validation messages of the last save/validate, by field ("" for the node as a whole). */
  problems?: Record<string, string[]>;
  /** The node's trace in the last debug run. */
  trace?: NodeTrace;
}

/** The shapes of React Flow's nodes and edges that the model needs (structurally compatible). */
export interface CanvasNode {
  id: string;
  type?: string;
  position: Point;
  data: NodeData;
  selected?: boolean;
}

export interface CanvasEdge {
  id: string;
  source: string;
  target: string;
  sourceHandle?: string | null;
  targetHandle?: string | null;
  selected?: boolean;
}

export interface Canvas {
  nodes: CanvasNode[];
  edges: CanvasEdge[];
}

/** React Flow's node component key: every workflow node is drawn by one component. */
export const FLOW_NODE = 'workflow';

export function edgeId(from: string, to: string, branch?: string | null): string {
  return branch ? `${from}:${branch}->${to}` : `${from}->${to}`;
}

/**
 * The API's graph on the canvas. Nodes without a stored position are placed by `place` (the
 * auto-layout), so an imported or hand-written graph opens readable.
 */
export function toCanvas(graph: ApiGraph, place: (canvas: Canvas) => Canvas): Canvas {
  const nodes: CanvasNode[] = (graph.nodes ?? []).map((node) => ({
    id: node.id,
    type: FLOW_NODE,
    position: node.position ? { x: node.position.x, y: node.position.y } : { x: NaN, y: NaN },
    data: {
      type: node.type,
      title: node.title ?? node.id,
      config: (node.config as Record<string, unknown>) ?? {},
      ...(node.onError ? { onError: node.onError } : {}),
    },
  }));
  const edges: CanvasEdge[] = (graph.edges ?? []).map((edge) => ({
    id: edgeId(edge.from, edge.to, edge.branch),
    source: edge.from,
    target: edge.to,
    sourceHandle: edge.branch ?? null,
  }));
  const canvas = { nodes, edges };
  return nodes.some((node) => Number.isNaN(node.position.x)) ? place(canvas) : canvas;
}

/** The canvas as the API's graph; what the canvas adds (traces, problems, selection) stays behind. */
export function toApi(canvas: Canvas, description?: string): ApiGraph {
  return {
    ...(description ? { description } : {}),
    nodes: canvas.nodes.map((node) => ({
      id: node.id,
      type: node.data.type as ApiNode['type'],
      title: node.data.title,
      config: node.data.config,
      ...(node.data.onError ? { onError: node.data.onError } : {}),
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    })),
    edges: canvas.edges.map((edge) => ({
      from: edge.source,
      to: edge.target,
      ...(edge.sourceHandle ? { branch: edge.sourceHandle } : {}),
    })),
  };
}

/** A node id for a new node of `type`: the type's letters and the next free number (`llm2`). */
export function nextId(type: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const base = type.replace(/[^A-Za-z0-9]/g, '') || 'node';
  const prefix = /^[A-Za-z]/.test(base) ? base : `n${base}`;
  for (let n = 1; ; n++) {
    const candidate = `${prefix}${n}`;
    if (!used.has(candidate)) return candidate;
  }
}

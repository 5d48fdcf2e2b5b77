import type { ValidationProblem } from '../../api/errors';
import type { Canvas, NodeData } from './graph';

export interface Problems {
  /** node id → field ("" when the message names no field) → messages */
  byNode: Map<string, Record<string, string[]>>;
  /** Messages about the graph as a whole, or about nodes that are not on the canvas. */
  graph: string[];
}

/** The API's validation errors placed on the node and field they name. */
export function placeProblems(canvas: Canvas, errors: ValidationProblem[]): Problems {
  const ids = new Set(canvas.nodes.map((node) => node.id));
  const byNode = new Map<string, Record<string, string[]>>();
  const graph: string[] = [];
  for (const error of errors) {
    if (!error.node || !ids.has(error.node)) {
      graph.push(error.node ? `${error.node}: ${error.message}` : error.message);
      continue;
    }
    const fields = byNode.get(error.node) ?? {};
    const field = fieldRoot(error.field);
    fields[field] = [...(fields[field] ?? []), bodyPath(error.field) + error.message];
    byNode.set(error.node, fields);
  }
  return { byNode, graph };
}

/**
 * The form field an error belongs to: the validator names paths like `config.prompt`,
 * `inputs[0].name` or `conditions[1].value`; forms show them at the top-level config field.
 */
export function fieldRoot(field: string | null | undefined): string {
  if (!field) return '';
  const path = field.startsWith('config.') ? field.slice('config.'.length) : field;
  return path.split(/[.[]/)[0];
}

/**
 * An error inside an iteration's or loop's body graph (`body.<inner node>.<field>`) is shown at the
 * body's JSON field: prefixed with the inner node and field, since that field holds a whole graph.
 */
function bodyPath(field: string | null | undefined): string {
  const path = field?.startsWith('config.') ? field.slice('config.'.length) : field ?? '';
  return path.startsWith('body.') ? `${path.slice('body.'.length)}: ` : '';
}

/** The canvas with each node's problems set (and old ones cleared). */
export function withProblems(canvas: Canvas, problems: Problems): Canvas {
  return {
    ...canvas,
    nodes: canvas.nodes.map((node) => {
      const found = problems.byNode.get(node.id);
      const { problems: _old, ...data } = node.data;
      return { ...node, data: (found ? { ...data, problems: found } : data) as NodeData };
    }),
  };
}

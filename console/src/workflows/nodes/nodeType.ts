import type { ComponentType, ReactNode } from 'react';
import type { CanvasNode } from '../model/graph';
import type { Output, VariableOption } from '../model/variables';

export interface NodeFormProps {
  node: CanvasNode;
  /** Upstream outputs only (what the API's validator accepts). */
  variables: VariableOption[];
  /** The upstream nodes, for settings that name a node (the end node's stream). */
  upstream: CanvasNode[];
}

/**
 * One node type of the canvas: palette entry, drawing and side form. Each `*.node.tsx` in this
 * folder default-exports one; the palette lists them, and a node type the API knows but no file
 * describes still appears, with a JSON form (`generic.tsx`).
 */
export interface NodeTypeDef {
  type: string;
  order: number;
  icon: ReactNode;
  color: string;
  /** i18n keys. */
  title: string;
  description: string;
  /** The config a new node starts with. */
  defaults: () => Record<string, unknown>;
  /** What later nodes may read from it. */
  outputs: (config: Record<string, unknown>) => Output[];
  /** Named outgoing handles (if-else cases); none means one plain output. */
  branches?: (config: Record<string, unknown>) => { id: string; label: string }[];
  /** One line under the title on the canvas. */
  summary?: (config: Record<string, unknown>) => string;
  /** The form items, inside the side panel's form (names are config keys). */
  Form: ComponentType<NodeFormProps>;
  hasInput?: boolean;
  hasOutput?: boolean;
}

export function defineNode(def: NodeTypeDef): NodeTypeDef {
  return { hasInput: true, hasOutput: true, ...def };
}

import { workflowNodeTypeValues } from '../../api/schema';
import type { CanvasNode } from '../model/graph';
import type { Output } from '../model/variables';
import { genericNode } from './generic';
import type { NodeTypeDef } from './nodeType';

const modules = import.meta.glob<{ default: NodeTypeDef }>('./*.node.tsx', { eager: true });
const described = new Map(Object.values(modules).map((module) => [module.default.type, module.default]));

/** Every node type the API accepts, in palette order; types without a file get the JSON form. */
export const NODE_TYPES: NodeTypeDef[] = [
  ...workflowNodeTypeValues.map((type) => described.get(type) ?? genericNode(type)),
  ...[...described.values()].filter((def) => !(workflowNodeTypeValues as readonly string[]).includes(def.type)),
].sort((a, b) => a.order - b.order);

export function nodeType(type: string): NodeTypeDef {
  return NODE_TYPES.find((def) => def.type === type) ?? genericNode(type);
}

export function outputsOf(node: CanvasNode): Output[] {
  return nodeType(node.data.type).outputs(node.data.config);
}

import { QuestionCircleOutlined } from '@ant-design/icons';
import { JsonInput, Field } from '../canvas/fields';
import { defineNode, type NodeTypeDef } from './nodeType';

/** A node type the console has no form for yet (or an unmapped Dify node): its config as JSON. */
export function genericNode(type: string): NodeTypeDef {
  return defineNode({
    type,
    order: 900,
    icon: <QuestionCircleOutlined />,
    color: '#667085',
    title: type,
    description: 'workflow.genericHelp',
    defaults: () => ({}),
    outputs: () => [],
    Form: () => (
      <Field name="" label="workflow.config">
        <JsonInput whole />
      </Field>
    ),
  });
}

import { InputNumber, Select } from 'antd';
import { DeploymentUnitOutlined } from '@ant-design/icons';
import { useToolSquare } from '../../tools/queries';
import { Field, TemplateInput } from '../canvas/fields';
import { ModelFields } from '../canvas/modelFields';
import { defineNode } from './nodeType';

function AgentForm() {
  const square = useToolSquare();
  return (
    <>
      <ModelFields />
      <Field name="system" label="workflow.llm.system">
        <TemplateInput rows={2} />
      </Field>
      <Field name="prompt" label="workflow.llm.prompt" extra="workflow.templateHelp">
        <TemplateInput rows={3} />
      </Field>
      <Field name="tools" label="workflow.agent.tools">
        <Select
          mode="multiple"
          showSearch
          options={(square.data ?? []).map((provider) => ({
            label: provider.name,
            options: (provider.tools ?? []).map((tool) => ({ value: tool.reference, label: tool.name })),
          }))}
        />
      </Field>
      <Field name="maxSteps" label="workflow.agent.maxSteps" extra="workflow.agent.maxStepsHelp">
        <InputNumber min={1} max={20} />
      </Field>
      <Field name="toolTimeoutSeconds" label="workflow.agent.toolTimeout">
        <InputNumber min={1} max={300} suffix="s" />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'agent',
  order: 180,
  icon: <DeploymentUnitOutlined />,
  color: '#6172f3',
  title: 'workflow.types.agent',
  description: 'workflow.agent.help',
  defaults: () => ({ provider: '', model: '', prompt: '{{start.query}}', tools: [], maxSteps: 5 }),
  outputs: () => [
    { name: 'text', type: 'string' },
    { name: 'toolCalls', type: 'array' },
  ],
  summary: (config) => `${((config.tools as string[]) ?? []).length} tools`,
  Form: AgentForm,
});

import { AutoComplete, Form, Select, Slider } from 'antd';
import { RobotOutlined } from '@ant-design/icons';
import { useProviderModels } from '../../providers/models';
import { useProviders } from '../../providers/queries';
import { Field, JsonInput, TemplateInput } from '../canvas/fields';
import { defineNode } from './nodeType';

function LlmForm() {
  const form = Form.useFormInstance();
  const provider = Form.useWatch('provider', form) as string | undefined;
  const providers = useProviders();
  const models = useProviderModels(provider);
  return (
    <>
      <Field name="provider" label="editor.provider">
        <Select options={(providers.data ?? []).map((p) => ({ value: p.id, label: p.name || p.id }))} />
      </Field>
      <Field name="model" label="editor.modelName">
        <AutoComplete options={(models.data ?? []).map((name) => ({ value: name }))} placeholder="gpt-4o-mini" />
      </Field>
      <Field name="system" label="workflow.llm.system">
        <TemplateInput rows={2} />
      </Field>
      <Field name="prompt" label="workflow.llm.prompt" extra="workflow.templateHelp">
        <TemplateInput rows={4} />
      </Field>
      <Field name="temperature" label="editor.temperature">
        <Slider min={0} max={2} step={0.1} />
      </Field>
      <Field name="jsonSchema" label="workflow.llm.jsonSchema" extra="workflow.llm.jsonSchemaHelp">
        <JsonInput />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'llm',
  order: 30,
  icon: <RobotOutlined />,
  color: '#6172f3',
  title: 'workflow.types.llm',
  description: 'workflow.llm.help',
  defaults: () => ({ provider: '', model: '', prompt: '', temperature: 0.7 }),
  outputs: (config) => [{ name: 'text', type: 'string' }, ...(config.jsonSchema ? [{ name: 'json', type: 'object' as const }] : [])],
  summary: (config) => [config.provider, config.model].filter(Boolean).join(' / '),
  Form: LlmForm,
});

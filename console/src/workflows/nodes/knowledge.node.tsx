import { InputNumber, Select } from 'antd';
import { DatabaseOutlined } from '@ant-design/icons';
import { useKnowledgeBases } from '../../knowledge/queries';
import { Field, TemplateInput } from '../canvas/fields';
import { defineNode } from './nodeType';

function KnowledgeForm() {
  const bases = useKnowledgeBases();
  return (
    <>
      <Field name="query" label="workflow.knowledge.query" extra="workflow.templateHelp">
        <TemplateInput rows={2} />
      </Field>
      <Field name="knowledgeBaseIds" label="knowledgeLink.bases">
        <Select mode="multiple" options={(bases.data ?? []).map((kb) => ({ value: kb.id, label: kb.name }))} />
      </Field>
      <Field name="topK" label="knowledgeLink.topK">
        <InputNumber min={1} max={20} />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'knowledge',
  order: 40,
  icon: <DatabaseOutlined />,
  color: '#0ba5ec',
  title: 'workflow.types.knowledge',
  description: 'workflow.knowledge.help',
  defaults: () => ({ query: '', knowledgeBaseIds: [], topK: 4 }),
  outputs: () => [
    { name: 'result', type: 'array' },
    { name: 'text', type: 'string' },
  ],
  summary: (config) => `top ${config.topK ?? 4}`,
  Form: KnowledgeForm,
});

import { Button, Form, Input, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, VariableSelect } from '../canvas/fields';
import { defineNode, type NodeFormProps } from './nodeType';

type Output = { name: string; value: string };

function EndForm({ upstream }: NodeFormProps) {
  const { t } = useTranslation();
  return (
    <>
      <Field name="outputs" label="workflow.end.outputs" extra="workflow.end.outputsHelp">
        <Form.List name="outputs">
          {(fields, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {fields.map((field) => (
                <div key={field.key} style={{ display: 'grid', gridTemplateColumns: '100px 1fr auto', gap: 6 }}>
                  <Form.Item name={[field.name, 'name']} noStyle rules={[{ required: true }]}>
                    <Input placeholder={t('common.name')} aria-label={t('common.name')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'value']} noStyle>
                    <VariableSelect />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                </div>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>
                {t('workflow.end.addOutput')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Field>
      <Field name="stream" label="workflow.end.stream" extra="workflow.end.streamHelp">
        <Select allowClear options={upstream.filter((n) => n.data.type === 'llm').map((n) => ({ value: n.id, label: `${n.data.title} (${n.id})` }))} />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'end',
  order: 20,
  icon: <StopOutlined />,
  color: '#f04438',
  title: 'workflow.types.end',
  description: 'workflow.end.help',
  defaults: () => ({ outputs: [{ name: 'answer', value: '' }] }),
  outputs: () => [],
  summary: (config) => ((config.outputs as Output[]) ?? []).map((o) => o?.name).filter(Boolean).join(', '),
  Form: EndForm,
  hasOutput: false,
});

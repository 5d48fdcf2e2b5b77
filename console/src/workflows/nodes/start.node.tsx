import { Button, Form, Input, Select, Space, Switch } from 'antd';
import { DeleteOutlined, PlayCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field } from '../canvas/fields';
import type { VarType } from '../model/variables';
import { defineNode } from './nodeType';

export const INPUT_TYPES: VarType[] = ['string', 'number', 'boolean', 'object', 'array'];
type Input = { name: string; type?: VarType; required?: boolean; description?: string };

function StartForm() {
  const { t } = useTranslation();
  return (
    <Field name="inputs" label="workflow.start.inputs" extra="workflow.start.inputsHelp">
      <Form.List name="inputs">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field) => (
              <Space key={field.key} align="start" wrap>
                <Form.Item name={[field.name, 'name']} noStyle rules={[{ required: true }]}>
                  <Input placeholder={t('common.name')} aria-label={t('common.name')} style={{ width: 110 }} />
                </Form.Item>
                <Form.Item name={[field.name, 'type']} noStyle>
                  <Select style={{ width: 96 }} aria-label={t('workflow.type')} options={INPUT_TYPES.map((type) => ({ value: type, label: type }))} />
                </Form.Item>
                <Form.Item name={[field.name, 'required']} noStyle valuePropName="checked">
                  <Switch size="small" checkedChildren={t('workflow.required')} unCheckedChildren={t('workflow.optional')} aria-label={t('workflow.required')} />
                </Form.Item>
                <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
              </Space>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', type: 'string', required: false })}>
              {t('workflow.start.addInput')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Field>
  );
}

export default defineNode({
  type: 'start',
  order: 10,
  icon: <PlayCircleOutlined />,
  color: '#12b76a',
  title: 'workflow.types.start',
  description: 'workflow.start.help',
  defaults: () => ({ inputs: [{ name: 'query', type: 'string', required: true }] }),
  outputs: (config) => ((config.inputs as Input[]) ?? []).filter((i) => i?.name).map((i) => ({ name: i.name, type: i.type ?? 'string' })),
  summary: (config) => ((config.inputs as Input[]) ?? []).map((i) => i?.name).filter(Boolean).join(', '),
  Form: StartForm,
  hasInput: false,
});

import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { CodeOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, MapEditor } from '../canvas/fields';
import type { VarType } from '../model/variables';
import { defineNode } from './nodeType';
import { INPUT_TYPES } from './start.node';

type Output = { name: string; type?: VarType };

function CodeForm() {
  const { t } = useTranslation();
  return (
    <>
      <Field name="language" label="workflow.code.language">
        <Select options={[{ value: 'javascript', label: 'JavaScript' }, { value: 'python', label: 'Python' }]} />
      </Field>
      <Field name="inputs" label="workflow.code.inputs" extra="workflow.code.inputsHelp">
        <MapEditor kind="variable" />
      </Field>
      <Field name="code" label="workflow.code.code">
        <Input.TextArea autoSize={{ minRows: 6, maxRows: 20 }} spellCheck={false} style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }} aria-label={t('workflow.code.code')} />
      </Field>
      <Field name="outputs" label="workflow.code.outputs">
        <Form.List name="outputs">
          {(fields, { add, remove }) => (
            <Space orientation="vertical">
              {fields.map((field) => (
                <Space key={field.key}>
                  <Form.Item name={[field.name, 'name']} noStyle rules={[{ required: true }]}>
                    <Input placeholder={t('common.name')} aria-label={t('common.name')} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'type']} noStyle>
                    <Select style={{ width: 100 }} aria-label={t('workflow.type')} options={[...INPUT_TYPES, 'any'].map((type) => ({ value: type, label: type }))} />
                  </Form.Item>
                  <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', type: 'string' })}>
                {t('workflow.code.addOutput')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Field>
      <Field name="timeoutSeconds" label="workflow.timeout">
        <InputNumber min={1} max={300} suffix="s" />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'code',
  order: 50,
  icon: <CodeOutlined />,
  color: '#7a5af8',
  title: 'workflow.types.code',
  description: 'workflow.code.help',
  defaults: () => ({
    language: 'javascript',
    inputs: {},
    code: 'function main(inputs) {\n  return { result: inputs };\n}',
    outputs: [{ name: 'result', type: 'object' }],
    timeoutSeconds: 5,
  }),
  outputs: (config) => ((config.outputs as Output[]) ?? []).filter((o) => o?.name).map((o) => ({ name: o.name, type: o.type ?? 'any' })),
  summary: (config) => String(config.language ?? 'javascript'),
  Form: CodeForm,
});

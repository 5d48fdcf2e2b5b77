import { Button, Form, Input, Select, Space, Switch } from 'antd';
import { DeleteOutlined, PlusOutlined, ScissorOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, TemplateInput } from '../canvas/fields';
import { ModelFields } from '../canvas/modelFields';
import type { VarType } from '../model/variables';
import { defineNode } from './nodeType';
import { INPUT_TYPES } from './start.node';

type Parameter = { name?: string; type?: VarType };

function ExtractorForm() {
  const { t } = useTranslation();
  return (
    <>
      <ModelFields />
      <Field name="query" label="workflow.extractor.query" extra="workflow.templateHelp">
        <TemplateInput rows={2} />
      </Field>
      <Field name="parameters" label="workflow.extractor.parameters" extra="workflow.extractor.parametersHelp">
        <Form.List name="parameters">
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row) => (
                <div key={row.key} style={{ display: 'grid', gridTemplateColumns: '1fr 96px auto auto', gap: 4 }}>
                  <Form.Item name={[row.name, 'name']} noStyle rules={[{ required: true }]}>
                    <Input placeholder={t('common.name')} aria-label={t('common.name')} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'type']} noStyle>
                    <Select aria-label={t('workflow.type')} options={INPUT_TYPES.map((type) => ({ value: type, label: type }))} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'required']} noStyle valuePropName="checked">
                    <Switch size="small" checkedChildren={t('workflow.required')} unCheckedChildren={t('workflow.optional')} aria-label={t('workflow.required')} />
                  </Form.Item>
                  <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(row.name)} />
                  <Form.Item name={[row.name, 'description']} noStyle>
                    <Input placeholder={t('workflow.extractor.description')} aria-label={t('workflow.extractor.description')} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'enum']} noStyle>
                    <Select mode="tags" placeholder={t('workflow.extractor.enum')} aria-label={t('workflow.extractor.enum')} style={{ minWidth: 96 }} />
                  </Form.Item>
                </div>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', type: 'string', required: true })}>
                {t('common.add')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Field>
      <Field name="instruction" label="workflow.extractor.instruction">
        <TemplateInput rows={2} />
      </Field>
      <Field name="onInvalid" label="workflow.extractor.onInvalid" extra="workflow.extractor.onInvalidHelp">
        <Select options={[{ value: 'fail', label: 'fail' }, { value: 'empty', label: 'empty' }]} />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'parameter-extractor',
  order: 150,
  icon: <ScissorOutlined />,
  color: '#9e77ed',
  title: 'workflow.types.parameter-extractor',
  description: 'workflow.extractor.help',
  defaults: () => ({ provider: '', model: '', query: '{{start.query}}', parameters: [{ name: '', type: 'string', required: true }], onInvalid: 'fail' }),
  outputs: (config) => [
    ...((config.parameters as Parameter[]) ?? []).filter((p) => p?.name).map((p) => ({ name: p.name as string, type: p.type ?? 'string' })),
    { name: 'ok', type: 'boolean' },
    { name: 'error', type: 'string' },
  ],
  summary: (config) => ((config.parameters as Parameter[]) ?? []).map((p) => p?.name).filter(Boolean).join(', '),
  Form: ExtractorForm,
});

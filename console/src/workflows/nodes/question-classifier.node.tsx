import { Button, Form, Input, Select, Space } from 'antd';
import { DeleteOutlined, PartitionOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, TemplateInput } from '../canvas/fields';
import { ModelFields } from '../canvas/modelFields';
import { defineNode } from './nodeType';

type Class = { id?: string; name?: string };

function ClassifierForm() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const classes = (Form.useWatch('classes', form) as Class[] | undefined) ?? [];
  return (
    <>
      <ModelFields />
      <Field name="query" label="workflow.classifier.query" extra="workflow.templateHelp">
        <TemplateInput rows={2} />
      </Field>
      <Field name="classes" label="workflow.classifier.classes" extra="workflow.classifier.classesHelp">
        <Form.List name="classes">
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row) => (
                <div key={row.key} style={{ display: 'grid', gridTemplateColumns: '110px 1fr auto', gap: 6 }}>
                  <Form.Item name={[row.name, 'id']} noStyle rules={[{ required: true }]}>
                    <Input placeholder="id" aria-label={t('workflow.classifier.classId')} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'name']} noStyle rules={[{ required: true }]}>
                    <Input placeholder={t('workflow.classifier.className')} aria-label={t('workflow.classifier.className')} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(row.name)} />
                </div>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ id: `class${rows.length + 1}`, name: '' })}>
                {t('common.add')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Field>
      <Field name="instruction" label="workflow.classifier.instruction">
        <TemplateInput rows={2} />
      </Field>
      <Field name="fallback" label="workflow.classifier.fallback" extra="workflow.classifier.fallbackHelp">
        <Select allowClear options={classes.filter((c) => c?.id).map((c) => ({ value: c.id, label: c.name || c.id }))} />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'question-classifier',
  order: 140,
  icon: <PartitionOutlined />,
  color: '#f79009',
  title: 'workflow.types.question-classifier',
  description: 'workflow.classifier.help',
  defaults: () => ({
    provider: '',
    model: '',
    query: '{{start.query}}',
    classes: [
      { id: 'class1', name: '' },
      { id: 'class2', name: '' },
    ],
  }),
  outputs: () => [
    { name: 'class', type: 'string' },
    { name: 'name', type: 'string' },
  ],
  branches: (config) => ((config.classes as Class[]) ?? []).filter((c) => c?.id).map((c) => ({ id: c.id as string, label: c.name || (c.id as string) })),
  summary: (config) => [config.provider, config.model].filter(Boolean).join(' / '),
  Form: ClassifierForm,
});

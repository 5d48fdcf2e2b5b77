import { Button, Form, Input, InputNumber, Space } from 'antd';
import { AuditOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, TemplateInput, VariableSelect } from '../canvas/fields';
import { defineNode } from './nodeType';

type Action = { id?: string; label?: string };

function HumanInputForm() {
  const { t } = useTranslation();
  return (
    <>
      <Field name="prompt" label="workflow.human.prompt" extra="workflow.templateHelp">
        <TemplateInput rows={3} />
      </Field>
      <Field name="actions" label="workflow.human.actions" extra="workflow.human.actionsHelp">
        <Form.List name="actions">
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row) => (
                <div key={row.key} style={{ display: 'grid', gridTemplateColumns: '110px 1fr auto', gap: 6 }}>
                  <Form.Item name={[row.name, 'id']} noStyle rules={[{ required: true }]}>
                    <Input placeholder="approve" aria-label={t('workflow.human.actionId')} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'label']} noStyle>
                    <Input placeholder={t('workflow.human.actionLabel')} aria-label={t('workflow.human.actionLabel')} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(row.name)} />
                </div>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ id: `action${rows.length + 1}`, label: '' })}>
                {t('common.add')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Field>
      <Field name="fields" label="workflow.human.fields" extra="workflow.human.fieldsHelp">
        <Form.List name="fields">
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row) => (
                <div key={row.key} style={{ display: 'grid', gridTemplateColumns: '110px 1fr auto', gap: 6 }}>
                  <Form.Item name={[row.name, 'name']} noStyle rules={[{ required: true }]}>
                    <Input placeholder={t('common.name')} aria-label={t('common.name')} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'value']} noStyle>
                    <VariableSelect />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(row.name)} />
                </div>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', value: '' })}>
                {t('common.add')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Field>
      <Field name="timeoutSeconds" label="workflow.timeout" extra="workflow.human.timeoutHelp">
        <InputNumber min={1} max={30 * 24 * 3600} suffix="s" />
      </Field>
      <Field name={['notify', 'bindingId']} label="workflow.human.notifyBinding" extra="workflow.human.notifyBindingHelp">
        <Input allowClear />
      </Field>
      <Field name={['notify', 'recipient']} label="workflow.human.notifyRecipient" extra="workflow.human.notifyRecipientHelp">
        <Input allowClear />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'human-input',
  order: 190,
  icon: <AuditOutlined />,
  color: '#f38744',
  title: 'workflow.types.human-input',
  description: 'workflow.human.help',
  defaults: () => ({
    prompt: '',
    actions: [
      { id: 'approve', label: 'Approve' },
      { id: 'reject', label: 'Reject' },
    ],
    fields: [],
  }),
  outputs: () => [
    { name: 'action', type: 'string' },
    { name: 'values', type: 'object' },
    { name: 'comment', type: 'string' },
    { name: 'by', type: 'string' },
  ],
  branches: (config) => [
    ...((config.actions as Action[]) ?? []).filter((a) => a?.id).map((a) => ({ id: a.id as string, label: a.label || (a.id as string) })),
    ...(typeof config.timeoutSeconds === 'number' ? [{ id: 'timeout', label: 'timeout' }] : []),
  ],
  summary: (config) => {
    const notify = config.notify as { bindingId?: string; recipient?: string } | undefined;
    return notify?.bindingId && notify.recipient ? `→ ${notify.recipient}` : '';
  },
  Form: HumanInputForm,
});

import { Button, Form, Input, Select, Space } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, VariableSelect } from '../canvas/fields';
import { defineNode } from './nodeType';

const OPERATIONS = ['overwrite', 'set', 'append', 'extend', 'clear', 'increment', 'decrement'];
type Assignment = { variable?: string; operation?: string };

/** `overwrite`…`decrement` take an upstream variable, `set` a constant, `clear` nothing. */
function ValueInput({ name }: { name: number }) {
  const { t } = useTranslation();
  return (
    <Form.Item noStyle shouldUpdate>
      {({ getFieldValue }) => {
        const operation = getFieldValue(['assignments', name, 'operation']) as string | undefined;
        if (operation === 'clear') return null;
        return (
          <Form.Item name={[name, 'value']} noStyle>
            {operation === 'set' ? <Input placeholder={t('workflow.value')} aria-label={t('workflow.value')} /> : <VariableSelect />}
          </Form.Item>
        );
      }}
    </Form.Item>
  );
}

function VariableAssignerForm() {
  const { t } = useTranslation();
  return (
    <Field name="assignments" label="workflow.variableAssigner.assignments" extra="workflow.variableAssigner.assignmentsHelp">
      <Form.List name="assignments">
        {(rows, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {rows.map((row) => (
              <div key={row.key} style={{ display: 'grid', gridTemplateColumns: '1fr 110px', gap: 4 }}>
                <Form.Item name={[row.name, 'variable']} noStyle rules={[{ required: true }]}>
                  <Input placeholder="conversation.name" aria-label={t('workflow.variableAssigner.variable')} />
                </Form.Item>
                <Form.Item name={[row.name, 'operation']} noStyle>
                  <Select aria-label={t('workflow.variableAssigner.operation')} options={OPERATIONS.map((op) => ({ value: op, label: op }))} />
                </Form.Item>
                <ValueInput name={row.name} />
                <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(row.name)} />
              </div>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ variable: 'conversation.', operation: 'overwrite', value: '' })}>
              {t('common.add')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Field>
  );
}

export default defineNode({
  type: 'variable-assigner',
  order: 120,
  icon: <EditOutlined />,
  color: '#dd2590',
  title: 'workflow.types.variable-assigner',
  description: 'workflow.variableAssigner.help',
  defaults: () => ({ assignments: [{ variable: 'conversation.', operation: 'overwrite', value: '' }] }),
  outputs: (config) =>
    ((config.assignments as Assignment[]) ?? [])
      .map((a) => a?.variable?.replace(/^conversation\./, '') ?? '')
      .filter((name) => name && !name.includes('.'))
      .map((name) => ({ name, type: 'any' as const })),
  summary: (config) => ((config.assignments as Assignment[]) ?? []).map((a) => a?.variable).filter(Boolean).join(', '),
  Form: VariableAssignerForm,
});

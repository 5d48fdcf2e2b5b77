import { Button, Form, Space } from 'antd';
import { DeleteOutlined, MergeCellsOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, VariableSelect } from '../canvas/fields';
import { defineNode } from './nodeType';

function AggregatorForm() {
  const { t } = useTranslation();
  return (
    <Field name="variables" label="workflow.aggregator.variables" extra="workflow.aggregator.variablesHelp">
      <Form.List name="variables">
        {(fields, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {fields.map((field) => (
              <div key={field.key} style={{ display: 'grid', gridTemplateColumns: '1fr auto', gap: 6 }}>
                <Form.Item name={field.name} noStyle>
                  <VariableSelect />
                </Form.Item>
                <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
              </div>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add('')}>
              {t('common.add')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Field>
  );
}

export default defineNode({
  type: 'aggregator',
  order: 70,
  icon: <MergeCellsOutlined />,
  color: '#2e90fa',
  title: 'workflow.types.aggregator',
  description: 'workflow.aggregator.help',
  defaults: () => ({ variables: [] }),
  outputs: () => [{ name: 'output', type: 'any' }],
  Form: AggregatorForm,
});

import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, OrderedListOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, VariableSelect } from '../canvas/fields';
import { defineNode } from './nodeType';
import { OPERATORS } from './ifelse.node';

function ListOperatorForm() {
  const { t } = useTranslation();
  return (
    <>
      <Field name="variable" label="workflow.listOperator.variable">
        <VariableSelect />
      </Field>
      <Field name="filter" label="workflow.listOperator.filter" extra="workflow.listOperator.filterHelp">
        <Form.List name="filter">
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row) => (
                <div key={row.key} style={{ display: 'grid', gridTemplateColumns: '1fr 110px', gap: 4 }}>
                  <Form.Item name={[row.name, 'field']} noStyle>
                    <Input placeholder={t('workflow.listOperator.field')} aria-label={t('workflow.listOperator.field')} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'operator']} noStyle>
                    <Select aria-label={t('workflow.ifelse.operator')} options={OPERATORS.map((op) => ({ value: op, label: t(`workflow.ops.${op}` as 'workflow.ops.equals') }))} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'value']} noStyle>
                    <Input placeholder={t('workflow.value')} aria-label={t('workflow.value')} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(row.name)} />
                </div>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ field: '', operator: 'equals', value: '' })}>
                {t('workflow.ifelse.addCondition')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Field>
      <Field name={['sort', 'field']} label="workflow.listOperator.sortBy">
        <Input placeholder={t('workflow.listOperator.field')} />
      </Field>
      <Field name={['sort', 'order']} label="workflow.listOperator.order">
        <Select allowClear options={[{ value: 'asc', label: '↑ asc' }, { value: 'desc', label: '↓ desc' }]} />
      </Field>
      <Space>
        <Field name="offset" label="workflow.listOperator.offset">
          <InputNumber min={0} />
        </Field>
        <Field name="limit" label="workflow.listOperator.limit">
          <InputNumber min={1} />
        </Field>
      </Space>
    </>
  );
}

export default defineNode({
  type: 'list-operator',
  order: 110,
  icon: <OrderedListOutlined />,
  color: '#0e9384',
  title: 'workflow.types.list-operator',
  description: 'workflow.listOperator.help',
  defaults: () => ({ variable: '', filter: [] }),
  outputs: () => [
    { name: 'result', type: 'array' },
    { name: 'first', type: 'any' },
    { name: 'last', type: 'any' },
    { name: 'count', type: 'number' },
  ],
  Form: ListOperatorForm,
});

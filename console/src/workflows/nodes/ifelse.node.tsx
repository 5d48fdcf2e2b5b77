import { Button, Card, Form, Input, Select, Space } from 'antd';
import { BranchesOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, VariableSelect } from '../canvas/fields';
import { defineNode } from './nodeType';

export const OPERATORS = ['equals', 'not_equals', 'contains', 'not_contains', 'starts_with', 'ends_with', 'empty', 'not_empty', 'gt', 'gte', 'lt', 'lte', 'regex'];
type Case = { id: string; logic?: 'and' | 'or'; conditions?: unknown[] };

function IfElseForm() {
  const { t } = useTranslation();
  return (
    <Field name="cases" label="workflow.ifelse.cases" extra="workflow.ifelse.casesHelp">
      <Form.List name="cases">
        {(cases, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%' }}>
            {cases.map((item, index) => (
              <Card
                key={item.key}
                size="small"
                title={
                  <Space>
                    <Form.Item name={[item.name, 'id']} noStyle rules={[{ required: true }]}>
                      <Input style={{ width: 110 }} aria-label={t('workflow.ifelse.caseId')} />
                    </Form.Item>
                    <Form.Item name={[item.name, 'logic']} noStyle>
                      <Select style={{ width: 80 }} aria-label={t('workflow.ifelse.logic')} options={[{ value: 'and', label: 'AND' }, { value: 'or', label: 'OR' }]} />
                    </Form.Item>
                  </Space>
                }
                extra={<Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(index)} />}
              >
                <Form.List name={[item.name, 'conditions']}>
                  {(conditions, { add: addCondition, remove: removeCondition }) => (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      {conditions.map((condition) => (
                        <div key={condition.key} style={{ display: 'grid', gridTemplateColumns: '1fr 110px', gap: 4 }}>
                          <Form.Item name={[condition.name, 'variable']} noStyle>
                            <VariableSelect />
                          </Form.Item>
                          <Form.Item name={[condition.name, 'operator']} noStyle>
                            <Select aria-label={t('workflow.ifelse.operator')} options={OPERATORS.map((op) => ({ value: op, label: t(`workflow.ops.${op}` as 'workflow.ops.equals') }))} />
                          </Form.Item>
                          <Form.Item name={[condition.name, 'value']} noStyle>
                            <Input placeholder={t('workflow.value')} aria-label={t('workflow.value')} />
                          </Form.Item>
                          <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => removeCondition(condition.name)} />
                        </div>
                      ))}
                      <Button size="small" icon={<PlusOutlined />} onClick={() => addCondition({ variable: '', operator: 'equals', value: '' })}>
                        {t('workflow.ifelse.addCondition')}
                      </Button>
                    </Space>
                  )}
                </Form.List>
              </Card>
            ))}
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ id: `case${cases.length + 1}`, logic: 'and', conditions: [{ variable: '', operator: 'equals', value: '' }] })}>
              {t('workflow.ifelse.addCase')}
            </Button>
          </Space>
        )}
      </Form.List>
    </Field>
  );
}

export default defineNode({
  type: 'if-else',
  order: 60,
  icon: <BranchesOutlined />,
  color: '#f79009',
  title: 'workflow.types.if-else',
  description: 'workflow.ifelse.help',
  defaults: () => ({ cases: [{ id: 'case1', logic: 'and', conditions: [{ variable: '', operator: 'not_empty', value: '' }] }] }),
  outputs: () => [{ name: 'branch', type: 'string' }],
  branches: (config) => [...((config.cases as Case[]) ?? []).filter((c) => c?.id).map((c) => ({ id: c.id, label: c.id })), { id: 'else', label: 'else' }],
  Form: IfElseForm,
});

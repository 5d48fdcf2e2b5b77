import { Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined, SyncOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Field, JsonInput, MapEditor, VariableSelect } from '../canvas/fields';
import type { VarType } from '../model/variables';
import { defineNode } from './nodeType';
import { OPERATORS } from './ifelse.node';
import { INPUT_TYPES } from './start.node';

type Variable = { name?: string; type?: VarType };

function LoopForm() {
  const { t } = useTranslation();
  return (
    <>
      <Field name="maxCount" label="workflow.loop.maxCount">
        <InputNumber min={1} max={1000} />
      </Field>
      <Field name="variables" label="workflow.loop.variables" extra="workflow.loop.variablesHelp">
        <Form.List name="variables">
          {(rows, { add, remove }) => (
            <Space orientation="vertical" style={{ width: '100%' }}>
              {rows.map((row) => (
                <div key={row.key} style={{ display: 'grid', gridTemplateColumns: '1fr 96px 1fr auto', gap: 4 }}>
                  <Form.Item name={[row.name, 'name']} noStyle rules={[{ required: true }]}>
                    <Input placeholder={t('common.name')} aria-label={t('common.name')} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'type']} noStyle>
                    <Select aria-label={t('workflow.type')} options={[...INPUT_TYPES, 'any'].map((type) => ({ value: type, label: type }))} />
                  </Form.Item>
                  <Form.Item name={[row.name, 'value']} noStyle>
                    <JsonInput />
                  </Form.Item>
                  <Button size="small" icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(row.name)} />
                  <div style={{ gridColumn: '1 / span 3' }}>
                    <Form.Item name={[row.name, 'from']} noStyle>
                      <VariableSelect placeholder={t('workflow.loop.from')} ariaLabel={t('workflow.loop.from')} />
                    </Form.Item>
                  </div>
                </div>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ name: '', type: 'number', value: 0 })}>
                {t('common.add')}
              </Button>
            </Space>
          )}
        </Form.List>
      </Field>
      <Field name={['until', 'logic']} label="workflow.loop.until" extra="workflow.loop.untilHelp">
        <Select options={[{ value: 'and', label: 'AND' }, { value: 'or', label: 'OR' }]} />
      </Field>
      <Form.List name={['until', 'conditions']}>
        {(rows, { add, remove }) => (
          <Space orientation="vertical" style={{ width: '100%', marginBottom: 16 }}>
            {rows.map((row) => (
              <div key={row.key} style={{ display: 'grid', gridTemplateColumns: '1fr 110px', gap: 4 }}>
                <Form.Item name={[row.name, 'variable']} noStyle>
                  <Input placeholder="loop.count" aria-label={t('workflow.loop.untilVariable')} />
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
            <Button size="small" icon={<PlusOutlined />} onClick={() => add({ variable: 'loop.', operator: 'gte', value: '' })}>
              {t('workflow.ifelse.addCondition')}
            </Button>
          </Space>
        )}
      </Form.List>
      <Field name="inputs" label="workflow.body.inputs" extra="workflow.body.inputsHelp">
        <MapEditor kind="variable" />
      </Field>
      <Field name="body" label="workflow.body.graph" extra="workflow.loop.bodyHelp">
        <JsonInput />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'loop',
  order: 170,
  icon: <SyncOutlined />,
  color: '#06aed4',
  title: 'workflow.types.loop',
  description: 'workflow.loop.help',
  defaults: () => ({
    maxCount: 10,
    variables: [],
    until: { logic: 'and', conditions: [{ variable: 'loop.index', operator: 'gte', value: 2 }] },
    inputs: {},
    body: {
      nodes: [
        { id: 's', type: 'start', config: {} },
        { id: 'e', type: 'end', config: { outputs: [] } },
      ],
      edges: [{ from: 's', to: 'e' }],
    },
  }),
  outputs: (config) => [
    ...((config.variables as Variable[]) ?? []).filter((v) => v?.name).map((v) => ({ name: v.name as string, type: v.type ?? 'any' })),
    { name: 'rounds', type: 'number' },
  ],
  summary: (config) => `≤ ${String(config.maxCount ?? '?')}`,
  Form: LoopForm,
});

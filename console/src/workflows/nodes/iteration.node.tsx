import { InputNumber, Select } from 'antd';
import { RetweetOutlined } from '@ant-design/icons';
import { Field, JsonInput, MapEditor, VariableSelect } from '../canvas/fields';
import { defineNode } from './nodeType';

/** The smallest body: its start (inputs item, index and the names of inputs) and an end giving the item back. */
export const ITERATION_BODY = {
  nodes: [
    { id: 's', type: 'start', config: {} },
    { id: 'e', type: 'end', config: { outputs: [{ name: 'output', value: 's.item' }] } },
  ],
  edges: [{ from: 's', to: 'e' }],
};

function IterationForm() {
  return (
    <>
      <Field name="items" label="workflow.iteration.items">
        <VariableSelect />
      </Field>
      <Field name="mode" label="workflow.iteration.mode">
        <Select
          options={[
            { value: 'sequential', label: 'sequential' },
            { value: 'parallel', label: 'parallel' },
          ]}
        />
      </Field>
      <Field name="concurrency" label="workflow.iteration.concurrency" extra="workflow.iteration.concurrencyHelp">
        <InputNumber min={1} max={16} />
      </Field>
      <Field name="onItemError" label="workflow.iteration.onItemError" extra="workflow.iteration.onItemErrorHelp">
        <Select
          options={[
            { value: 'fail', label: 'fail' },
            { value: 'skip', label: 'skip' },
            { value: 'null', label: 'null' },
          ]}
        />
      </Field>
      <Field name="inputs" label="workflow.body.inputs" extra="workflow.body.inputsHelp">
        <MapEditor kind="variable" />
      </Field>
      <Field name="body" label="workflow.body.graph" extra="workflow.iteration.bodyHelp">
        <JsonInput />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'iteration',
  order: 160,
  icon: <RetweetOutlined />,
  color: '#06aed4',
  title: 'workflow.types.iteration',
  description: 'workflow.iteration.help',
  defaults: () => ({ items: '', mode: 'sequential', onItemError: 'fail', inputs: {}, body: structuredClone(ITERATION_BODY) }),
  outputs: () => [
    { name: 'output', type: 'array' },
    { name: 'errors', type: 'array' },
  ],
  summary: (config) => `${String(config.mode ?? 'sequential')}${config.mode === 'parallel' ? ` ×${String(config.concurrency ?? 4)}` : ''}`,
  Form: IterationForm,
});

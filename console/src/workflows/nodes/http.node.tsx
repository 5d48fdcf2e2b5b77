import { InputNumber, Select } from 'antd';
import { GlobalOutlined } from '@ant-design/icons';
import { Field, MapEditor, TemplateInput } from '../canvas/fields';
import { defineNode } from './nodeType';

function HttpForm() {
  return (
    <>
      <Field name="method" label="workflow.http.method">
        <Select options={['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].map((m) => ({ value: m, label: m }))} />
      </Field>
      <Field name="url" label="URL" extra="workflow.templateHelp">
        <TemplateInput rows={1} />
      </Field>
      <Field name="headers" label="workflow.http.headers">
        <MapEditor kind="template" keyPlaceholder="Authorization" />
      </Field>
      <Field name="body" label="workflow.http.body">
        <TemplateInput rows={3} />
      </Field>
      <Field name="timeoutSeconds" label="workflow.timeout">
        <InputNumber min={1} max={300} suffix="s" />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'http',
  order: 80,
  icon: <GlobalOutlined />,
  color: '#06aed4',
  title: 'workflow.types.http',
  description: 'workflow.http.help',
  defaults: () => ({ method: 'GET', url: 'https://', headers: {}, timeoutSeconds: 30 }),
  outputs: () => [
    { name: 'status', type: 'number' },
    { name: 'body', type: 'string' },
    { name: 'headers', type: 'object' },
    { name: 'json', type: 'object' },
  ],
  summary: (config) => `${config.method ?? 'GET'} ${String(config.url ?? '').slice(0, 40)}`,
  Form: HttpForm,
});

import { Form, Select } from 'antd';
import { ToolOutlined } from '@ant-design/icons';
import { useToolSquare } from '../../tools/queries';
import { Field, MapEditor } from '../canvas/fields';
import { defineNode } from './nodeType';

function ToolForm() {
  const square = useToolSquare();
  const form = Form.useFormInstance();
  const reference = Form.useWatch('tool', form) as string | undefined;
  const tool = (square.data ?? []).flatMap((p) => p.tools ?? []).find((candidate) => candidate.reference === reference);
  const parameters = Object.keys(((tool?.parameters as { properties?: Record<string, unknown> }) ?? {}).properties ?? {});
  return (
    <>
      <Field name="tool" label="workflow.tool.tool">
        <Select
          showSearch
          options={(square.data ?? []).map((provider) => ({
            label: provider.name,
            options: (provider.tools ?? []).map((t) => ({ value: t.reference, label: t.name })),
          }))}
        />
      </Field>
      <Field name="arguments" label="workflow.tool.arguments" extra={parameters.length ? `${parameters.join(', ')}` : 'workflow.templateHelp'}>
        <MapEditor kind="template" keyPlaceholder={parameters[0]} />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'tool',
  order: 90,
  icon: <ToolOutlined />,
  color: '#ee46bc',
  title: 'workflow.types.tool',
  description: 'workflow.tool.help',
  defaults: () => ({ tool: '', arguments: {} }),
  outputs: () => [
    { name: 'text', type: 'string' },
    { name: 'json', type: 'object' },
  ],
  summary: (config) => String(config.tool ?? ''),
  Form: ToolForm,
});

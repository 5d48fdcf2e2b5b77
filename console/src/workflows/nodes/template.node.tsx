import { Input } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { Field, MapEditor } from '../canvas/fields';
import { defineNode } from './nodeType';

function TemplateForm() {
  return (
    <>
      <Field name="variables" label="workflow.template.variables" extra="workflow.template.variablesHelp">
        <MapEditor kind="variable" />
      </Field>
      <Field name="template" label="workflow.template.template" extra="workflow.template.templateHelp">
        <Input.TextArea autoSize={{ minRows: 4, maxRows: 16 }} spellCheck={false} style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }} />
      </Field>
    </>
  );
}

export default defineNode({
  type: 'template',
  order: 100,
  icon: <FileTextOutlined />,
  color: '#16b364',
  title: 'workflow.types.template',
  description: 'workflow.template.help',
  defaults: () => ({ template: '', variables: {} }),
  outputs: () => [{ name: 'output', type: 'string' }],
  Form: TemplateForm,
});

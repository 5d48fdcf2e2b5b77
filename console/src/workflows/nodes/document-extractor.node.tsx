import { FilePdfOutlined } from '@ant-design/icons';
import { Field, VariableSelect } from '../canvas/fields';
import { defineNode } from './nodeType';

function DocumentExtractorForm() {
  return (
    <Field name="variable" label="workflow.documentExtractor.variable" extra="workflow.documentExtractor.variableHelp">
      <VariableSelect />
    </Field>
  );
}

export default defineNode({
  type: 'document-extractor',
  order: 130,
  icon: <FilePdfOutlined />,
  color: '#f04438',
  title: 'workflow.types.document-extractor',
  description: 'workflow.documentExtractor.help',
  defaults: () => ({ variable: '' }),
  outputs: () => [
    { name: 'text', type: 'string' },
    { name: 'texts', type: 'array' },
  ],
  Form: DocumentExtractorForm,
});

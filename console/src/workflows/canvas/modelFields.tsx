import { AutoComplete, Form, Select } from 'antd';
import { useProviderModels } from '../../providers/models';
import { useProviders } from '../../providers/queries';
import { Field } from './fields';

/** Provider and model of a node that calls a model (classifier, extractor, agent). */
export function ModelFields() {
  const form = Form.useFormInstance();
  const provider = Form.useWatch('provider', form) as string | undefined;
  const providers = useProviders();
  const models = useProviderModels(provider);
  return (
    <>
      <Field name="provider" label="editor.provider">
        <Select options={(providers.data ?? []).map((p) => ({ value: p.id, label: p.name || p.id }))} />
      </Field>
      <Field name="model" label="editor.modelName">
        <AutoComplete options={(models.data ?? []).map((name) => ({ value: name }))} placeholder="gpt-4o-mini" />
      </Field>
    </>
  );
}

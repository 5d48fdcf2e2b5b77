import { AutoComplete, Form, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProviderModels } from '../providers/models';
import { useProviders } from '../providers/queries';

/** Provider and model of a new app (from a template or an imported file), under `model` of the form. */
export function ModelChoiceFields({ required }: { required: boolean }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const providers = useProviders();
  const providerId = Form.useWatch(['model', 'providerId'], form) as string | undefined;
  const models = useProviderModels(providerId);
  return (
    <>
      <Form.Item
        name={['model', 'providerId']}
        label={t('editor.provider')}
        rules={[{ required }]}
        extra={providers.data?.length === 0 ? <Link to="/providers">{t('editor.addProviderFirst')}</Link> : undefined}
      >
        <Select
          allowClear={!required}
          loading={providers.isLoading}
          options={(providers.data ?? []).map((p) => ({ value: p.id, label: `${p.name || p.id} · ${p.kind}` }))}
          onChange={() => form.setFieldValue(['model', 'modelName'], '')}
        />
      </Form.Item>
      <Form.Item name={['model', 'modelName']} label={t('editor.modelName')} rules={[{ required }]}>
        <AutoComplete
          options={(models.data ?? []).map((name) => ({ value: name }))}
          placeholder="gpt-4o-mini"
          showSearch={{ filterOption: (input, option) => String(option?.value ?? '').toLowerCase().includes(input.toLowerCase()) }}
        />
      </Form.Item>
    </>
  );
}

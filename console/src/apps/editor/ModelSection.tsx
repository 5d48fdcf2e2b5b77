import { AutoComplete, Button, Form, InputNumber, Select, Slider, Space, Switch, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useProviderModels } from '../../providers/models';
import { useProviders } from '../../providers/queries';

/** The app's model: none (offline answers from Q&A pairs) or a provider's model with its settings. */
export function ModelSection() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const providers = useProviders();
  const model = Form.useWatch('model', { form, preserve: true }) as { providerId?: string } | null | undefined;
  const models = useProviderModels(model?.providerId);
  const enabled = model != null;
  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Switch
          checked={enabled}
          aria-label={t('editor.useModel')}
          onChange={(on) => {
            form.setFieldValue('model', on ? { providerId: providers.data?.[0]?.id ?? '', modelName: '', temperature: 0.7 } : null);
            // Fallbacks need a model: the API refuses them on an offline app.
            if (!on) form.setFieldValue('fallbacks', []);
          }}
        />
        <Typography.Text>{enabled ? t('editor.useModel') : t('editor.offline')}</Typography.Text>
      </Space>
      {!enabled && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t('editor.offlineHelp')}
        </Typography.Paragraph>
      )}
      {enabled && (
        <>
          <Form.Item
            name={['model', 'providerId']}
            label={t('editor.provider')}
            rules={[{ required: true }]}
            extra={providers.data?.length === 0 ? <Link to="/providers">{t('editor.addProviderFirst')}</Link> : undefined}
          >
            <Select
              loading={providers.isLoading}
              options={(providers.data ?? []).map((p) => ({ value: p.id, label: `${p.name || p.id} · ${p.kind}` }))}
              onChange={() => form.setFieldValue(['model', 'modelName'], '')}
            />
          </Form.Item>
          <Form.Item name={['model', 'modelName']} label={t('editor.modelName')} rules={[{ required: true }]} extra={models.error ? t('editor.modelsUnavailable') : undefined}>
            <AutoComplete
              options={(models.data ?? []).map((name) => ({ value: name }))}
              placeholder="gpt-4o-mini"
              showSearch={{ filterOption: (input, option) => String(option?.value ?? '').toLowerCase().includes(input.toLowerCase()) }}
            />
          </Form.Item>
          <Form.Item name={['model', 'temperature']} label={t('editor.temperature')}>
            <Slider min={0} max={2} step={0.1} />
          </Form.Item>
          <Space wrap size="large">
            <Form.Item name={['model', 'maxTokens']} label={t('editor.maxTokens')}>
              <InputNumber min={1} max={1000000} placeholder={t('common.default')} />
            </Form.Item>
            <Form.Item name={['model', 'vision']} label={t('editor.vision')} valuePropName="checked" tooltip={t('editor.visionHelp')}>
              <Switch />
            </Form.Item>
          </Space>
          <FallbackList />
        </>
      )}
    </>
  );
}

/** The app's fallback models, in the order they are tried. */
function FallbackList() {
  const { t } = useTranslation();
  const providers = useProviders();
  return (
    <Form.Item label={t('editor.fallbacks')} tooltip={t('editor.fallbacksHelp')}>
      <Form.List name="fallbacks">
        {(fields, { add, remove }) => (
          <>
            {fields.map((field, index) => (
              <Space key={field.key} align="baseline" wrap>
                <Typography.Text type="secondary">{index + 1}.</Typography.Text>
                <Form.Item name={[field.name, 'providerId']} rules={[{ required: true }]}>
                  <Select
                    style={{ minWidth: 180 }}
                    aria-label={`${t('editor.provider')} ${index + 1}`}
                    options={(providers.data ?? []).map((p) => ({ value: p.id, label: p.name || p.id }))}
                  />
                </Form.Item>
                <FallbackModelName name={field.name} index={index} />
                <Button type="link" danger onClick={() => remove(field.name)}>
                  {t('editor.removeFallback')}
                </Button>
              </Space>
            ))}
            {fields.length < 5 && (
              <Button onClick={() => add({ providerId: providers.data?.[0]?.id ?? '', modelName: '' })}>{t('editor.addFallback')}</Button>
            )}
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

function FallbackModelName({ name, index }: { name: number; index: number }) {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const providerId = Form.useWatch(['fallbacks', name, 'providerId'], form) as string | undefined;
  const models = useProviderModels(providerId);
  return (
    <Form.Item name={[name, 'modelName']} rules={[{ required: true }]}>
      <AutoComplete
        style={{ minWidth: 200 }}
        aria-label={`${t('editor.modelName')} ${index + 1}`}
        options={(models.data ?? []).map((m) => ({ value: m }))}
        placeholder="gpt-4o-mini"
      />
    </Form.Item>
  );
}

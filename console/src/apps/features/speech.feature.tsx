import { Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { useProviders } from '../../providers/queries';
import { defineFeature } from './feature';

function SpeechForm() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const providers = useProviders();
  const speech = Form.useWatch('speech', { form, preserve: true });
  const compatible = (providers.data ?? []).filter((p) => p.kind === 'OPENAI_COMPATIBLE');
  return (
    <>
      <Form.Item label={t('features.speechOn')}>
        <Switch
          checked={speech != null}
          aria-label={t('features.speechOn')}
          onChange={(on) => form.setFieldValue('speech', on ? { providerId: compatible[0]?.id ?? '', modelName: 'whisper-1' } : null)}
        />
      </Form.Item>
      {speech != null && (
        <>
          <Form.Item name={['speech', 'providerId']} label={t('editor.provider')} rules={[{ required: true }]}>
            <Select options={compatible.map((p) => ({ value: p.id, label: p.name || p.id }))} style={{ width: 260 }} />
          </Form.Item>
          <Form.Item name={['speech', 'modelName']} label={t('editor.modelName')} rules={[{ required: true }]}>
            <Input style={{ width: 260 }} />
          </Form.Item>
        </>
      )}
    </>
  );
}

export default defineFeature({
  key: 'speech',
  order: 50,
  fields: ['speech'],
  title: 'features.speech',
  help: 'features.speechHelp',
  Form: SpeechForm,
  active: (draft) => draft.speech != null,
});

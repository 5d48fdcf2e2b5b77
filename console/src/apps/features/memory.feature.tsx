import { Form, InputNumber, Space, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { defineFeature } from './feature';

function MemoryForm() {
  const { t } = useTranslation();
  return (
    <Space wrap size="large">
      <Form.Item name={['memory', 'lastMessages']} label={t('features.lastMessages')}>
        <InputNumber min={0} max={200} />
      </Form.Item>
      <Form.Item name={['memory', 'tokenBudget']} label={t('features.tokenBudget')}>
        <InputNumber min={0} max={1000000} step={500} />
      </Form.Item>
      <SummaryFields />
    </Space>
  );
}

/** Long-term memory: on means a rolling summary of what leaves the window (null in the draft means off). */
function SummaryFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const summary = Form.useWatch(['memory', 'summary'], { form, preserve: true });
  return (
    <>
      <Form.Item label={t('features.summary')} tooltip={t('features.summaryHelp')}>
        <Switch
          aria-label={t('features.summary')}
          checked={!!summary}
          onChange={(on) => form.setFieldValue(['memory', 'summary'], on ? { maxChars: 800 } : null)}
        />
      </Form.Item>
      {summary ? (
        <Form.Item name={['memory', 'summary', 'maxChars']} label={t('features.summaryMaxChars')}>
          <InputNumber min={100} max={4000} step={100} />
        </Form.Item>
      ) : null}
    </>
  );
}

export default defineFeature({
  key: 'memory',
  order: 20,
  fields: ['memory'],
  title: 'features.memory',
  help: 'features.memoryHelp',
  Form: MemoryForm,
  active: (draft) => (draft.memory?.lastMessages ?? 10) > 0,
});

import { Form, InputNumber, Space } from 'antd';
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
    </Space>
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

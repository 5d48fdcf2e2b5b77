import { Button, Form, Input, Slider, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { defineFeature } from './feature';

function QaForm() {
  const { t } = useTranslation();
  return (
    <>
      <Form.List name="qaPairs">
        {(fields, { add, remove }) => (
          <>
            <Typography.Text type="secondary">{t('features.pairs', { count: fields.length })}</Typography.Text>
            <div style={{ maxHeight: 360, overflowY: 'auto', margin: '8px 0' }}>
              {fields.map((field) => (
                <Space key={field.key} align="start" style={{ display: 'flex', marginBottom: 6 }}>
                  <Form.Item name={[field.name, 'question']} noStyle rules={[{ required: true, whitespace: true }]}>
                    <Input.TextArea autoSize placeholder={t('features.question')} aria-label={t('features.question')} style={{ width: 220 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'answer']} noStyle rules={[{ required: true, whitespace: true }]}>
                    <Input.TextArea autoSize placeholder={t('features.answer')} aria-label={t('features.answer')} style={{ width: 320 }} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                </Space>
              ))}
            </div>
            <Button icon={<PlusOutlined />} onClick={() => add({ question: '', answer: '' })} style={{ marginBottom: 16 }}>
              {t('features.addPair')}
            </Button>
          </>
        )}
      </Form.List>
      <Form.Item name="qaThreshold" label={t('features.qaThreshold')}>
        <Slider min={0.5} max={1} step={0.01} style={{ maxWidth: 320 }} />
      </Form.Item>
      <Form.Item name="fallbackText" label={t('features.fallbackText')} extra={t('features.fallbackHelp')}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
    </>
  );
}

export default defineFeature({
  key: 'qa',
  order: 40,
  fields: ['qaPairs', 'qaThreshold', 'fallbackText'],
  title: 'features.qa',
  help: 'features.qaHelp',
  Form: QaForm,
  active: (draft) => (draft.qaPairs ?? []).length > 0,
});

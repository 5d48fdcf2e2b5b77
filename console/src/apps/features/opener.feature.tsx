import { Button, Form, Input, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { defineFeature } from './feature';

function OpenerForm() {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item name="openingStatement" label={t('features.openingStatement')}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} />
      </Form.Item>
      <Form.Item label={t('features.suggestedQuestions')}>
        <Form.List name="suggestedQuestions">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} style={{ display: 'flex', marginBottom: 8 }} align="start">
                  <Form.Item name={field.name} noStyle rules={[{ required: true, whitespace: true }]}>
                    <Input style={{ width: 360, maxWidth: '60vw' }} aria-label={t('features.question')} />
                  </Form.Item>
                  <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              {fields.length < 3 && (
                <Button icon={<PlusOutlined />} onClick={() => add('')}>
                  {t('features.addQuestion')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form.Item>
    </>
  );
}

export default defineFeature({
  key: 'opener',
  order: 10,
  fields: ['openingStatement', 'suggestedQuestions'],
  title: 'features.opener',
  help: 'features.openerHelp',
  Form: OpenerForm,
  active: (draft) => !!draft.openingStatement || (draft.suggestedQuestions ?? []).length > 0,
});

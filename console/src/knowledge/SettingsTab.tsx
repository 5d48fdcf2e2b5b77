import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { knowledgeEmbeddingModelValues } from '../api/schema';
import { useProviders } from '../providers/queries';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { knowledgeKeys, type KnowledgeBase } from './queries';

export function SettingsTab({ kb }: { kb: KnowledgeBase }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const providers = useProviders();
  const [form] = Form.useForm<Schemas['KnowledgeBaseRequest']>();
  const embedding = Form.useWatch(['settings', 'embedding', 'model'], form);
  const { submit, busy, formError } = useApiForm(form, async (values: Schemas['KnowledgeBaseRequest']) => {
    const saved = await call(api.PUT('/admin/v1/knowledge-bases/{kbId}', { params: { path: { kbId: kb.id! } }, body: values }));
    client.setQueryData(knowledgeKeys.base(kb.id!), saved);
    void client.invalidateQueries({ queryKey: knowledgeKeys.bases });
    message.success(t('common.saved'));
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} initialValues={{ name: kb.name, description: kb.description, settings: kb.settings }} style={{ maxWidth: 640 }}>
      <Alert type="info" showIcon title={t('knowledge.reindexWarning')} style={{ marginBottom: 12 }} />
      <FormError message={formError} />
      <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="description" label={t('common.description')}>
        <Input.TextArea autoSize={{ minRows: 2 }} />
      </Form.Item>
      <Space wrap size="large">
        <Form.Item name={['settings', 'chunking', 'size']} label={t('knowledge.chunkSize')}>
          <InputNumber min={50} max={4000} />
        </Form.Item>
        <Form.Item name={['settings', 'chunking', 'overlap']} label={t('knowledge.chunkOverlap')}>
          <InputNumber min={0} max={2000} />
        </Form.Item>
      </Space>
      <Form.Item name={['settings', 'embedding', 'model']} label={t('knowledge.embedding')}>
        <Select options={knowledgeEmbeddingModelValues.map((value) => ({ value, label: value }))} />
      </Form.Item>
      {embedding === 'provider' && (
        <Space wrap>
          <Form.Item name={['settings', 'embedding', 'providerId']} label={t('editor.provider')} rules={[{ required: true }]}>
            <Select style={{ width: 220 }} options={(providers.data ?? []).map((p) => ({ value: p.id, label: p.name || p.id }))} />
          </Form.Item>
          <Form.Item name={['settings', 'embedding', 'providerModel']} label={t('editor.modelName')} rules={[{ required: true }]}>
            <Input style={{ width: 220 }} placeholder="text-embedding-3-small" />
          </Form.Item>
        </Space>
      )}
      <Button type="primary" htmlType="submit" loading={busy}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

import { useEffect } from 'react';
import { Alert, App, Button, Form, InputNumber, Segmented, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { FormError } from '../../shared/FormError';
import { useApiForm } from '../../shared/useApiForm';
import { useAppKnowledge, useKnowledgeBases, useSaveAppKnowledge, type KnowledgeLink } from '../../knowledge/queries';

/**
 * The app's knowledge bases and retrieval settings. Today the admin API keeps this link beside the
 * draft and applies it at once (issue 18 moves it into the draft); the section says so.
 */
export function KnowledgeSection({ appId }: { appId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const bases = useKnowledgeBases();
  const link = useAppKnowledge(appId);
  const save = useSaveAppKnowledge(appId);
  const [form] = Form.useForm<KnowledgeLink>();
  useEffect(() => {
    form.setFieldsValue(link.data ?? { knowledgeBaseIds: [], topK: 4, scoreThreshold: 0.5, mode: 'hybrid' });
  }, [link.data, form]);
  const { submit, busy, formError } = useApiForm(form, async (values: KnowledgeLink) => {
    await save.mutateAsync(values.knowledgeBaseIds?.length ? values : null);
    message.success(t('common.saved'));
  });
  return (
    <Form form={form} layout="vertical" onFinish={submit} component="div">
      <Alert type="info" showIcon title={t('knowledgeLink.appliesAtOnce')} style={{ marginBottom: 12 }} />
      <FormError message={formError} />
      <Form.Item
        name="knowledgeBaseIds"
        label={t('knowledgeLink.bases')}
        extra={bases.data?.length === 0 ? <Link to="/knowledge">{t('knowledgeLink.createFirst')}</Link> : undefined}
      >
        <Select mode="multiple" allowClear options={(bases.data ?? []).map((kb) => ({ value: kb.id, label: kb.name }))} />
      </Form.Item>
      <Space wrap size="large">
        <Form.Item name="mode" label={t('knowledgeLink.mode')}>
          <Segmented
            options={[
              { value: 'hybrid', label: t('knowledge.modes.hybrid') },
              { value: 'vector', label: t('knowledge.modes.vector') },
              { value: 'keyword', label: t('knowledge.modes.keyword') },
            ]}
          />
        </Form.Item>
        <Form.Item name="topK" label={t('knowledgeLink.topK')}>
          <InputNumber min={1} max={20} />
        </Form.Item>
        <Form.Item name="scoreThreshold" label={t('knowledgeLink.threshold')}>
          <InputNumber min={0} max={1} step={0.05} />
        </Form.Item>
      </Space>
      <Button onClick={() => form.submit()} loading={busy}>
        {t('knowledgeLink.save')}
      </Button>
    </Form>
  );
}

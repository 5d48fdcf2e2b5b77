import { Form, InputNumber, Segmented, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useKnowledgeBases } from '../../knowledge/queries';

/**
 * The knowledge bases searched before every turn and the retrieval settings (draft `knowledge`): saved
 * with the draft, served on channels once published. No base picked saves no knowledge.
 */
export function KnowledgeSection() {
  const { t } = useTranslation();
  const bases = useKnowledgeBases();
  const known = new Set((bases.data ?? []).map((kb) => kb.id));
  const picked: string[] = Form.useWatch(['knowledge', 'knowledgeBaseIds']) ?? [];
  return (
    <>
      <Form.Item
        name={['knowledge', 'knowledgeBaseIds']}
        label={t('knowledgeLink.bases')}
        extra={bases.data?.length === 0 ? <Link to="/knowledge">{t('knowledgeLink.createFirst')}</Link> : t('knowledgeLink.inDraft')}
      >
        <Select
          mode="multiple"
          allowClear
          loading={bases.isLoading}
          options={[
            ...(bases.data ?? []).map((kb) => ({ value: kb.id, label: kb.name })),
            // A base deleted since it was linked: retrieval skips it; shown so it can be removed.
            ...picked.filter((id) => bases.data && !known.has(id)).map((id) => ({ value: id, label: `${id} (${t('knowledgeLink.deleted')})` })),
          ]}
        />
      </Form.Item>
      <Space wrap size="large">
        <Form.Item name={['knowledge', 'mode']} label={t('knowledgeLink.mode')}>
          <Segmented
            options={[
              { value: 'hybrid', label: t('knowledge.modes.hybrid') },
              { value: 'vector', label: t('knowledge.modes.vector') },
              { value: 'keyword', label: t('knowledge.modes.keyword') },
            ]}
          />
        </Form.Item>
        <Form.Item name={['knowledge', 'topK']} label={t('knowledgeLink.topK')}>
          <InputNumber min={1} max={20} />
        </Form.Item>
        <Form.Item name={['knowledge', 'scoreThreshold']} label={t('knowledgeLink.threshold')}>
          <InputNumber min={0} max={1} step={0.05} />
        </Form.Item>
      </Space>
    </>
  );
}

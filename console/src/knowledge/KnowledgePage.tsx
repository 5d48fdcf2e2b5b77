import { useState } from 'react';
import { App as AntApp, Button, Card, Col, Empty, Form, Input, Modal, Row, Select, Typography } from 'antd';
import { DatabaseOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';
import { knowledgeEmbeddingModelValues } from '../api/schema';
import { formatTime } from '../shared/format';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { knowledgeKeys, useKnowledgeBases } from './queries';

export default function KnowledgePage() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const bases = useKnowledgeBases();
  const [creating, setCreating] = useState(false);
  const remove = useMutation({
    mutationFn: (kbId: string) => call(api.DELETE('/admin/v1/knowledge-bases/{kbId}', { params: { path: { kbId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: knowledgeKeys.bases }),
  });
  const [form] = Form.useForm<Schemas['KnowledgeBaseRequest']>();
  const { submit, busy, formError } = useApiForm(form, async (values: Schemas['KnowledgeBaseRequest']) => {
    const kb = await call(api.POST('/admin/v1/knowledge-bases', { body: values }));
    await client.invalidateQueries({ queryKey: knowledgeKeys.bases });
    setCreating(false);
    navigate(`/knowledge/${kb.id}`);
  });
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('knowledge.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('knowledge.create')}
        </Button>
      </div>
      {bases.data?.length === 0 && <Empty description={t('knowledge.none')} />}
      <Row gutter={[12, 12]}>
        {(bases.data ?? []).map((kb) => (
          <Col key={kb.id} xs={24} md={12} xl={8}>
            <Card
              size="small"
              title={
                <Link to={`/knowledge/${kb.id}`}>
                  <DatabaseOutlined /> {kb.name}
                </Link>
              }
              extra={
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={() =>
                    modal.confirm({
                      title: t('knowledge.deleteTitle', { name: kb.name }),
                      content: t('knowledge.deleteBody'),
                      okButtonProps: { danger: true },
                      okText: t('common.delete'),
                      cancelText: t('common.cancel'),
                      onOk: () => remove.mutateAsync(kb.id!).catch((failure) => message.error(messageOf(failure))),
                    })
                  }
                />
              }
            >
              <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ minHeight: 44 }}>
                {kb.description || '—'}
              </Typography.Paragraph>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {kb.settings?.embedding?.model} · {t('common.updated')} {formatTime(kb.updatedAt)}
              </Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Modal open={creating} title={t('knowledge.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('common.create')} confirmLoading={busy} destroyOnHidden>
        <FormError message={formError} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ settings: { embedding: { model: 'bge-small-zh-v15' }, chunking: { size: 400, overlap: 40 } } }}>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 200 }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item name="description" label={t('common.description')}>
            <Input.TextArea autoSize={{ minRows: 2 }} />
          </Form.Item>
          <Form.Item name={['settings', 'embedding', 'model']} label={t('knowledge.embedding')} extra={t('knowledge.embeddingHelp')}>
            <Select options={knowledgeEmbeddingModelValues.map((value) => ({ value, label: value }))} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

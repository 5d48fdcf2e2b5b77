import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Form, Input, InputNumber, Progress, Space, Switch, Table, Tag, Tooltip, Typography, Upload } from 'antd';
import { DeleteOutlined, GlobalOutlined, InboxOutlined, RedoOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';
import { formatBytes, formatTime } from '../shared/format';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { ChunksDrawer } from './ChunksDrawer';
import { isBusy, knowledgeKeys, useDocuments, type KnowledgeDocument } from './queries';
import { overallPercent, toBase64 } from './upload';

const STATUS_COLOR: Record<string, string> = { ready: 'green', failed: 'red', queued: 'default' };

export function DocumentsTab({ kbId }: { kbId: string }) {
  const { t } = useTranslation();
  const { message, modal } = AntApp.useApp();
  const client = useQueryClient();
  const documents = useDocuments(kbId);
  const [chunksOf, setChunksOf] = useState<KnowledgeDocument | null>(null);
  const refresh = () => client.invalidateQueries({ queryKey: knowledgeKeys.documents(kbId) });
  const documentAction = useMutation({
    mutationFn: async ({ doc, action }: { doc: KnowledgeDocument; action: 'delete' | 'reindex' | 'enable' | 'disable' }) => {
      const path = { params: { path: { docId: doc.id! } } };
      if (action === 'delete') return call(api.DELETE('/admin/v1/knowledge-documents/{docId}', path));
      if (action === 'reindex') return call(api.POST('/admin/v1/knowledge-documents/{docId}/reindex', path));
      return call(api.PUT('/admin/v1/knowledge-documents/{docId}/enabled', { ...path, body: { enabled: action === 'enable' } }));
    },
    onSuccess: refresh,
    onError: (failure) => message.error(messageOf(failure)),
  });

  async function upload(file: File) {
    const contentBase64 = await toBase64(file);
    const doc = await call(api.POST('/admin/v1/knowledge-bases/{kbId}/documents', { params: { path: { kbId } }, body: { name: file.name, contentBase64 } }));
    client.setQueryData<KnowledgeDocument[]>(knowledgeKeys.documents(kbId), (docs) => [doc, ...(docs ?? []).filter((d) => d.id !== doc.id)]);
    void refresh();
  }

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(320px, 1fr))', gap: 12 }}>
        <Upload.Dragger
          multiple
          showUploadList={false}
          accept=".txt,.md,.markdown,.html,.htm,.pdf,.docx,.xlsx,.csv"
          customRequest={({ file, onSuccess, onError }) => {
            upload(file as File).then(
              () => onSuccess?.({}),
              (failure) => {
                message.error(`${(file as File).name}: ${messageOf(failure)}`);
                onError?.(failure);
              },
            );
          }}
          aria-label={t('knowledge.upload')}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('knowledge.upload')}</p>
          <p className="ant-upload-hint">{t('knowledge.uploadHint')}</p>
        </Upload.Dragger>
        <CrawlForm kbId={kbId} onStarted={refresh} />
      </div>
      <Table<KnowledgeDocument>
        rowKey="id"
        size="small"
        loading={documents.isLoading}
        dataSource={documents.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 860 }}
        columns={[
          {
            title: t('common.name'),
            dataIndex: 'name',
            ellipsis: true,
            render: (name: string, doc) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setChunksOf(doc)} disabled={doc.status !== 'ready'}>
                {doc.sourceType === 'url' && <GlobalOutlined />} {name}
              </Button>
            ),
          },
          {
            title: t('common.status'),
            key: 'status',
            width: 280,
            render: (_, doc) => (
              <div className="progress-row" data-testid={`doc-status-${doc.name}`}>
                <Tag color={STATUS_COLOR[doc.status!] ?? 'processing'}>{t(`knowledge.status.${doc.status}` as 'knowledge.status.ready')}</Tag>
                {doc.status === 'failed' ? (
                  <Tooltip title={doc.error}>
                    <Typography.Text type="danger" ellipsis style={{ maxWidth: 160 }}>
                      {doc.error}
                    </Typography.Text>
                  </Tooltip>
                ) : (
                  <Progress
                    percent={overallPercent(doc.status!, doc.progress, doc.sourceType === 'url')}
                    size="small"
                    status={isBusy(doc) ? 'active' : 'success'}
                    style={{ width: 140, margin: 0 }}
                    aria-label={t('knowledge.progress', { name: doc.name })}
                  />
                )}
              </div>
            ),
          },
          { title: t('knowledge.chunks'), dataIndex: 'chunkCount', width: 80 },
          { title: t('knowledge.size'), dataIndex: 'sizeBytes', width: 90, render: formatBytes },
          { title: t('common.updated'), dataIndex: 'updatedAt', width: 140, render: formatTime },
          {
            title: t('common.enabled'),
            dataIndex: 'enabled',
            width: 80,
            render: (enabled: boolean, doc) => (
              <Switch size="small" checked={enabled} aria-label={t('common.enabled')} onChange={(on) => documentAction.mutate({ doc, action: on ? 'enable' : 'disable' })} />
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            render: (_, doc) => (
              <Space>
                <Button size="small" icon={<RedoOutlined />} aria-label={t('knowledge.reindex')} title={t('knowledge.reindex')} disabled={isBusy(doc)} onClick={() => documentAction.mutate({ doc, action: 'reindex' })} />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={() =>
                    modal.confirm({
                      title: t('knowledge.deleteDocument', { name: doc.name }),
                      okButtonProps: { danger: true },
                      okText: t('common.delete'),
                      cancelText: t('common.cancel'),
                      onOk: () => documentAction.mutateAsync({ doc, action: 'delete' }),
                    })
                  }
                />
              </Space>
            ),
          },
        ]}
      />
      <ChunksDrawer document={chunksOf} onClose={() => setChunksOf(null)} />
    </Space>
  );
}

function CrawlForm({ kbId, onStarted }: { kbId: string; onStarted: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Schemas['CrawlRequest']>();
  const { submit, busy, formError } = useApiForm(form, async (values: Schemas['CrawlRequest']) => {
    await call(api.POST('/admin/v1/knowledge-bases/{kbId}/crawl', { params: { path: { kbId } }, body: values }));
    form.resetFields(['url']);
    onStarted();
  });
  return (
    <Card size="small" title={t('knowledge.crawl')}>
      <FormError message={formError} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ depth: 0, maxPages: 20, sameHost: true }}>
        <Form.Item name="url" label={t('knowledge.url')} rules={[{ required: true, type: 'url' }]}>
          <Input placeholder="https://example.com/docs" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="depth" label={t('knowledge.depth')} tooltip={t('knowledge.depthHelp')}>
            <InputNumber min={0} max={5} />
          </Form.Item>
          <Form.Item name="maxPages" label={t('knowledge.maxPages')}>
            <InputNumber min={1} max={1000} />
          </Form.Item>
          <Form.Item name="sameHost" label={t('knowledge.sameHost')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item label=" ">
            <Button htmlType="submit" loading={busy} icon={<GlobalOutlined />}>
              {t('knowledge.startCrawl')}
            </Button>
          </Form.Item>
        </Space>
      </Form>
    </Card>
  );
}

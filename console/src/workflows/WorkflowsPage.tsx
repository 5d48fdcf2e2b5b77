import { useState } from 'react';
import { App as AntApp, Button, Checkbox, Form, Input, List, Modal, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import { DeleteOutlined, ImportOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';
import { useProviders } from '../providers/queries';
import { formatTime } from '../shared/format';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { nodeType } from './nodes';
import { useCreateWorkflow, useDeleteWorkflow, useWorkflows, workflowKeys, type Workflow } from './queries';

/** A new workflow starts as start → end, so it can run at once. */
function starter(t: (key: string) => string): Schemas['WorkflowGraph'] {
  return {
    nodes: [
      { id: 'start', type: 'start', title: t('workflow.types.start'), config: nodeType('start').defaults(), position: { x: 0, y: 0 } },
      { id: 'end', type: 'end', title: t('workflow.types.end'), config: { outputs: [{ name: 'answer', value: 'start.query' }] }, position: { x: 420, y: 0 } },
    ],
    edges: [{ from: 'start', to: 'end' }],
  };
}

export default function WorkflowsPage() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const navigate = useNavigate();
  const workflows = useWorkflows();
  const create = useCreateWorkflow();
  const remove = useDeleteWorkflow();
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState(false);
  const [form] = Form.useForm<{ name: string; starter: boolean }>();
  const { submit, busy, formError } = useApiForm(form, async ({ name, starter: withStarter }: { name: string; starter: boolean }) => {
    const created = await create.mutateAsync({ name, graph: withStarter ? starter(t as (key: string) => string) : { nodes: [], edges: [] } });
    setCreating(false);
    navigate(`/workflows/${created.id}`);
  });
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('workflow.title')}</Typography.Title>
        <Space>
          <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
            {t('workflow.importDify')}
          </Button>
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('workflow.create')}
          </Button>
        </Space>
      </div>
      <Table<Workflow>
        rowKey="id"
        loading={workflows.isLoading}
        dataSource={workflows.data ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: t('common.name'), dataIndex: 'name', render: (name: string, w) => <Link to={`/workflows/${w.id}`}>{name}</Link> },
          { title: t('workflow.nodes'), key: 'nodes', render: (_, w) => w.draft?.nodes?.length ?? 0 },
          { title: t('apps.published'), dataIndex: 'publishedVersion', render: (v: number | null) => (v ? <Tag color="green">v{v}</Tag> : <Tag>{t('apps.unpublished')}</Tag>) },
          { title: t('workflow.problems'), key: 'errors', render: (_, w) => ((w.errors ?? []).length ? <Tag color="red">{w.errors!.length}</Tag> : <Tag color="green">0</Tag>) },
          { title: t('common.updated'), dataIndex: 'updatedAt', render: formatTime },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, w) => (
              <Button
                size="small"
                danger
                icon={<DeleteOutlined />}
                aria-label={t('common.delete')}
                onClick={() =>
                  modal.confirm({
                    title: t('workflow.deleteTitle', { name: w.name }),
                    okButtonProps: { danger: true },
                    okText: t('common.delete'),
                    cancelText: t('common.cancel'),
                    onOk: () => remove.mutateAsync(w.id!).catch((failure) => message.error(messageOf(failure))),
                  })
                }
              />
            ),
          },
        ]}
      />
      <Modal open={creating} title={t('workflow.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} okText={t('common.create')} confirmLoading={busy} destroyOnHidden>
        <FormError message={formError} />
        <Form form={form} layout="vertical" onFinish={submit} initialValues={{ starter: true }}>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 200 }]}>
            <Input autoFocus />
          </Form.Item>
          <Form.Item name="starter" valuePropName="checked">
            <Checkbox>{t('workflow.withStarter')}</Checkbox>
          </Form.Item>
        </Form>
      </Modal>
      {importing && <DifyImportDialog onClose={() => setImporting(false)} />}
    </>
  );
}

function DifyImportDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const providers = useProviders();
  const [form] = Form.useForm<{ yaml: string; providerId?: string }>();
  const [result, setResult] = useState<Schemas['DifyImportResult'] | null>(null);
  const { submit, busy, formError } = useApiForm(form, async (values: { yaml: string; providerId?: string }) => {
    const imported = await call(api.POST('/admin/v1/workflows/import/dify', { body: values }));
    void client.invalidateQueries({ queryKey: workflowKeys.all });
    if ((imported.unmapped ?? []).length === 0) {
      onClose();
      navigate(`/workflows/${imported.workflow?.id}`);
    } else setResult(imported);
  });
  if (result) {
    return (
      <Modal
        open
        title={t('workflow.importedWithGaps')}
        onCancel={onClose}
        okText={t('workflow.openImported')}
        onOk={() => {
          onClose();
          navigate(`/workflows/${result.workflow?.id}`);
        }}
      >
        <Typography.Paragraph>{t('workflow.unmappedHelp')}</Typography.Paragraph>
        <List size="small" bordered dataSource={result.unmapped ?? []} renderItem={(line) => <List.Item data-testid="unmapped">{line}</List.Item>} />
      </Modal>
    );
  }
  return (
    <Modal open title={t('workflow.importDify')} onCancel={onClose} onOk={() => form.submit()} okText={t('tools.import')} confirmLoading={busy} width={680}>
      <FormError message={formError} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Upload
          accept=".yml,.yaml"
          maxCount={1}
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then((text) => form.setFieldValue('yaml', text));
            return false;
          }}
        >
          <Button icon={<UploadOutlined />} style={{ marginBottom: 8 }}>
            {t('tools.chooseFile')}
          </Button>
        </Upload>
        <Form.Item name="yaml" label={t('workflow.difyYaml')} rules={[{ required: true }]}>
          <Input.TextArea autoSize={{ minRows: 8, maxRows: 18 }} style={{ fontFamily: 'monospace', fontSize: 12 }} placeholder="app:\n  mode: workflow\nworkflow:\n  graph: …" />
        </Form.Item>
        <Form.Item name="providerId" label={t('workflow.difyProvider')} extra={t('workflow.difyProviderHelp')}>
          <Select allowClear options={(providers.data ?? []).map((p) => ({ value: p.id, label: p.name || p.id }))} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';
import type { AppTab } from '../apps/tabs';
import type { App } from '../apps/queries';
import { CopyButton } from '../shared/CopyButton';
import { formatTime } from '../shared/format';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';

type ApiKey = Schemas['ApiKey'];

/** Developer-API keys of an app: a new key is shown once, with a copy button and a usage example. */
function KeysTab({ app }: { app: App }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const id = app.id!;
  const keys = useQuery({
    queryKey: ['apps', id, 'keys'],
    queryFn: async () => (await call(api.GET('/admin/v1/apps/{id}/keys', { params: { path: { id } } }))).items ?? [],
  });
  const revoke = useMutation({
    mutationFn: (keyId: string) => call(api.DELETE('/admin/v1/apps/{id}/keys/{keyId}', { params: { path: { id, keyId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['apps', id, 'keys'] }),
  });
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Schemas['CreatedApiKey'] | null>(null);
  const [form] = Form.useForm<{ name: string }>();
  const { submit, busy, formError } = useApiForm(form, async ({ name }: { name: string }) => {
    const key = await call(api.POST('/admin/v1/apps/{id}/keys', { params: { path: { id } }, body: { name } }));
    await client.invalidateQueries({ queryKey: ['apps', id, 'keys'] });
    setCreating(false);
    form.resetFields();
    setCreated(key);
  });
  const example = created
    ? `curl ${location.origin}/v1/chat/completions \\\n  -H "authorization: Bearer ${created.key}" -H 'content-type: application/json' \\\n  -d '{"model":"${id}","messages":[{"role":"user","content":"hello"}]}'`
    : '';
  return (
    <>
      <div className="page-header">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('keys.help', { model: id })}
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('keys.create')}
        </Button>
      </div>
      <Table<ApiKey>
        rowKey="id"
        loading={keys.isLoading}
        dataSource={keys.data ?? []}
        pagination={false}
        columns={[
          { title: t('common.name'), dataIndex: 'name' },
          { title: t('keys.prefix'), dataIndex: 'prefix', render: (prefix: string) => <Typography.Text code>{prefix}…</Typography.Text> },
          { title: t('common.created'), dataIndex: 'createdAt', render: formatTime },
          {
            title: t('common.status'),
            dataIndex: 'revoked',
            render: (revoked: boolean, key) => (revoked ? <Tag>{t('keys.revokedAt', { at: formatTime(key.revokedAt) })}</Tag> : <Tag color="green">{t('keys.active')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, key) =>
              !key.revoked && (
                <Button
                  size="small"
                  danger
                  onClick={() =>
                    modal.confirm({
                      title: t('keys.revokeTitle', { name: key.name }),
                      content: t('keys.revokeBody'),
                      okText: t('keys.revoke'),
                      okButtonProps: { danger: true },
                      cancelText: t('common.cancel'),
                      onOk: () => revoke.mutateAsync(key.id!).catch((failure) => message.error(messageOf(failure))),
                    })
                  }
                >
                  {t('keys.revoke')}
                </Button>
              ),
          },
        ]}
      />
      <Modal open={creating} title={t('keys.create')} onCancel={() => setCreating(false)} onOk={() => form.submit()} confirmLoading={busy} okText={t('common.create')} destroyOnHidden>
        <FormError message={formError} />
        <Form form={form} layout="vertical" onFinish={submit}>
          <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 100 }]}>
            <Input placeholder={t('keys.namePlaceholder')} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={!!created} title={t('keys.createdTitle')} onCancel={() => setCreated(null)} footer={<Button type="primary" onClick={() => setCreated(null)}>{t('keys.stored')}</Button>} width={640}>
        <Alert type="warning" showIcon title={t('keys.shownOnce')} style={{ marginBottom: 12 }} />
        <Space.Compact style={{ width: '100%' }}>
          <Input readOnly value={created?.key} aria-label={t('keys.key')} data-testid="created-key" />
          <CopyButton text={created?.key ?? ''} />
        </Space.Compact>
        <Typography.Paragraph style={{ marginTop: 12 }} type="secondary">
          {t('keys.example')}
        </Typography.Paragraph>
        <pre style={{ background: '#f6f8fa', padding: 10, borderRadius: 6, fontSize: 12, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{example}</pre>
      </Modal>
    </>
  );
}

export default { key: 'keys', order: 20, title: 'editor.tabs.keys', Tab: KeysTab } satisfies AppTab;

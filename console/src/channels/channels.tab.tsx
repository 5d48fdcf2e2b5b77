import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Empty, Form, Input, InputNumber, Modal, Select, Space, Switch, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';
import type { App } from '../apps/queries';
import type { AppTab } from '../apps/tabs';
import { CopyButton } from '../shared/CopyButton';
import { formatTime } from '../shared/format';
import { FormError } from '../shared/FormError';
import { placeOnField } from '../shared/useApiForm';
import { CHANNEL_TYPES, channelType } from './types';

type Binding = Schemas['ChannelBinding'];
const MASK = '********';

function ChannelsTab({ app }: { app: App }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const id = app.id!;
  const bindings = useQuery({
    queryKey: ['apps', id, 'channels'],
    queryFn: async () => (await call(api.GET('/admin/v1/apps/{id}/channels', { params: { path: { id } } }))).items ?? [],
  });
  const toggle = useMutation({
    mutationFn: ({ bindingId, enabled }: { bindingId: string; enabled: boolean }) =>
      call(api.PUT('/admin/v1/apps/{id}/channels/{bindingId}', { params: { path: { id, bindingId } }, body: { enabled } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['apps', id, 'channels'] }),
  });
  const remove = useMutation({
    mutationFn: (bindingId: string) => call(api.DELETE('/admin/v1/apps/{id}/channels/{bindingId}', { params: { path: { id, bindingId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['apps', id, 'channels'] }),
  });
  const [editing, setEditing] = useState<Binding | 'new' | null>(null);

  /** The binding's own activity from the API (its turns are told apart by the binding id). */
  function status(binding: Binding) {
    const current = binding.activity;
    return (
      <Space wrap size={4}>
        <Typography.Text type="secondary">{t('channels.lastMessage')}:</Typography.Text>
        <Typography.Text>{current?.lastMessageAt ? formatTime(current.lastMessageAt) : t('channels.never')}</Typography.Text>
        {(current?.recentErrors ?? 0) > 0 && (
          <Tag color="red" title={current?.lastError ?? undefined}>
            {t('channels.recentErrors', { count: current!.recentErrors })}
          </Tag>
        )}
        {current?.lastError && (
          <Typography.Text type="danger" ellipsis style={{ maxWidth: 320 }} title={current.lastError}>
            {current.lastError}
          </Typography.Text>
        )}
      </Space>
    );
  }

  return (
    <>
      <div className="page-header">
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('channels.help')}
        </Typography.Paragraph>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('channels.add')}
        </Button>
      </div>
      <Card size="small" style={{ marginBottom: 12 }} title={t('channels.webChat')}>
        <Space wrap>
          <Typography.Link href={`/chat/${id}`} target="_blank" rel="noreferrer">
            {location.origin}/chat/{id}
          </Typography.Link>
          <CopyButton text={`${location.origin}/chat/${id}`} />
          <Typography.Text type="secondary">{t('channels.webChatHelp')}</Typography.Text>
        </Space>
      </Card>
      {bindings.data?.length === 0 && <Empty description={t('channels.none')} />}
      <Space orientation="vertical" style={{ width: '100%' }}>
        {(bindings.data ?? []).map((binding) => {
          const type = channelType(binding.type!);
          return (
            <Card
              key={binding.id}
              size="small"
              title={
                <Space>
                  {type ? t(type.title as 'channels.telegram.title') : binding.type}
                  {binding.enabled ? <Tag color="green">{t('common.enabled')}</Tag> : <Tag>{t('common.disabled')}</Tag>}
                </Space>
              }
              extra={
                <Space>
                  <Switch
                    checked={binding.enabled}
                    aria-label={t('common.enabled')}
                    onChange={(enabled) => toggle.mutate({ bindingId: binding.id!, enabled }, { onError: (failure) => message.error(messageOf(failure)) })}
                  />
                  <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(binding)} />
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() =>
                      modal.confirm({
                        title: t('channels.removeTitle'),
                        okButtonProps: { danger: true },
                        okText: t('common.delete'),
                        cancelText: t('common.cancel'),
                        onOk: () => remove.mutateAsync(binding.id!).catch((failure) => message.error(messageOf(failure))),
                      })
                    }
                  />
                </Space>
              }
            >
              {binding.callbackUrl && (
                <div style={{ marginBottom: 8 }}>
                  <Typography.Text type="secondary">{t('channels.callbackUrl')}: </Typography.Text>
                  <Space.Compact style={{ width: 'min(560px, 100%)' }}>
                    <Input readOnly value={binding.callbackUrl} aria-label={t('channels.callbackUrl')} />
                    <CopyButton text={binding.callbackUrl} />
                  </Space.Compact>
                </div>
              )}
              <Space wrap size={[16, 4]} style={{ marginBottom: 4 }}>
                {Object.entries(binding.settings ?? {})
                  .filter(([, value]) => typeof value !== 'object')
                  .map(([key, value]) => (
                    <span key={key}>
                      <Typography.Text type="secondary">{key}: </Typography.Text>
                      <Typography.Text code={value === MASK}>{String(value)}</Typography.Text>
                    </span>
                  ))}
              </Space>
              <div>{status(binding)}</div>
            </Card>
          );
        })}
      </Space>
      {editing && <BindingDialog appId={id} binding={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </>
  );
}

function BindingDialog({ appId, binding, onClose }: { appId: string; binding: Binding | null; onClose: () => void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [form] = Form.useForm();
  const [type, setType] = useState(binding?.type ?? CHANNEL_TYPES[0].type);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const spec = channelType(type);
  const initial = Object.fromEntries(
    (spec?.fields ?? []).map((field) => {
      const stored = binding?.settings?.[field.name];
      return [field.name, field.secret && stored === MASK ? undefined : (stored ?? field.initial)];
    }),
  );

  async function submit(values: { settings: Record<string, unknown> }) {
    setBusy(true);
    setFormError(null);
    const settings = Object.fromEntries(Object.entries(values.settings ?? {}).filter(([, value]) => value !== undefined && value !== ''));
    try {
      if (binding) {
        await call(api.PUT('/admin/v1/apps/{id}/channels/{bindingId}', { params: { path: { id: appId, bindingId: binding.id! } }, body: { settings } }));
      } else {
        await call(api.POST('/admin/v1/apps/{id}/channels', { params: { path: { id: appId } }, body: { type, settings } }));
      }
      await client.invalidateQueries({ queryKey: ['apps', appId, 'channels'] });
      onClose();
    } catch (failure) {
      if (!placeOnField(form, failure) && !placeOnField(form, failure, ['settings'])) setFormError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={binding ? t('channels.edit') : t('channels.add')} onCancel={onClose} onOk={() => form.submit()} okText={t('common.save')} confirmLoading={busy} width={600}>
      <FormError message={formError} />
      {!binding && (
        <Form.Item label={t('channels.type')} layout="vertical">
          <Select value={type} onChange={setType} options={CHANNEL_TYPES.map((c) => ({ value: c.type, label: t(c.title as 'channels.telegram.title') }))} aria-label={t('channels.type')} />
        </Form.Item>
      )}
      {spec && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          {t(spec.help as 'channels.telegram.help')}
        </Typography.Paragraph>
      )}
      <Form key={type} form={form} layout="vertical" onFinish={submit} initialValues={{ settings: initial }}>
        {(spec?.fields ?? []).map((field) => (
          <Form.Item
            key={field.name}
            name={['settings', field.name]}
            label={t(field.label as 'channels.telegram.botToken')}
            extra={
              field.secret && binding?.secretsSet?.includes(field.name)
                ? t('channels.secretKept')
                : field.help
                  ? t(field.help as 'channels.telegram.botTokenHelp')
                  : undefined
            }
            rules={field.required && !(field.secret && binding?.secretsSet?.includes(field.name)) ? [{ required: true }] : []}
          >
            {field.kind === 'select' ? (
              <Select options={(field.options ?? []).map((o) => ({ value: o.value, label: t(o.label as 'channels.telegram.webhook') }))} />
            ) : field.kind === 'textarea' ? (
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
            ) : field.kind === 'number' ? (
              <InputNumber min={1} style={{ width: 200 }} />
            ) : field.secret ? (
              <Input.Password autoComplete="off" placeholder={binding?.secretsSet?.includes(field.name) ? MASK : undefined} />
            ) : (
              <Input />
            )}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

export default { key: 'channels', order: 10, title: 'editor.tabs.channels', Tab: ChannelsTab } satisfies AppTab;

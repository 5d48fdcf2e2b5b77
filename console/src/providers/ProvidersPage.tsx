import { useState } from 'react';
import { App as AntApp, Button, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../api/errors';
import { providerKindValues } from '../api/schema';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { harmCategories, harmThresholds, kindForms, optionsFor, type ProviderKind } from './kinds';
import { useProviderModels } from './models';
import { useDeleteProvider, useProviders, useSaveProvider, type Provider, type ProviderRequest } from './queries';

export default function ProvidersPage() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const providers = useProviders();
  const remove = useDeleteProvider();
  const [editing, setEditing] = useState<Provider | 'new' | null>(null);
  const [listing, setListing] = useState<string | null>(null);
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('providers.title')}</Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
          {t('providers.add')}
        </Button>
      </div>
      <Typography.Paragraph type="secondary">{t('providers.help')}</Typography.Paragraph>
      <Table<Provider>
        rowKey="id"
        loading={providers.isLoading}
        dataSource={providers.data ?? []}
        pagination={false}
        scroll={{ x: 760 }}
        columns={[
          { title: t('common.name'), dataIndex: 'name', render: (name, p) => <Typography.Text strong>{name || p.id}</Typography.Text> },
          { title: 'ID', dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          { title: t('providers.kind'), dataIndex: 'kind', render: (kind: string) => <Tag>{kind}</Tag> },
          { title: t('providers.baseUrl'), dataIndex: 'baseUrl', ellipsis: true },
          {
            title: t('providers.apiKey'),
            dataIndex: 'apiKeySet',
            render: (set: boolean, p) => (set ? <Tag color="green">{p.apiKeyHint ?? t('providers.keySet')}</Tag> : <Tag>{t('common.none')}</Tag>),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, p) => (
              <Space>
                <Button size="small" onClick={() => setListing(p.id!)}>
                  {t('providers.models')}
                </Button>
                <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing(p)} />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('common.delete')}
                  onClick={() =>
                    modal.confirm({
                      title: t('providers.deleteTitle', { name: p.name || p.id }),
                      okButtonProps: { danger: true },
                      okText: t('common.delete'),
                      cancelText: t('common.cancel'),
                      onOk: () => remove.mutateAsync(p.id!).catch((failure) => message.error(messageOf(failure))),
                    })
                  }
                />
              </Space>
            ),
          },
        ]}
      />
      {editing && <ProviderDialog provider={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {listing && <ModelsDialog providerId={listing} onClose={() => setListing(null)} />}
    </>
  );
}

function ProviderDialog({ provider, onClose }: { provider: Provider | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<ProviderRequest>();
  const save = useSaveProvider(provider !== null);
  const kind = (Form.useWatch('kind', form) ?? provider?.kind ?? 'OPENAI_COMPATIBLE') as ProviderKind;
  const kindForm = kindForms[kind] ?? kindForms.OPENAI_COMPATIBLE;
  const { submit, busy, formError } = useApiForm(form, async (values: ProviderRequest) => {
    const body = { ...values };
    // An empty key field on edit keeps the stored key (the API treats a missing key so).
    if (provider && !body.apiKey) delete body.apiKey;
    const options = optionsFor(body.kind, body.options);
    if (options) body.options = options;
    else delete body.options;
    await save.mutateAsync(body);
    message.success(t('common.saved'));
    onClose();
  });
  return (
    <Modal
      open
      title={provider ? t('providers.edit') : t('providers.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
      width={560}
    >
      <FormError message={formError} />
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={provider ? { ...provider, apiKey: undefined } : { kind: 'OPENAI_COMPATIBLE', timeoutMs: 60000, maxRetries: 2 }}
      >
        <Form.Item name="id" label="ID" rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, message: t('apps.idHelp') }]}>
          <Input disabled={!!provider} placeholder="deepseek" />
        </Form.Item>
        <Form.Item name="name" label={t('common.name')}>
          <Input placeholder="DeepSeek" />
        </Form.Item>
        <Form.Item name="kind" label={t('providers.kind')} rules={[{ required: true }]}>
          <Select options={providerKindValues.map((kind) => ({ value: kind, label: t(`providers.kinds.${kind}` as 'providers.kinds.OLLAMA') }))} />
        </Form.Item>
        <Form.Item
          name="baseUrl"
          label={t('providers.baseUrl')}
          rules={[{ required: true }]}
          extra={t(`providers.baseUrlHelps.${kind}` as 'providers.baseUrlHelps.OLLAMA')}
        >
          <Input placeholder={kindForm.baseUrl} />
        </Form.Item>
        <Form.Item name="apiKey" label={t('providers.apiKey')} extra={provider?.apiKeySet ? t('providers.keepKey') : undefined}>
          <Input.Password autoComplete="off" placeholder={provider?.apiKeySet ? provider.apiKeyHint ?? '••••' : 'sk-...'} />
        </Form.Item>
        <Space size="large" wrap>
          <Form.Item name="timeoutMs" label={t('providers.timeout')}>
            <InputNumber min={1} max={600000} step={1000} suffix="ms" />
          </Form.Item>
          <Form.Item name="maxRetries" label={t('providers.retries')}>
            <InputNumber min={0} max={10} />
          </Form.Item>
        </Space>
        {(kindForm.maxTokens || kindForm.apiVersion) && (
          <Space size="large" wrap>
            {kindForm.maxTokens && (
              <Form.Item
                name={['options', 'maxTokens']}
                label={t('providers.maxTokens')}
                extra={kind === 'ANTHROPIC' ? t('providers.maxTokensAnthropic') : t('providers.maxTokensHelp')}
              >
                <InputNumber min={1} max={1000000} placeholder={kind === 'ANTHROPIC' ? '1024' : undefined} />
              </Form.Item>
            )}
            {kindForm.apiVersion && (
              <Form.Item
                name={['options', 'apiVersion']}
                label={t('providers.apiVersion')}
                rules={kindForm.apiVersion === 'required' ? [{ required: true }] : undefined}
                extra={kind === 'AZURE_OPENAI' ? t('providers.apiVersionAzure') : t('providers.apiVersionAnthropic')}
              >
                <Input placeholder={kindForm.apiVersionExample} />
              </Form.Item>
            )}
          </Space>
        )}
        {kindForm.safetySettings && (
          <Form.Item label={t('providers.safetySettings')} extra={t('providers.safetySettingsHelp')}>
            {harmCategories.map((category) => (
              <Form.Item key={category} name={['options', 'safetySettings', category]} label={category} style={{ marginBottom: 8 }}>
                <Select allowClear placeholder={t('providers.geminiDefault')} options={harmThresholds.map((value) => ({ value, label: value }))} />
              </Form.Item>
            ))}
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}

function ModelsDialog({ providerId, onClose }: { providerId: string; onClose: () => void }) {
  const { t } = useTranslation();
  const models = useProviderModels(providerId);
  return (
    <Modal open title={t('providers.modelsOf', { id: providerId })} onCancel={onClose} footer={null}>
      {models.isLoading && <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
      {models.error && <Typography.Text type="danger">{messageOf(models.error)}</Typography.Text>}
      <Space wrap>
        {(models.data ?? []).map((name) => (
          <Tag key={name}>{name}</Tag>
        ))}
      </Space>
    </Modal>
  );
}

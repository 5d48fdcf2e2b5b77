import { useState } from 'react';
import { App as AntApp, Button, Checkbox, Collapse, Form, Input, InputNumber, Modal, Select, Space, Table, Tag, Typography } from 'antd';
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
            render: (set: boolean, p) =>
              set ? (
                <Space size={2} wrap>
                  {[p.apiKeyHint ?? t('providers.keySet'), ...(p.extraApiKeyHints ?? [])].map((hint, i) => (
                    <Tag key={i} color="green">
                      {hint}
                    </Tag>
                  ))}
                </Space>
              ) : (
                <Tag>{t('common.none')}</Tag>
              ),
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
  const [form] = Form.useForm<ProviderForm>();
  const save = useSaveProvider(provider !== null);
  const storedExtra = provider?.extraApiKeyHints?.length ?? 0;
  const kind = (Form.useWatch('kind', form) ?? provider?.kind ?? 'OPENAI_COMPATIBLE') as ProviderKind;
  const kindForm = kindForms[kind] ?? kindForms.OPENAI_COMPATIBLE;
  const { submit, busy, formError } = useApiForm(form, async (values: ProviderForm) => {
    const { extraKeysText, removeExtraKeys, ...body } = values as ProviderForm & ProviderRequest;
    // An empty key field on edit keeps the stored key (the API treats a missing key so).
    if (provider && !body.apiKey) delete body.apiKey;
    const extra = toKeys(extraKeysText);
    // Likewise a missing extraApiKeys keeps the stored ones; [] removes them.
    if (extra.length > 0) body.extraApiKeys = extra;
    else if (removeExtraKeys || !provider) body.extraApiKeys = [];
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
        initialValues={
          provider
            ? { ...provider, apiKey: undefined, extraKeysText: '' }
            : { kind: 'OPENAI_COMPATIBLE', timeoutMs: 60000, maxRetries: 2, extraKeysText: '' }
        }
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
        <Form.Item
          name="extraKeysText"
          label={t('providers.extraKeys')}
          tooltip={t('providers.extraKeysHelp')}
          extra={storedExtra > 0 ? t('providers.keepExtraKeys', { count: storedExtra }) : undefined}
        >
          <Input.TextArea autoComplete="off" rows={2} placeholder={storedExtra > 0 ? (provider?.extraApiKeyHints ?? []).join('\n') : 'sk-...'} />
        </Form.Item>
        {storedExtra > 0 && (
          <Form.Item name="removeExtraKeys" valuePropName="checked">
            <Checkbox>{t('providers.removeExtraKeys')}</Checkbox>
          </Form.Item>
        )}
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
        <Collapse
          size="small"
          items={[
            {
              key: 'limits',
              label: t('providers.limits'),
              forceRender: true,
              children: (
                <Space size="middle" wrap>
                  <Form.Item name={['limits', 'failureRateThreshold']} label={t('providers.failureRate')}>
                    <InputNumber min={1} max={100} suffix="%" placeholder="50" />
                  </Form.Item>
                  <Form.Item name={['limits', 'slidingWindowSize']} label={t('providers.window')}>
                    <InputNumber min={1} max={1000} placeholder="20" />
                  </Form.Item>
                  <Form.Item name={['limits', 'minimumCalls']} label={t('providers.minimumCalls')}>
                    <InputNumber min={1} max={1000} placeholder="10" />
                  </Form.Item>
                  <Form.Item name={['limits', 'openDurationMs']} label={t('providers.openFor')}>
                    <InputNumber min={1} max={86400000} step={1000} suffix="ms" placeholder="30000" />
                  </Form.Item>
                  <Form.Item name={['limits', 'maxConcurrentCalls']} label={t('providers.maxConcurrent')}>
                    <InputNumber min={1} max={10000} placeholder="64" />
                  </Form.Item>
                  <Form.Item name={['limits', 'maxWaitMs']} label={t('providers.maxWait')}>
                    <InputNumber min={0} max={86400000} step={100} suffix="ms" placeholder="1000" />
                  </Form.Item>
                  <Form.Item name={['limits', 'keyCoolDownMs']} label={t('providers.keyCoolDown')}>
                    <InputNumber min={1} max={86400000} step={1000} suffix="ms" placeholder="300000" />
                  </Form.Item>
                </Space>
              ),
            },
          ]}
        />
      </Form>
    </Modal>
  );
}

/** The dialog's values: the request with the extra keys as text (never the stored keys, which never come back). */
type ProviderForm = Omit<ProviderRequest, 'extraApiKeys'> & { extraKeysText?: string; removeExtraKeys?: boolean };

/** The keys of a one-per-line text, trimmed, blanks left out. */
function toKeys(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
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

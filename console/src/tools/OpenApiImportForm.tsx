import { useState } from 'react';
import { App as AntApp, Button, Card, Form, Input, Segmented, Select, Space, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { toolAuthLocationValues, toolAuthTypeValues } from '../api/schema';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { useImportOpenApi } from './queries';

type Source = 'paste' | 'upload' | 'url';

/** Imports an OpenAPI 3 document (pasted, uploaded or fetched) as a tool provider, with its auth. */
export function OpenApiImportForm({ onImported }: { onImported: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Schemas['OpenApiImport']>();
  const [source, setSource] = useState<Source>('paste');
  const authType = Form.useWatch(['auth', 'type'], form);
  const importer = useImportOpenApi();
  const { submit, busy, formError } = useApiForm(form, async (values: Schemas['OpenApiImport']) => {
    const body = { ...values };
    if (source === 'url') delete body.document;
    else delete body.documentUrl;
    if (!body.auth || body.auth.type === 'none') delete body.auth;
    const provider = await importer.mutateAsync(body);
    message.success(t('tools.imported', { name: provider.name, count: provider.tools?.length ?? 0 }));
    form.resetFields();
    onImported();
  });
  return (
    <Card size="small" style={{ maxWidth: 820 }}>
      <FormError message={formError} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ auth: { type: 'none', location: 'header' } }}>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 200 }]}>
          <Input placeholder="Weather API" />
        </Form.Item>
        <Form.Item name="description" label={t('common.description')}>
          <Input />
        </Form.Item>
        <Form.Item label={t('tools.source')}>
          <Segmented
            value={source}
            onChange={(value) => setSource(value as Source)}
            options={[
              { value: 'paste', label: t('tools.paste') },
              { value: 'upload', label: t('tools.uploadFile') },
              { value: 'url', label: t('tools.fromUrl') },
            ]}
          />
        </Form.Item>
        {source === 'url' ? (
          <Form.Item name="documentUrl" label={t('tools.documentUrl')} rules={[{ required: true }]}>
            <Input placeholder="https://api.example.com/openapi.json" />
          </Form.Item>
        ) : (
          <>
            {source === 'upload' && (
              <Upload
                accept=".json,.yaml,.yml"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(file) => {
                  void file.text().then((text) => form.setFieldValue('document', text));
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} style={{ marginBottom: 8 }}>
                  {t('tools.chooseFile')}
                </Button>
              </Upload>
            )}
            <Form.Item name="document" label={t('tools.document')} rules={[{ required: true }]}>
              <Input.TextArea autoSize={{ minRows: 8, maxRows: 20 }} style={{ fontFamily: 'monospace', fontSize: 12 }} placeholder="openapi: 3.0.3 …" />
            </Form.Item>
          </>
        )}
        <Form.Item name="baseUrl" label={t('tools.baseUrl')} extra={t('tools.baseUrlHelp')}>
          <Input placeholder="https://api.example.com" />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name={['auth', 'type']} label={t('tools.auth')}>
            <Select style={{ width: 160 }} options={toolAuthTypeValues.map((value) => ({ value, label: t(`tools.authTypes.${value}` as 'tools.authTypes.none') }))} />
          </Form.Item>
          {authType === 'api_key' && (
            <>
              <Form.Item name={['auth', 'location']} label={t('tools.location')}>
                <Select style={{ width: 120 }} options={toolAuthLocationValues.map((value) => ({ value, label: value }))} />
              </Form.Item>
              <Form.Item name={['auth', 'name']} label={t('tools.paramName')} rules={[{ required: true }]}>
                <Input placeholder="X-API-Key" />
              </Form.Item>
            </>
          )}
          {authType && authType !== 'none' && (
            <Form.Item name={['auth', 'secret']} label={t('tools.secret')} rules={[{ required: true }]} extra={t('tools.secretHelp')}>
              <Input.Password autoComplete="off" style={{ width: 260 }} />
            </Form.Item>
          )}
        </Space>
        <div>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('tools.import')}
          </Button>
        </div>
      </Form>
    </Card>
  );
}

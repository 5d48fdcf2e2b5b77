import { App as AntApp, Button, Card, Form, Input, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../api/client';
import { mcpServerTransportValues } from '../api/schema';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { useAddMcpServer } from './queries';

interface Values {
  name: string;
  description?: string;
  transport: Schemas['McpServer']['transport'];
  url?: string;
  headers?: { name: string; value: string }[];
  command?: string;
}

/** Registers an MCP server; its tools then show in the square, where each can be tested. */
export function McpForm({ onAdded }: { onAdded: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<Values>();
  const transport = Form.useWatch('transport', form);
  const add = useAddMcpServer();
  const { submit, busy, formError } = useApiForm(form, async (values: Values) => {
    const body: Schemas['McpServer'] = { name: values.name, description: values.description, transport: values.transport };
    if (values.transport === 'stdio') body.command = (values.command ?? '').split(/\s+/).filter(Boolean);
    else {
      body.url = values.url;
      const headers = (values.headers ?? []).filter((h) => h?.name);
      if (headers.length) body.headers = Object.fromEntries(headers.map((h) => [h.name, h.value ?? '']));
    }
    const provider = await add.mutateAsync(body);
    message.success(t('tools.mcpAdded', { name: provider.name, count: provider.tools?.length ?? 0 }));
    form.resetFields();
    onAdded();
  });
  return (
    <Card size="small" style={{ maxWidth: 720 }}>
      <FormError message={formError} />
      <Form form={form} layout="vertical" onFinish={submit} initialValues={{ transport: 'streamable_http' }}>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 200 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="description" label={t('common.description')}>
          <Input />
        </Form.Item>
        <Form.Item name="transport" label={t('tools.transport')} extra={transport === 'stdio' ? t('tools.stdioHelp') : undefined}>
          <Select style={{ width: 220 }} options={mcpServerTransportValues.map((value) => ({ value, label: value }))} />
        </Form.Item>
        {transport === 'stdio' ? (
          <Form.Item name="command" label={t('tools.command')} rules={[{ required: true }]}>
            <Input placeholder="npx -y @modelcontextprotocol/server-everything" />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="url" label="URL" rules={[{ required: true }]}>
              <Input placeholder="https://mcp.example.com/mcp" />
            </Form.Item>
            <Form.List name="headers">
              {(fields, { add: addHeader, remove }) => (
                <Form.Item label={t('tools.headers')}>
                  {fields.map((field) => (
                    <Space key={field.key} style={{ display: 'flex', marginBottom: 6 }}>
                      <Form.Item name={[field.name, 'name']} noStyle>
                        <Input placeholder="Authorization" aria-label={t('common.name')} />
                      </Form.Item>
                      <Form.Item name={[field.name, 'value']} noStyle>
                        <Input.Password placeholder="Bearer …" autoComplete="off" aria-label={t('tools.headerValue')} />
                      </Form.Item>
                      <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => remove(field.name)} />
                    </Space>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => addHeader({ name: '', value: '' })}>
                    {t('tools.addHeader')}
                  </Button>
                </Form.Item>
              )}
            </Form.List>
          </>
        )}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('tools.addMcp')}
        </Button>
      </Form>
    </Card>
  );
}

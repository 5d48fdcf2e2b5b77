import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Alert, Form, Input, InputNumber, Modal, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../api/errors';
import { testTool, type ToolDescription, type ToolProvider } from './queries';

interface Property {
  type?: string;
  description?: string;
}

/** Calls a tool as the model would, with arguments from a form built from its JSON schema. */
export function ToolTestDialog({ provider, tool, onClose }: { provider: ToolProvider; tool: ToolDescription; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [raw, setRaw] = useState<string | null>(null);
  const schema = (tool.parameters ?? {}) as { properties?: Record<string, Property>; required?: string[] };
  const properties = Object.entries(schema.properties ?? {});
  const simple = properties.every(([, p]) => ['string', 'number', 'integer', 'boolean'].includes(p.type ?? 'string'));
  const run = useMutation({
    mutationFn: async () => {
      const args = simple && raw === null ? Object.fromEntries(Object.entries(await form.validateFields()).filter(([, v]) => v !== undefined && v !== '')) : JSON.parse(raw ?? '{}');
      return testTool(provider.id!, tool.name!, args);
    },
  });
  return (
    <Modal open title={t('tools.testTitle', { name: tool.name })} onCancel={onClose} onOk={() => run.mutate()} okText={t('tools.call')} confirmLoading={run.isPending} width={640}>
      {simple && raw === null ? (
        <Form form={form} layout="vertical">
          {properties.map(([name, property]) => (
            <Form.Item key={name} name={name} label={name} extra={property.description} rules={[{ required: schema.required?.includes(name) }]} valuePropName={property.type === 'boolean' ? 'checked' : 'value'}>
              {property.type === 'boolean' ? <Switch /> : property.type === 'number' || property.type === 'integer' ? <InputNumber style={{ width: '100%' }} /> : <Input />}
            </Form.Item>
          ))}
          <Typography.Link onClick={() => setRaw(JSON.stringify(form.getFieldsValue(), null, 2))}>{t('tools.editJson')}</Typography.Link>
        </Form>
      ) : (
        <Input.TextArea value={raw ?? '{}'} onChange={(e) => setRaw(e.target.value)} autoSize={{ minRows: 6 }} aria-label={t('tools.arguments')} style={{ fontFamily: 'monospace' }} />
      )}
      {run.error && <Alert type="error" showIcon title={messageOf(run.error)} style={{ marginTop: 12 }} />}
      {run.data && (
        <div style={{ marginTop: 12 }} data-testid="tool-result">
          <Tag color={run.data.ok ? 'green' : 'red'}>{run.data.ok ? 'ok' : t('tools.failed')}</Tag>
          <Typography.Text type="secondary">{run.data.latencyMs} ms</Typography.Text>
          <pre style={{ background: '#f6f8fa', padding: 10, borderRadius: 6, maxHeight: 300, overflow: 'auto', whiteSpace: 'pre-wrap' }}>{run.data.ok ? run.data.result : run.data.error}</pre>
        </div>
      )}
    </Modal>
  );
}

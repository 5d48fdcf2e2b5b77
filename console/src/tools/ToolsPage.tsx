import { useState } from 'react';
import { App as AntApp, Button, Card, Col, Collapse, Empty, Row, Space, Tabs, Tag, Typography } from 'antd';
import { DeleteOutlined, ExperimentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../api/errors';
import { McpForm } from './McpForm';
import { OpenApiImportForm } from './OpenApiImportForm';
import { ToolTestDialog } from './ToolTestDialog';
import { useDeleteToolProvider, useToolSquare, type ToolDescription, type ToolProvider } from './queries';

export default function ToolsPage() {
  const { t } = useTranslation();
  const [tab, setTab] = useState('square');
  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('tools.title')}</Typography.Title>
      </div>
      <Tabs
        activeKey={tab}
        onChange={setTab}
        items={[
          { key: 'square', label: t('tools.square'), children: <Square /> },
          { key: 'openapi', label: t('tools.openapi'), children: <OpenApiImportForm onImported={() => setTab('square')} /> },
          { key: 'mcp', label: t('tools.mcp'), children: <McpForm onAdded={() => setTab('square')} /> },
        ]}
      />
    </>
  );
}

function Square() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const square = useToolSquare();
  const remove = useDeleteToolProvider();
  const [testing, setTesting] = useState<{ provider: ToolProvider; tool: ToolDescription } | null>(null);
  if (square.data?.length === 0) return <Empty />;
  return (
    <>
      <Row gutter={[12, 12]}>
        {(square.data ?? []).map((provider) => (
          <Col key={provider.id} xs={24} lg={12}>
            <Card
              size="small"
              title={
                <Space>
                  {provider.name}
                  <Tag>{t(`tools.kinds.${provider.kind}` as 'tools.kinds.builtin')}</Tag>
                </Space>
              }
              extra={
                (provider.kind === 'openapi' || provider.kind === 'mcp') && (
                  <Button
                    size="small"
                    type="text"
                    danger
                    icon={<DeleteOutlined />}
                    aria-label={t('common.delete')}
                    onClick={() =>
                      modal.confirm({
                        title: t('tools.deleteTitle', { name: provider.name }),
                        okButtonProps: { danger: true },
                        okText: t('common.delete'),
                        cancelText: t('common.cancel'),
                        onOk: () => remove.mutateAsync(provider.id!).catch((failure) => message.error(messageOf(failure))),
                      })
                    }
                  />
                )
              }
            >
              {provider.description && <Typography.Paragraph type="secondary">{provider.description}</Typography.Paragraph>}
              <Collapse
                size="small"
                items={(provider.tools ?? []).map((tool) => ({
                  key: tool.reference!,
                  label: <Typography.Text strong>{tool.name}</Typography.Text>,
                  extra: (
                    <Button
                      size="small"
                      icon={<ExperimentOutlined />}
                      aria-label={`${t('common.test')} ${tool.name}`}
                      onClick={(e) => {
                        e.stopPropagation();
                        setTesting({ provider, tool });
                      }}
                    >
                      {t('common.test')}
                    </Button>
                  ),
                  children: (
                    <>
                      <Typography.Paragraph type="secondary">{tool.description}</Typography.Paragraph>
                      <Parameters schema={tool.parameters} />
                    </>
                  ),
                }))}
              />
            </Card>
          </Col>
        ))}
      </Row>
      {testing && <ToolTestDialog provider={testing.provider} tool={testing.tool} onClose={() => setTesting(null)} />}
    </>
  );
}

interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
}

function Parameters({ schema }: { schema?: Record<string, unknown> }) {
  const { t } = useTranslation();
  const properties = Object.entries((schema as JsonSchema | undefined)?.properties ?? {});
  const required = (schema as JsonSchema | undefined)?.required ?? [];
  if (properties.length === 0) return <Typography.Text type="secondary">{t('tools.noParameters')}</Typography.Text>;
  return (
    <table style={{ width: '100%', fontSize: 12 }}>
      <tbody>
        {properties.map(([name, property]) => (
          <tr key={name}>
            <td style={{ verticalAlign: 'top', paddingRight: 8 }}>
              <Typography.Text code>{name}</Typography.Text>
              {required.includes(name) && <Typography.Text type="danger">*</Typography.Text>}
            </td>
            <td style={{ verticalAlign: 'top', paddingRight: 8 }}>
              <Tag>{property.type ?? 'any'}</Tag>
            </td>
            <td>
              {property.description}
              {property.enum && <Typography.Text type="secondary"> ({property.enum.join(', ')})</Typography.Text>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

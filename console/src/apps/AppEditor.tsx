import { useState } from 'react';
import { Button, Result, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, CloudUploadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { messageOf } from '../api/errors';
import { OrchestrateTab } from './editor/OrchestrateTab';
import { PublishDialog } from './PublishDialog';
import { useApp } from './queries';
import { APP_TABS } from './tabs';
import { VersionsTab } from './versions/VersionsTab';

/** One app: its draft (orchestrate + debug chat), versions, and the per-app tabs of the registry. */
export default function AppEditor() {
  const { appId = '', tab = 'orchestrate' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const app = useApp(appId);
  const [publishing, setPublishing] = useState(false);
  const [dirty, setDirty] = useState(false);
  if (app.isLoading) return <Spin style={{ display: 'block', margin: 64 }} />;
  if (app.error || !app.data) {
    return <Result status="warning" title={messageOf(app.error)} extra={<Link to="/apps">{t('editor.back')}</Link>} />;
  }
  const data = app.data;
  return (
    <>
      <div className="page-header">
        <Space wrap>
          <Link to="/apps" aria-label={t('editor.back')}>
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={3} data-testid="app-title">
            {data.draft?.name}
          </Typography.Title>
          <Typography.Text code>{data.id}</Typography.Text>
          {data.publishedVersion ? <Tag color="green">v{data.publishedVersion}</Tag> : <Tag>{t('apps.unpublished')}</Tag>}
        </Space>
        <Space>
          <Button
            type="primary"
            icon={<CloudUploadOutlined />}
            onClick={() => setPublishing(true)}
            disabled={dirty}
            title={dirty ? t('editor.saveBeforePublish') : undefined}
          >
            {t('editor.publish')}
          </Button>
        </Space>
      </div>
      <Tabs
        activeKey={tab}
        onChange={(key) => navigate(`/apps/${appId}/${key}`)}
        destroyOnHidden
        items={[
          { key: 'orchestrate', label: t('editor.tabs.orchestrate'), children: <OrchestrateTab app={data} onDirty={setDirty} /> },
          { key: 'versions', label: t('editor.tabs.versions'), children: <VersionsTab app={data} /> },
          ...APP_TABS.map((entry) => ({ key: entry.key, label: t(entry.title as 'editor.tabs.logs'), children: <entry.Tab app={data} /> })),
        ]}
      />
      <PublishDialog appId={appId} open={publishing} onClose={() => setPublishing(false)} />
    </>
  );
}

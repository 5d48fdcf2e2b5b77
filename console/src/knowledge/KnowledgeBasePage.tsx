import { Button, Result, Space, Spin, Tabs, Typography } from 'antd';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { messageOf } from '../api/errors';
import { DocumentsTab } from './DocumentsTab';
import { HitTest } from './HitTest';
import { SettingsTab } from './SettingsTab';
import { useKnowledgeBase } from './queries';

export default function KnowledgeBasePage() {
  const { kbId = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const kb = useKnowledgeBase(kbId);
  const tab = new URLSearchParams(location.search).get('tab') ?? 'documents';
  if (kb.isLoading) return <Spin style={{ display: 'block', margin: 64 }} />;
  if (!kb.data) return <Result status="warning" title={messageOf(kb.error)} extra={<Link to="/knowledge">{t('common.back')}</Link>} />;
  return (
    <>
      <div className="page-header">
        <Space>
          <Link to="/knowledge" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <Typography.Title level={3}>{kb.data.name}</Typography.Title>
        </Space>
        <Button onClick={() => navigate('/apps')}>{t('knowledge.linkHint')}</Button>
      </div>
      <Tabs
        defaultActiveKey={tab}
        items={[
          { key: 'documents', label: t('knowledge.documents'), children: <DocumentsTab kbId={kbId} /> },
          { key: 'hit-test', label: t('knowledge.hitTest'), children: <HitTest kbId={kbId} /> },
          { key: 'settings', label: t('knowledge.settings'), children: <SettingsTab kb={kb.data} /> },
        ]}
      />
    </>
  );
}

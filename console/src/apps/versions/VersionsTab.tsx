import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { App as AntApp, Button, Card, Empty, Select, Space, Table, Tag, Typography } from 'antd';
import { RollbackOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../api/errors';
import { formatTime } from '../../shared/format';
import { appKeys, fetchVersion, useRollback, useVersions, type App } from '../queries';
import { DiffView } from './DiffView';

const DRAFT = 0;

/** A published version's configuration (versions never change, so it is fetched once). */
function useVersionConfig(appId: string, version: number | null) {
  return useQuery({
    queryKey: version === null || version === DRAFT ? ['draft', appId, version] : appKeys.version(appId, version),
    enabled: version !== null && version !== DRAFT,
    queryFn: () => fetchVersion(appId, version!).then((v) => v.config),
    staleTime: Infinity,
  });
}

/** Published versions, a diff between any two (or a version and the draft), and rollback. */
export function VersionsTab({ app }: { app: App }) {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const versions = useVersions(app.id!);
  const rollback = useRollback(app.id!);
  const items = versions.data?.items ?? [];
  const [left, setLeft] = useState<number | null>(null);
  const [right, setRight] = useState<number>(DRAFT);
  const base = left ?? items[0]?.version ?? null;
  const beforeQuery = useVersionConfig(app.id!, base);
  const afterQuery = useVersionConfig(app.id!, right);
  const before = base === DRAFT ? app.draft : beforeQuery.data;
  const after = right === DRAFT ? app.draft : afterQuery.data;

  function confirmRollback(version: number) {
    modal.confirm({
      title: t('versions.rollbackTitle', { version }),
      content: t('versions.rollbackBody', { version }),
      okText: t('versions.rollback'),
      cancelText: t('common.cancel'),
      onOk: () =>
        rollback.mutateAsync(version).then(
          () => message.success(t('versions.rolledBack', { version })),
          (failure) => message.error(messageOf(failure)),
        ),
    });
  }

  const options = [{ value: DRAFT, label: t('editor.draftVersion') }, ...items.map((v) => ({ value: v.version!, label: `v${v.version}${v.note ? ' · ' + v.note : ''}` }))];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('versions.title')}>
        <Table
          rowKey="version"
          size="small"
          loading={versions.isLoading}
          dataSource={items}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('versions.noVersions')} /> }}
          columns={[
            { title: t('versions.version'), dataIndex: 'version', render: (v: number) => <Typography.Text strong>v{v}</Typography.Text> },
            { title: t('versions.note'), dataIndex: 'note', render: (note: string | null) => note ?? '—' },
            { title: t('versions.publishedAt'), dataIndex: 'createdAt', render: formatTime },
            {
              title: t('common.status'),
              dataIndex: 'published',
              render: (published: boolean) => (published ? <Tag color="green">{t('versions.current')}</Tag> : null),
            },
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_, v) => (
                <Space>
                  <Button size="small" onClick={() => setLeft(v.version!)}>
                    {t('versions.compare')}
                  </Button>
                  {!v.published && (
                    <Button size="small" icon={<RollbackOutlined />} onClick={() => confirmRollback(v.version!)}>
                      {t('versions.rollback')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {items.length > 0 && (
        <Card
          size="small"
          title={
            <Space wrap>
              {t('versions.compare')}
              <Select aria-label={t('versions.compare')} value={base ?? undefined} onChange={setLeft} options={options} style={{ minWidth: 160 }} />
              {t('versions.compareWith')}
              <Select aria-label={t('versions.compareWith')} value={right} onChange={setRight} options={options} style={{ minWidth: 160 }} />
            </Space>
          }
        >
          {before && after ? <DiffView before={before} after={after} /> : <Typography.Text type="secondary">{t('common.loading')}</Typography.Text>}
        </Card>
      )}
    </Space>
  );
}

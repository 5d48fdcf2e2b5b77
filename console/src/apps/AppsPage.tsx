import { useMemo, useState } from 'react';
import { App as AntApp, Button, Input, Space, Table, Tag, Typography } from 'antd';
import { CopyOutlined, DeleteOutlined, DownloadOutlined, ImportOutlined, PlusOutlined, SearchOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { messageOf } from '../api/errors';
import { formatTime } from '../shared/format';
import { CreateAppDialog } from './CreateAppDialog';
import { ImportAppDialog } from './ImportAppDialog';
import { downloadAppFile, useApps, useCreateApp, useDeleteApp, type AppSummary } from './queries';
import { atLeast, useMyRole } from '../workspaces/queries';

export default function AppsPage() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const navigate = useNavigate();
  const apps = useApps();
  const remove = useDeleteApp();
  const create = useCreateApp();
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  // Viewers read; the API refuses their changes anyway (403), the console does not offer them.
  const canEdit = atLeast(useMyRole(), 'editor');
  const [importing, setImporting] = useState(false);
  const rows = useMemo(() => {
    const query = search.trim().toLowerCase();
    return (apps.data ?? []).filter(
      (app) =>
        !query ||
        app.id!.includes(query) ||
        (app.name ?? '').toLowerCase().includes(query) ||
        (app.description ?? '').toLowerCase().includes(query),
    );
  }, [apps.data, search]);

  function confirmDelete(app: AppSummary) {
    modal.confirm({
      title: t('apps.deleteTitle', { name: app.name }),
      content: t('apps.deleteBody'),
      okText: t('common.delete'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: () =>
        remove.mutateAsync(app.id!).then(
          () => message.success(t('apps.deleted', { name: app.name })),
          (failure) => message.error(messageOf(failure)),
        ),
    });
  }

  async function duplicate(app: AppSummary) {
    try {
      const source = await call(api.GET('/admin/v1/apps/{id}', { params: { path: { id: app.id! } } }));
      const taken = new Set((apps.data ?? []).map((a) => a.id));
      let id = `${app.id}-copy`.slice(0, 63);
      for (let n = 2; taken.has(id); n++) id = `${app.id}-copy-${n}`.slice(0, 63);
      const name = `${source.draft!.name} ${t('apps.copySuffix')}`.slice(0, 100);
      await create.mutateAsync({ id, config: { ...source.draft!, name } });
      message.success(t('apps.duplicated', { name }));
      navigate(`/apps/${id}`);
    } catch (failure) {
      message.error(messageOf(failure));
    }
  }

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('apps.title')}</Typography.Title>
        <Space wrap>
          <Input
            allowClear
            prefix={<SearchOutlined />}
            placeholder={t('apps.search')}
            aria-label={t('apps.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            style={{ width: 240 }}
          />
          {canEdit && (
            <Button icon={<ImportOutlined />} onClick={() => setImporting(true)}>
              {t('apps.import')}
            </Button>
          )}
          {canEdit && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
              {t('apps.create')}
            </Button>
          )}
        </Space>
      </div>
      {apps.error && <Typography.Text type="danger">{messageOf(apps.error)}</Typography.Text>}
      <Table<AppSummary>
        rowKey="id"
        loading={apps.isLoading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        scroll={{ x: 720 }}
        columns={[
          {
            title: t('apps.name'),
            dataIndex: 'name',
            render: (name: string, app) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/apps/${app.id}`}>
                  <Typography.Text strong>
                    {app.icon ? <span aria-hidden="true">{app.icon} </span> : null}
                    {name}
                  </Typography.Text>
                </Link>
                {app.description ? (
                  <Typography.Text type="secondary" ellipsis style={{ maxWidth: 360, fontSize: 12 }}>
                    {app.description}
                  </Typography.Text>
                ) : null}
              </Space>
            ),
          },
          { title: t('apps.id'), dataIndex: 'id', render: (id: string) => <Typography.Text code>{id}</Typography.Text> },
          {
            title: t('apps.published'),
            dataIndex: 'publishedVersion',
            render: (version: number | null) =>
              version ? <Tag color="green">v{version}</Tag> : <Tag>{t('apps.unpublished')}</Tag>,
          },
          { title: t('common.updated'), dataIndex: 'updatedAt', render: formatTime },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_, app) => (
              <Space>
                <Button
                  size="small"
                  icon={<DownloadOutlined />}
                  aria-label={t('apps.export')}
                  title={t('apps.export')}
                  onClick={() => downloadAppFile(app.id!).catch((failure) => message.error(messageOf(failure)))}
                />
                <Button size="small" icon={<CopyOutlined />} aria-label={t('apps.duplicate')} title={t('apps.duplicate')} onClick={() => duplicate(app)} />
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} title={t('common.delete')} onClick={() => confirmDelete(app)} />
              </Space>
            ),
          },
        ]}
      />
      <ImportAppDialog
        open={importing}
        onClose={() => setImporting(false)}
        onImported={(id) => {
          setImporting(false);
          navigate(`/apps/${id}`);
        }}
      />
      <CreateAppDialog
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(id) => {
          setCreating(false);
          navigate(`/apps/${id}`);
        }}
      />
    </>
  );
}

import { useState } from 'react';
import { App as AntApp, Button, Checkbox, Form, Input, Modal, Space, Table, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';

type KeywordList = Schemas['KeywordList'];

const SHARED = ['moderation', 'lists', 'shared'] as const;

/** The shared keyword lists: create, import a file of words (one per line), delete. */
export default function ModerationPage() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const client = useQueryClient();
  const lists = useQuery({ queryKey: SHARED, queryFn: () => call(api.GET('/admin/v1/moderation/lists', {})) });
  const refresh = () => client.invalidateQueries({ queryKey: SHARED });
  const [creating, setCreating] = useState(false);
  const [importing, setImporting] = useState<KeywordList | null>(null);
  const create = useMutation({
    mutationFn: (body: Schemas['KeywordListRequest']) => call(api.POST('/admin/v1/moderation/lists', { body })),
    onSuccess: () => {
      setCreating(false);
      return refresh();
    },
    onError: (failure) => message.error(messageOf(failure)),
  });
  const remove = useMutation({
    mutationFn: (listId: string) =>
      call(api.DELETE('/admin/v1/moderation/lists/{listId}', { params: { path: { listId } } })),
    onSuccess: refresh,
    onError: (failure) => message.error(messageOf(failure)),
  });
  const upload = useMutation({
    mutationFn: ({ listId, body }: { listId: string; body: Schemas['KeywordImport'] }) =>
      call(api.POST('/admin/v1/moderation/lists/{listId}/import', { params: { path: { listId } }, body })),
    onSuccess: (result) => {
      setImporting(null);
      message.success(t('moderation.imported', { added: result.added ?? 0, words: result.words ?? 0 }));
      if ((result.invalid ?? []).length > 0) {
        modal.warning({ title: t('moderation.skipped'), content: (result.invalid ?? []).join('\n') });
      }
      return refresh();
    },
    onError: (failure) => message.error(messageOf(failure)),
  });
  return (
    <div>
      <Space style={{ marginBottom: 16, justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('moderation.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('moderation.create')}
        </Button>
      </Space>
      <Typography.Paragraph type="secondary">{t('moderation.help')}</Typography.Paragraph>
      <Table<KeywordList>
        rowKey="id"
        loading={lists.isLoading}
        dataSource={lists.data?.lists ?? []}
        pagination={false}
        columns={[
          { title: t('moderation.name'), dataIndex: 'name' },
          { title: 'ID', dataIndex: 'id' },
          { title: t('moderation.words'), dataIndex: 'words' },
          {
            key: 'actions',
            render: (_, list) => (
              <Space>
                <Button icon={<UploadOutlined />} onClick={() => setImporting(list)}>
                  {t('moderation.import')}
                </Button>
                <Button
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('moderation.delete')}
                  onClick={() =>
                    modal.confirm({
                      title: t('moderation.deleteConfirm', { name: list.name }),
                      onOk: () => remove.mutateAsync(list.id ?? ''),
                    })
                  }
                />
              </Space>
            ),
          },
        ]}
      />
      <CreateDialog open={creating} busy={create.isPending} onCancel={() => setCreating(false)} onCreate={create.mutate} />
      <ImportDialog
        list={importing}
        busy={upload.isPending}
        onCancel={() => setImporting(null)}
        onImport={(body) => importing && upload.mutate({ listId: importing.id ?? '', body })}
      />
    </div>
  );
}

function CreateDialog(props: {
  open: boolean;
  busy: boolean;
  onCancel: () => void;
  onCreate: (body: Schemas['KeywordListRequest']) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<Schemas['KeywordListRequest']>();
  return (
    <Modal
      open={props.open}
      title={t('moderation.create')}
      confirmLoading={props.busy}
      onCancel={props.onCancel}
      onOk={() => form.validateFields().then(props.onCreate)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" preserve={false}>
        <Form.Item name="name" label={t('moderation.name')} rules={[{ required: true }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="id" label="ID" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9-]{0,63}$/ }]}>
          <Input placeholder="zh-politics" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ImportDialog(props: {
  list: KeywordList | null;
  busy: boolean;
  onCancel: () => void;
  onImport: (body: Schemas['KeywordImport']) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [replace, setReplace] = useState(false);
  return (
    <Modal
      open={props.list != null}
      title={t('moderation.importInto', { name: props.list?.name ?? '' })}
      confirmLoading={props.busy}
      onCancel={props.onCancel}
      onOk={() => props.onImport({ text, replace })}
      destroyOnHidden
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <input
          type="file"
          accept=".txt,text/plain"
          aria-label={t('moderation.file')}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void file.text().then(setText);
          }}
        />
        <Input.TextArea
          rows={10}
          value={text}
          onChange={(event) => setText(event.target.value)}
          placeholder={t('moderation.onePerLine')}
        />
        <Checkbox checked={replace} onChange={(event) => setReplace(event.target.checked)}>
          {t('moderation.replace')}
        </Checkbox>
      </Space>
    </Modal>
  );
}

import { useMemo, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, Drawer, Input, List, Modal, Switch, Typography } from 'antd';
import { EditOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';
import { knowledgeKeys, type KnowledgeDocument } from './queries';

type Chunk = Schemas['KnowledgeChunk'];

/** A document's chunks: search them, edit one (it is embedded and indexed again), switch one off. */
export function ChunksDrawer({ document, onClose }: { document: KnowledgeDocument | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const docId = document?.id ?? '';
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<Chunk | null>(null);
  const [text, setText] = useState('');
  const chunks = useQuery({
    queryKey: knowledgeKeys.chunks(docId),
    enabled: !!document,
    queryFn: async () => {
      const items: Chunk[] = [];
      for (let offset = 0; offset < 5000; offset += 100) {
        const page = await call(api.GET('/admin/v1/knowledge-documents/{docId}/chunks', { params: { path: { docId }, query: { offset, limit: 100 } } }));
        items.push(...(page.items ?? []));
        if ((page.items ?? []).length < 100) break;
      }
      return items;
    },
  });
  const save = useMutation({
    mutationFn: (chunk: Chunk) => call(api.PUT('/admin/v1/knowledge-chunks/{chunkId}', { params: { path: { chunkId: chunk.id! } }, body: { text } })),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: knowledgeKeys.chunks(docId) });
      setEditing(null);
      message.success(t('common.saved'));
    },
  });
  const toggle = useMutation({
    mutationFn: ({ chunk, enabled }: { chunk: Chunk; enabled: boolean }) =>
      call(api.PUT('/admin/v1/knowledge-chunks/{chunkId}/enabled', { params: { path: { chunkId: chunk.id! } }, body: { enabled } })),
    onSuccess: () => void client.invalidateQueries({ queryKey: knowledgeKeys.chunks(docId) }),
    onError: (failure) => message.error(messageOf(failure)),
  });
  const shown = useMemo(() => {
    const query = search.trim().toLowerCase();
    return (chunks.data ?? []).filter((chunk) => !query || chunk.text!.toLowerCase().includes(query));
  }, [chunks.data, search]);
  return (
    <Drawer open={!!document} onClose={onClose} size={640} title={t('knowledge.chunksOf', { name: document?.name })}>
      <Input.Search allowClear placeholder={t('knowledge.searchChunks')} aria-label={t('knowledge.searchChunks')} onChange={(e) => setSearch(e.target.value)} style={{ marginBottom: 12 }} />
      <Typography.Text type="secondary">{t('knowledge.chunkCount', { shown: shown.length, total: chunks.data?.length ?? 0 })}</Typography.Text>
      <List
        loading={chunks.isLoading}
        dataSource={shown}
        renderItem={(chunk) => (
          <List.Item
            actions={[
              <Switch
                key="enabled"
                size="small"
                checked={chunk.enabled !== false}
                loading={toggle.isPending && toggle.variables?.chunk.id === chunk.id}
                aria-label={t('knowledge.chunkEnabled', { position: chunk.position })}
                title={t('knowledge.chunkEnabledHelp')}
                onChange={(enabled) => toggle.mutate({ chunk, enabled })}
              />,
              <Button
                key="edit"
                size="small"
                icon={<EditOutlined />}
                aria-label={t('common.edit')}
                onClick={() => {
                  setEditing(chunk);
                  setText(chunk.text ?? '');
                }}
              />,
            ]}
          >
            <div>
              <Typography.Text type="secondary">#{chunk.position}</Typography.Text>
              <div style={{ whiteSpace: 'pre-wrap', fontSize: 13, opacity: chunk.enabled === false ? 0.5 : 1 }}>{chunk.text}</div>
            </div>
          </List.Item>
        )}
      />
      <Modal open={!!editing} title={t('knowledge.editChunk')} onCancel={() => setEditing(null)} onOk={() => editing && save.mutate(editing)} confirmLoading={save.isPending} okText={t('common.save')} width={640}>
        <Input.TextArea value={text} onChange={(e) => setText(e.target.value)} autoSize={{ minRows: 6, maxRows: 18 }} maxLength={8000} showCount status={save.error ? 'error' : undefined} aria-label={t('knowledge.editChunk')} />
        {save.error && <Typography.Text type="danger">{messageOf(save.error)}</Typography.Text>}
      </Modal>
    </Drawer>
  );
}

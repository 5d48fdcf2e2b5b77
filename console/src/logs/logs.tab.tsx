import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Drawer, Empty, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import type { App } from '../apps/queries';
import type { AppTab } from '../apps/tabs';
import { formatTime } from '../shared/format';

type TurnLog = Schemas['TurnLog'];
const PAGE = 20;

/** The conversation log: newest turns first; a row opens its whole conversation. */
function LogsTab({ app }: { app: App }) {
  const { t } = useTranslation();
  const id = app.id!;
  const [page, setPage] = useState(1);
  const [conversation, setConversation] = useState<string | null>(null);
  const [filter, setFilter] = useState('');
  const [feedback, setFeedback] = useState<'up' | 'down' | 'given' | 'none' | undefined>(undefined);
  const turns = useQuery({
    queryKey: ['apps', id, 'logs', page, filter, feedback],
    placeholderData: keepPreviousData,
    queryFn: () =>
      call(
        api.GET('/admin/v1/apps/{id}/logs', {
          params: { path: { id }, query: {
            offset: (page - 1) * PAGE,
            limit: PAGE,
            ...(filter ? { conversationId: filter } : {}),
            ...(feedback ? { feedback } : {}),
          } },
        }),
      ),
  });
  return (
    <>
      <div className="page-header">
        <Input.Search
          allowClear
          placeholder={t('logs.conversationFilter')}
          aria-label={t('logs.conversationFilter')}
          onSearch={(value) => {
            setFilter(value.trim());
            setPage(1);
          }}
          style={{ width: 320 }}
        />
        <Select
          allowClear
          placeholder={t('logs.feedbackFilter')}
          aria-label={t('logs.feedbackFilter')}
          style={{ width: 180 }}
          value={feedback}
          onChange={(value) => {
            setFeedback(value);
            setPage(1);
          }}
          options={(['up', 'down', 'given', 'none'] as const).map((value) => ({ value, label: t(`logs.feedback_${value}`) }))}
        />
        <Space>
          <Typography.Text type="secondary">{t('logs.lag')}</Typography.Text>
          <Button icon={<ReloadOutlined />} onClick={() => void turns.refetch()} aria-label={t('common.refresh')} />
        </Space>
      </div>
      <Table<TurnLog>
        rowKey="id"
        size="small"
        loading={turns.isFetching}
        dataSource={turns.data?.items ?? []}
        scroll={{ x: 900 }}
        onRow={(turn) => ({ onClick: () => setConversation(turn.conversationId!), style: { cursor: 'pointer' } })}
        pagination={{ current: page, pageSize: PAGE, total: turns.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        locale={{ emptyText: <Empty description={t('logs.none')} /> }}
        columns={[
          { title: t('logs.time'), dataIndex: 'createdAt', render: formatTime, width: 140 },
          { title: t('logs.channel'), dataIndex: 'channel', render: (c: string) => <Tag>{c}</Tag>, width: 100 },
          { title: t('logs.user'), dataIndex: 'userId', ellipsis: true, width: 120, render: (u: string | null, turn) => u ?? turn.conversationId },
          {
            title: t('logs.question'),
            dataIndex: 'query',
            ellipsis: true,
            render: (q: string, turn) => (
              <Button type="link" size="small" style={{ padding: 0 }} onClick={() => setConversation(turn.conversationId!)}>
                {q}
              </Button>
            ),
          },
          { title: t('logs.latency'), dataIndex: 'latencyMs', render: (ms: number) => `${ms} ms`, width: 90 },
          { title: t('logs.tokens'), key: 'tokens', render: (_, turn) => `${turn.inputTokens ?? 0} / ${turn.outputTokens ?? 0}`, width: 90 },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 90,
            render: (status: string, turn) => <Tag color={status === 'error' || turn.error ? 'red' : status === 'ok' ? 'green' : 'blue'}>{status}</Tag>,
          },
          {
            title: t('logs.feedback'),
            key: 'feedback',
            width: 90,
            render: (_, turn) => <FeedbackTag feedback={turn.feedback} />,
          },
          { title: t('logs.version'), dataIndex: 'appVersion', width: 80, render: (v: number) => (v === 0 ? t('editor.draftVersion') : `v${v}`) },
        ]}
      />
      <ConversationDrawer appId={id} conversationId={conversation} onClose={() => setConversation(null)} />
    </>
  );
}

function FeedbackTag({ feedback }: { feedback?: TurnLog['feedback'] }) {
  const { t } = useTranslation();
  if (!feedback) return null;
  return feedback.rating === 'up' ? <Tag color="green">👍 {t('logs.feedback_up')}</Tag> : <Tag color="red">👎 {t('logs.feedback_down')}</Tag>;
}

function ConversationDrawer({ appId, conversationId, onClose }: { appId: string; conversationId: string | null; onClose: () => void }) {
  const { t } = useTranslation();
  const turns = useQuery({
    queryKey: ['apps', appId, 'conversation', conversationId],
    enabled: !!conversationId,
    queryFn: () =>
      call(api.GET('/admin/v1/apps/{id}/logs', { params: { path: { id: appId }, query: { conversationId: conversationId!, limit: 100 } } })),
  });
  const ordered = [...(turns.data?.items ?? [])].reverse();
  return (
    <Drawer open={!!conversationId} onClose={onClose} size={560} title={t('logs.conversation', { id: conversationId })}>
      <div className="chat-log">
        {ordered.map((turn) => (
          <div key={turn.id}>
            <div className="chat-meta" style={{ textAlign: 'right' }}>
              {formatTime(turn.createdAt)} · {turn.channel} {turn.userId ? `· ${turn.userId}` : ''}
            </div>
            <div className="chat-bubble user" style={{ marginLeft: 'auto' }}>
              {turn.query}
            </div>
            <div className="chat-bubble assistant" style={{ marginTop: 6 }}>
              {turn.answer}
              <div className="chat-meta">
                <Tag>{turn.status}</Tag>
                {turn.model && <Tag title={t('logs.answeredBy')}>{turn.model}</Tag>}
                {t('logs.turnMeta', { latency: turn.latencyMs, first: turn.firstTokenMs, input: turn.inputTokens, output: turn.outputTokens })}
              </div>
              {turn.error && <Typography.Text type="danger">{turn.error}</Typography.Text>}
              {turn.feedback && (
                <div className="chat-meta">
                  <FeedbackTag feedback={turn.feedback} /> {turn.feedback.comment}
                </div>
              )}
              {(turn.followUps ?? []).length > 0 && (
                <div className="chat-meta">
                  {t('logs.followUps')}: {(turn.followUps ?? []).join(' · ')}
                </div>
              )}
              {((turn as { toolCalls?: Schemas['ToolCall'][] }).toolCalls ?? []).map((call, i) => (
                <div key={i} className="passage">
                  🔧 <Typography.Text strong>{call.name}</Typography.Text> <Typography.Text code>{call.arguments}</Typography.Text> · {call.latencyMs} ms
                  {call.error && <Typography.Text type="danger"> · {call.error}</Typography.Text>}
                </div>
              ))}
            </div>
          </div>
        ))}
      </div>
    </Drawer>
  );
}

export default { key: 'logs', order: 30, title: 'editor.tabs.logs', Tab: LogsTab } satisfies AppTab;

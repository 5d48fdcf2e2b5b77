import { useEffect, useReducer, useRef, useState } from 'react';
import { Alert, Button, Card, Collapse, Input, Space, Tag, Tooltip, Typography } from 'antd';
import { ClearOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../../api/errors';
import { postSse } from '../../api/sse';
import { transcript, type DebugDone, type Turn } from './transcript';

/**
 * The debug chat on the saved draft: streams each answer (server-sent events), then shows its token
 * usage, latency, tool calls and the passages knowledge retrieval returned. "New conversation" starts
 * over with an empty memory.
 */
export function DebugChat({ appId, dirty }: { appId: string; dirty: boolean }) {
  const { t } = useTranslation();
  const [turns, dispatch] = useReducer(transcript, [] as Turn[]);
  const [text, setText] = useState('');
  const [conversationId, setConversationId] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const abort = useRef<AbortController | null>(null);
  const log = useRef<HTMLDivElement>(null);
  const nextId = useRef(1);

  useEffect(() => {
    log.current?.scrollTo({ top: log.current.scrollHeight });
  }, [turns]);
  useEffect(() => () => abort.current?.abort(), []);

  async function send() {
    const question = text.trim();
    if (!question || busy) return;
    const id = nextId.current++;
    setText('');
    setBusy(true);
    dispatch({ type: 'ask', id, question });
    const controller = new AbortController();
    abort.current = controller;
    try {
      await postSse(
        `/admin/v1/apps/${encodeURIComponent(appId)}/debug/messages`,
        { text: question, ...(conversationId ? { conversationId } : {}) },
        (event) => {
          const data = JSON.parse(event.data);
          if (event.event === 'delta') dispatch({ type: 'delta', id, text: data.text ?? '' });
          else if (event.event === 'done') {
            setConversationId((data as DebugDone).conversationId);
            dispatch({ type: 'done', id, done: data });
          } else if (event.event === 'error') dispatch({ type: 'error', id, message: data.error?.message ?? t('debug.failed') });
        },
        controller.signal,
      );
      if (controller.signal.aborted) dispatch({ type: 'error', id, message: t('debug.stopped') });
    } catch (failure) {
      dispatch({ type: 'error', id, message: messageOf(failure) });
    } finally {
      setBusy(false);
      abort.current = null;
    }
  }

  function reset() {
    abort.current?.abort();
    dispatch({ type: 'reset' });
    setConversationId(undefined);
  }

  return (
    <Card
      className="debug-chat"
      size="small"
      title={t('debug.title')}
      extra={
        <Tooltip title={t('debug.reset')}>
          <Button size="small" icon={<ClearOutlined />} onClick={reset} aria-label={t('debug.reset')}>
            {t('debug.reset')}
          </Button>
        </Tooltip>
      }
    >
      {dirty && <Alert type="warning" showIcon title={t('debug.unsavedHint')} style={{ marginBottom: 8 }} />}
      <div className="chat-log" ref={log} aria-live="polite" data-testid="debug-log">
        {turns.length === 0 && <Typography.Text type="secondary">{t('debug.empty')}</Typography.Text>}
        {turns.map((turn) => (
          <TurnView key={turn.id} turn={turn} />
        ))}
      </div>
      <Space.Compact style={{ marginTop: 8 }}>
        <Input.TextArea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onPressEnter={(e) => {
            if (!e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
          placeholder={t('debug.placeholder')}
          aria-label={t('debug.placeholder')}
          autoSize={{ minRows: 1, maxRows: 4 }}
        />
        {busy ? (
          <Button icon={<StopOutlined />} onClick={() => abort.current?.abort()} aria-label={t('debug.stop')} />
        ) : (
          <Button type="primary" icon={<SendOutlined />} onClick={() => void send()} aria-label={t('debug.send')} />
        )}
      </Space.Compact>
    </Card>
  );
}

function TurnView({ turn }: { turn: Turn }) {
  const { t } = useTranslation();
  const done = turn.done;
  const toolCalls = done?.toolCalls ?? [];
  const passages = done?.citations ?? [];
  return (
    <>
      <div className="chat-bubble user">{turn.question}</div>
      <div className="chat-bubble assistant" data-testid="debug-answer">
        {turn.answer || (turn.streaming ? '…' : '')}
        {turn.error && <Alert type="error" showIcon title={turn.error} style={{ marginTop: 6 }} />}
        {done && (
          <div className="chat-meta">
            {done.status && <Tag>{done.status}</Tag>}
            {t('debug.usage', { input: done.usage?.inputTokens ?? 0, output: done.usage?.outputTokens ?? 0, latency: done.latencyMs ?? 0 })}
          </div>
        )}
        {(toolCalls.length > 0 || passages.length > 0) && (
          <Collapse
            size="small"
            ghost
            style={{ marginTop: 4 }}
            items={[
              ...(toolCalls.length > 0
                ? [
                    {
                      key: 'tools',
                      label: `${t('debug.toolCalls')} (${toolCalls.length})`,
                      children: toolCalls.map((call, i) => (
                        <div key={i} className="passage">
                          <Typography.Text strong>{call.name}</Typography.Text> <Typography.Text code>{call.arguments}</Typography.Text>
                          <div className="chat-meta">
                            {call.latencyMs} ms · {call.resultChars} chars {call.error && <Typography.Text type="danger">· {call.error}</Typography.Text>}
                          </div>
                        </div>
                      )),
                    },
                  ]
                : []),
              ...(passages.length > 0
                ? [
                    {
                      key: 'passages',
                      label: `${t('debug.passages')} (${passages.length})`,
                      children: passages.map((p, i) => (
                        <div key={i} className="passage">
                          <Typography.Text strong>{p.source}</Typography.Text> <Tag>{(p.score ?? 0).toFixed(3)}</Tag>
                          <div>{p.passage}</div>
                        </div>
                      )),
                    },
                  ]
                : []),
            ]}
          />
        )}
      </div>
    </>
  );
}

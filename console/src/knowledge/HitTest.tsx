import { useState } from 'react';
import { useMutation } from '@tanstack/react-query';
import { Button, Card, Col, Empty, Input, InputNumber, Row, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';

type Passage = Schemas['Passage'];
const MODES = ['vector', 'keyword', 'hybrid'] as const;

/** One query through the three retrieval modes side by side, with scores. */
export function HitTest({ kbId }: { kbId: string }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [topK, setTopK] = useState(5);
  const test = useMutation({
    mutationFn: () => call(api.POST('/admin/v1/knowledge-bases/{kbId}/hit-test', { params: { path: { kbId } }, body: { query, topK } })),
  });
  return (
    <>
      <Space.Compact style={{ width: '100%', maxWidth: 720, marginBottom: 16 }}>
        <Input
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          onPressEnter={() => query.trim() && test.mutate()}
          placeholder={t('knowledge.hitTestPlaceholder')}
          aria-label={t('knowledge.hitTestPlaceholder')}
          status={test.error ? 'error' : undefined}
        />
        <InputNumber min={1} max={20} value={topK} onChange={(v) => setTopK(v ?? 5)} aria-label="Top K" style={{ width: 90 }} />
        <Button type="primary" loading={test.isPending} disabled={!query.trim()} onClick={() => test.mutate()}>
          {t('knowledge.hitTest')}
        </Button>
      </Space.Compact>
      {test.error && (
        <div>
          <Typography.Text type="danger">{messageOf(test.error)}</Typography.Text>
        </div>
      )}
      {test.data && (
        <Row gutter={12}>
          {MODES.map((mode) => (
            <Col key={mode} xs={24} lg={8}>
              <Card size="small" title={t(`knowledge.modes.${mode}`)} data-testid={`hits-${mode}`}>
                {(test.data[mode] ?? []).length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />}
                {(test.data[mode] ?? []).map((passage: Passage, i: number) => (
                  <div key={passage.chunkId ?? i} className="passage">
                    <Space style={{ marginBottom: 4 }}>
                      <Tag color="blue">{(passage.score ?? 0).toFixed(3)}</Tag>
                      <Typography.Text type="secondary">{passage.documentName}</Typography.Text>
                    </Space>
                    <div>{passage.text}</div>
                  </div>
                ))}
              </Card>
            </Col>
          ))}
        </Row>
      )}
    </>
  );
}

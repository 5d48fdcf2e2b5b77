import { useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Col, Row, Segmented, Statistic, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../api/client';
import { messageOf } from '../api/errors';
import { Chart } from './Chart';

type Stats = Schemas['UsageStats'];

export default function AnalyticsView({ appId }: { appId: string }) {
  const { t } = useTranslation();
  const [days, setDays] = useState(7);
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const data = useQuery({
    queryKey: ['apps', appId, 'analytics', days, timeZone],
    queryFn: () => call(api.GET('/admin/v1/apps/{id}/analytics', { params: { path: { id: appId }, query: { days, timeZone } } })),
  });
  const perDay = data.data?.perDay ?? [];
  const channels = [...new Set(perDay.flatMap((d) => Object.keys(d.turnsByChannel ?? {})))];
  const dates = perDay.map((d) => d.key!.slice(5));
  const turnsOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        ...channels.map((channel) => ({ name: channel, type: 'bar', stack: 'turns', data: perDay.map((d) => d.turnsByChannel?.[channel] ?? 0) })),
        { name: t('analytics.users'), type: 'line', data: perDay.map((d) => d.users ?? 0) },
        { name: t('analytics.errors'), type: 'line', data: perDay.map((d) => d.errors ?? 0), itemStyle: { color: '#f04438' } },
      ],
    }),
    [perDay, channels, dates, t],
  );
  const latencyOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value', name: 'ms' },
      series: [
        { name: 'p50', type: 'line', data: perDay.map((d) => d.latencyP50Ms ?? 0) },
        { name: 'p99', type: 'line', data: perDay.map((d) => d.latencyP99Ms ?? 0) },
      ],
    }),
    [perDay, dates],
  );
  const tokensOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 56, right: 16, top: 32, bottom: 24 },
      xAxis: { type: 'category', data: dates },
      yAxis: { type: 'value' },
      series: [
        { name: t('analytics.inputTokens'), type: 'bar', stack: 'tokens', data: perDay.map((d) => d.inputTokens ?? 0) },
        { name: t('analytics.outputTokens'), type: 'bar', stack: 'tokens', data: perDay.map((d) => d.outputTokens ?? 0) },
      ],
    }),
    [perDay, dates, t],
  );
  const total = data.data?.total;
  return (
    <>
      <div className="page-header">
        <Segmented
          value={days}
          onChange={(value) => setDays(value as number)}
          options={[
            { value: 1, label: t('analytics.today') },
            { value: 7, label: t('analytics.days', { count: 7 }) },
            { value: 30, label: t('analytics.days', { count: 30 }) },
            { value: 90, label: t('analytics.days', { count: 90 }) },
          ]}
        />
        <Typography.Text type="secondary">{timeZone}</Typography.Text>
      </div>
      {data.error && <Alert type="error" showIcon title={messageOf(data.error)} />}
      {data.data?.truncated && <Alert type="warning" showIcon title={t('analytics.truncated')} style={{ marginBottom: 12 }} />}
      <Row gutter={[12, 12]} style={{ marginBottom: 12 }}>
        {[
          ['turns', total?.turns],
          ['users', total?.users],
          ['tokens', (total?.inputTokens ?? 0) + (total?.outputTokens ?? 0)],
          ['p50', total?.latencyP50Ms, 'ms'],
          ['p99', total?.latencyP99Ms, 'ms'],
          ['errors', total?.errors],
        ].map(([key, value, suffix]) => (
          <Col xs={12} md={8} xl={4} key={key as string}>
            <Card size="small">
              <Statistic title={t(`analytics.${key}` as 'analytics.turns')} value={(value as number) ?? 0} suffix={suffix as string} loading={data.isLoading} />
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={[12, 12]}>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('analytics.turnsPerDay')}>
            <Chart option={turnsOption} label={t('analytics.turnsPerDay')} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('analytics.latency')}>
            <Chart option={latencyOption} label={t('analytics.latency')} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('analytics.tokensPerDay')}>
            <Chart option={tokensOption} label={t('analytics.tokensPerDay')} />
          </Card>
        </Col>
        <Col xs={24} xl={12}>
          <Card size="small" title={t('analytics.perChannel')}>
            <Table<Stats>
              rowKey="key"
              size="small"
              pagination={false}
              dataSource={data.data?.perChannel ?? []}
              columns={[
                { title: t('logs.channel'), dataIndex: 'key' },
                { title: t('analytics.turns'), dataIndex: 'turns' },
                { title: t('analytics.users'), dataIndex: 'users' },
                { title: 'p50', dataIndex: 'latencyP50Ms', render: (v: number) => `${v} ms` },
                { title: 'p99', dataIndex: 'latencyP99Ms', render: (v: number) => `${v} ms` },
                { title: t('analytics.errors'), dataIndex: 'errors' },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

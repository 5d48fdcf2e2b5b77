import { useMemo } from 'react';
import { Alert, Descriptions, Divider, Empty, Form, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Canvas, CanvasNode } from '../model/graph';
import { upstream as upstreamOf, variablesFor } from '../model/variables';
import { nodeType, outputsOf } from '../nodes';
import type { WorkflowRun } from '../queries';
import { NodeFormContext } from './fields';

/** The selected node's form, or the last debug run when nothing is selected. */
export function SidePanel({
  canvas,
  node,
  run,
  onConfig,
  onMeta,
}: {
  canvas: Canvas;
  node: CanvasNode | null;
  run: WorkflowRun | null;
  onConfig: (nodeId: string, config: Record<string, unknown>) => void;
  onMeta: (nodeId: string, meta: Partial<Pick<CanvasNode['data'], 'title' | 'onError'>>) => void;
}) {
  if (!node) return <RunPanel run={run} />;
  return <NodePanel key={node.id} canvas={canvas} node={node} onConfig={onConfig} onMeta={onMeta} />;
}

function NodePanel({
  canvas,
  node,
  onConfig,
  onMeta,
}: {
  canvas: Canvas;
  node: CanvasNode;
  onConfig: (nodeId: string, config: Record<string, unknown>) => void;
  onMeta: (nodeId: string, meta: Partial<Pick<CanvasNode['data'], 'title' | 'onError'>>) => void;
}) {
  const { t } = useTranslation();
  const def = nodeType(node.data.type);
  const [form] = Form.useForm();
  // Only the structure matters for what is upstream; config edits elsewhere do not change it.
  const structure = JSON.stringify([canvas.edges.map((e) => [e.source, e.target]), canvas.nodes.map((n) => [n.id, n.data.type, n.data.title, JSON.stringify(outputsOf(n))])]);
  const variables = useMemo(() => variablesFor(canvas, node.id, outputsOf), [structure, node.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const upstreamNodes = useMemo(() => upstreamOf(canvas, node.id).map((id) => canvas.nodes.find((n) => n.id === id)!).filter(Boolean), [structure, node.id]); // eslint-disable-line react-hooks/exhaustive-deps
  const problems = node.data.problems ?? {};
  const onError = node.data.onError ?? { mode: 'fail' as const };
  return (
    <aside className="side-form" aria-label={t('workflow.nodeSettings')} data-testid="side-form">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        <span style={{ color: def.color, marginRight: 6 }}>{def.icon}</span>
        {t(def.title as 'workflow.types.llm', { defaultValue: node.data.type })} · <Typography.Text code>{node.id}</Typography.Text>
      </Typography.Title>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
        {t(def.description as 'workflow.llm.help', { defaultValue: '' })}
      </Typography.Paragraph>
      {problems[''] && <Alert type="error" showIcon title={problems[''].join('; ')} style={{ marginBottom: 8 }} />}
      <Form.Item label={t('workflow.nodeTitle')} layout="vertical">
        <Input value={node.data.title} onChange={(e) => onMeta(node.id, { title: e.target.value })} aria-label={t('workflow.nodeTitle')} />
      </Form.Item>
      <NodeFormContext.Provider value={{ problems, variables, config: node.data.config, replaceConfig: (config) => onConfig(node.id, config) }}>
        <Form
          form={form}
          layout="vertical"
          size="small"
          initialValues={node.data.config}
          onValuesChange={() => onConfig(node.id, form.getFieldsValue(true))}
        >
          <def.Form node={node} variables={variables} upstream={upstreamNodes} />
        </Form>
      </NodeFormContext.Provider>
      <Divider style={{ margin: '8px 0' }} />
      <Form.Item label={t('workflow.onError')} layout="vertical" validateStatus={problems.onError ? 'error' : undefined} help={problems.onError?.join('; ')}>
        <Select
          value={onError.mode}
          aria-label={t('workflow.onError')}
          onChange={(mode) =>
            onMeta(node.id, {
              onError:
                mode === 'fail'
                  ? undefined
                  : mode === 'default'
                    ? { ...onError, mode, defaultValue: onError.defaultValue ?? {} }
                    : { ...onError, mode },
            })
          }
          options={['fail', 'retry', 'default'].map((mode) => ({ value: mode, label: t(`workflow.onErrorModes.${mode}` as 'workflow.onErrorModes.fail') }))}
        />
      </Form.Item>
      {onError.mode === 'retry' && (
        <InputNumber min={0} max={5} value={onError.retries ?? 1} aria-label={t('workflow.retries')} onChange={(retries) => onMeta(node.id, { onError: { ...onError, retries: retries ?? 1 } })} />
      )}
      {onError.mode === 'default' && (
        <Input.TextArea
          defaultValue={JSON.stringify(onError.defaultValue ?? {}, null, 2)}
          autoSize={{ minRows: 2 }}
          aria-label={t('workflow.defaultValue')}
          style={{ fontFamily: 'monospace', fontSize: 12 }}
          onChange={(e) => {
            try {
              onMeta(node.id, { onError: { ...onError, defaultValue: JSON.parse(e.target.value) } });
            } catch {
              // keep typing: only valid JSON is taken
            }
          }}
        />
      )}
      {node.data.trace && (
        <>
          <Divider style={{ margin: '8px 0' }} />
          <Typography.Text strong>{t('workflow.lastRun')}</Typography.Text>
          <Descriptions size="small" column={1} style={{ marginTop: 4 }}>
            <Descriptions.Item label={t('common.status')}>
              <Tag>{node.data.trace.status}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('workflow.duration')}>{((node.data.trace.durationMicros ?? 0) / 1000).toFixed(2)} ms</Descriptions.Item>
            <Descriptions.Item label={t('workflow.attempts')}>{node.data.trace.attempts}</Descriptions.Item>
          </Descriptions>
          <Typography.Text type="secondary">{t('workflow.inputs')}</Typography.Text>
          <pre className="passage">{JSON.stringify(node.data.trace.inputs ?? {}, null, 2)}</pre>
          <Typography.Text type="secondary">{t('workflow.outputs')}</Typography.Text>
          <pre className="passage">{JSON.stringify(node.data.trace.outputs ?? {}, null, 2)}</pre>
          {node.data.trace.error && <Alert type="error" title={node.data.trace.error} />}
        </>
      )}
    </aside>
  );
}

function RunPanel({ run }: { run: WorkflowRun | null }) {
  const { t } = useTranslation();
  if (!run) {
    return (
      <aside className="side-form">
        <Empty description={t('workflow.selectNode')} />
      </aside>
    );
  }
  return (
    <aside className="side-form" aria-label={t('workflow.lastRun')} data-testid="run-panel">
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('workflow.lastRun')} <Tag color={run.status === 'succeeded' ? 'green' : 'red'}>{run.status}</Tag>
      </Typography.Title>
      <Typography.Text type="secondary">
        {run.latencyMs} ms · {run.tokens ?? 0} tokens
      </Typography.Text>
      {run.error && <Alert type="error" showIcon title={run.error} style={{ margin: '8px 0' }} />}
      <Typography.Paragraph strong style={{ marginTop: 8, marginBottom: 4 }}>
        {t('workflow.outputs')}
      </Typography.Paragraph>
      <pre className="passage" data-testid="run-outputs">{JSON.stringify(run.outputs ?? {}, null, 2)}</pre>
      {(run.nodes ?? []).map((trace) => (
        <div key={trace.nodeId} className={`wf-node-trace ${trace.status}`} style={{ borderRadius: 4, marginBottom: 4 }}>
          <Typography.Text strong>{trace.nodeId}</Typography.Text> <Tag>{trace.status}</Tag> {((trace.durationMicros ?? 0) / 1000).toFixed(1)} ms
          {trace.error && <div style={{ color: '#b42318' }}>{trace.error}</div>}
        </div>
      ))}
    </aside>
  );
}

import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CanvasNode } from '../model/graph';
import { nodeType } from '../nodes';

const STATUS_COLOR: Record<string, string> = { succeeded: 'green', failed: 'red', defaulted: 'gold', skipped: 'default', cancelled: 'default' };

/** How every workflow node is drawn: icon and title, a summary, problems, the last run's trace. */
function FlowNodeView({ data, selected, id }: NodeProps & { data: CanvasNode['data'] }) {
  const { t } = useTranslation();
  const def = nodeType(data.type);
  const branches = def.branches?.(data.config) ?? [];
  const problems = Object.values(data.problems ?? {}).flat();
  const trace = data.trace;
  return (
    <div
      className={`wf-node${selected ? ' selected' : ''}${problems.length ? ' invalid' : ''}`}
      data-testid={`node-${id}`}
      aria-label={`${data.title} (${data.type})`}
    >
      {def.hasInput && <Handle type="target" position={Position.Left} />}
      <div className="wf-node-head" style={{ borderTop: `3px solid ${def.color}` }}>
        <span style={{ color: def.color }}>{def.icon}</span>
        <span style={{ overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>{data.title}</span>
        <span style={{ marginLeft: 'auto', color: '#98a2b3', fontWeight: 400, fontSize: 11 }}>{id}</span>
      </div>
      <div className="wf-node-body">
        {def.summary?.(data.config) || t(def.title as 'workflow.types.llm', { defaultValue: data.type })}
        {problems.length > 0 && (
          <Tooltip title={problems.join('\n')}>
            <div style={{ color: '#d92d20', marginTop: 2 }} data-testid={`problems-${id}`}>
              ⚠ {t('workflow.problemCount', { count: problems.length })}
            </div>
          </Tooltip>
        )}
      </div>
      {branches.length > 0 && (
        <div style={{ padding: '2px 0 6px' }}>
          {branches.map((branch) => (
            <div key={branch.id} style={{ position: 'relative', textAlign: 'right', padding: '2px 14px', fontSize: 11, color: '#475467' }}>
              {branch.label}
              <Handle type="source" position={Position.Right} id={branch.id} style={{ top: '50%' }} />
            </div>
          ))}
        </div>
      )}
      {trace && (
        <div className={`wf-node-trace ${trace.status}`} data-testid={`trace-${id}`}>
          <Tag color={STATUS_COLOR[trace.status ?? ''] ?? 'default'} style={{ marginRight: 4 }}>
            {t(`workflow.trace.${trace.status}` as 'workflow.trace.succeeded')}
          </Tag>
          {((trace.durationMicros ?? 0) / 1000).toFixed(1)} ms{trace.tokens ? ` · ${trace.tokens} tok` : ''}
          {trace.error && <div style={{ color: '#b42318' }}>{trace.error}</div>}
        </div>
      )}
      {def.hasOutput && branches.length === 0 && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

export const FlowNode = memo(FlowNodeView);

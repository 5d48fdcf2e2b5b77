import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, Dropdown, Form, Input, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import type { VariableOption } from '../model/variables';

/** What the side form's fields share: the node's problems, its upstream variables, whole-config edits. */
export interface NodeFormState {
  problems: Record<string, string[]>;
  variables: VariableOption[];
  config: Record<string, unknown>;
  replaceConfig: (config: Record<string, unknown>) => void;
}

export const NodeFormContext = createContext<NodeFormState>({ problems: {}, variables: [], config: {}, replaceConfig: () => {} });

/** A form item bound to a config key, showing the API's validation messages for that key. */
export function Field({ name, label, extra, children, valuePropName }: { name: string | (string | number)[]; label: string; extra?: string; children: ReactNode; valuePropName?: string }) {
  const { t } = useTranslation();
  const { problems } = useContext(NodeFormContext);
  const key = Array.isArray(name) ? String(name[0]) : name;
  const messages = problems[key];
  return (
    <Form.Item
      name={key === '' ? undefined : name}
      label={t(label as 'workflow.config')}
      extra={extra ? t(extra as 'workflow.config') : undefined}
      validateStatus={messages ? 'error' : undefined}
      help={messages ? messages.join('; ') : undefined}
      valuePropName={valuePropName}
    >
      {children}
    </Form.Item>
  );
}

function groups(variables: VariableOption[]) {
  const byNode = new Map<string, VariableOption[]>();
  for (const variable of variables) byNode.set(variable.nodeId, [...(byNode.get(variable.nodeId) ?? []), variable]);
  return [...byNode.values()].map((options) => ({
    label: `${options[0].title} (${options[0].nodeId})`,
    options: options.map((v) => ({ value: v.selector, label: `${v.field} · ${v.type}` })),
  }));
}

/** Picks one upstream output (`node.field`); nothing downstream is offered. */
export function VariableSelect({ value, onChange, placeholder, ariaLabel }: { value?: string; onChange?: (value: string) => void; placeholder?: string; ariaLabel?: string }) {
  const { t } = useTranslation();
  const { variables } = useContext(NodeFormContext);
  return (
    <Select
      value={value || undefined}
      onChange={onChange}
      showSearch
      allowClear
      aria-label={ariaLabel ?? t('workflow.pickVariable')}
      placeholder={placeholder ?? t('workflow.pickVariable')}
      options={groups(variables)}
      notFoundContent={t('workflow.noUpstream')}
      data-testid="variable-select"
    />
  );
}

/** A text template with `{{node.field}}` references; the button inserts an upstream output at the caret. */
export function TemplateInput({ value = '', onChange, rows = 3, ariaLabel }: { value?: string; onChange?: (value: string) => void; rows?: number; ariaLabel?: string }) {
  const { t } = useTranslation();
  const { variables } = useContext(NodeFormContext);
  const area = useRef<HTMLTextAreaElement | null>(null);
  function insert(selector: string) {
    const element = area.current;
    const at = element?.selectionStart ?? value.length;
    const end = element?.selectionEnd ?? at;
    onChange?.(`${value.slice(0, at)}{{${selector}}}${value.slice(end)}`);
  }
  return (
    <div>
      <Input.TextArea
        ref={(instance) => {
          area.current = instance?.resizableTextArea?.textArea ?? null;
        }}
        value={value}
        onChange={(e) => onChange?.(e.target.value)}
        autoSize={{ minRows: rows, maxRows: 12 }}
        aria-label={ariaLabel}
        style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }}
      />
      <Dropdown
        trigger={['click']}
        disabled={variables.length === 0}
        menu={{
          items: groups(variables).map((group) => ({
            key: group.label,
            type: 'group' as const,
            label: group.label,
            children: group.options.map((option) => ({ key: option.value, label: option.label, onClick: () => insert(option.value) })),
          })),
        }}
      >
        <Button size="small" type="link" style={{ padding: 0 }}>
          {'{x}'} {variables.length === 0 ? t('workflow.noUpstream') : t('workflow.insertVariable')}
        </Button>
      </Dropdown>
    </div>
  );
}

/** A name → value map edited as rows; values are variables or templates. */
export function MapEditor({ value, onChange, kind, keyPlaceholder }: { value?: Record<string, string>; onChange?: (value: Record<string, string>) => void; kind: 'variable' | 'template'; keyPlaceholder?: string }) {
  const { t } = useTranslation();
  const [rows, setRows] = useState(() => Object.entries(value ?? {}));
  useEffect(() => {
    const incoming = JSON.stringify(value ?? {});
    if (incoming !== JSON.stringify(Object.fromEntries(rows.filter(([k]) => k)))) setRows(Object.entries(value ?? {}));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  function update(next: [string, string][]) {
    setRows(next);
    onChange?.(Object.fromEntries(next.filter(([key]) => key.trim())));
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      {rows.map(([key, val], i) => (
        <div key={i} style={{ display: 'grid', gridTemplateColumns: '110px 1fr auto', gap: 6 }}>
          <Input value={key} placeholder={keyPlaceholder ?? t('common.name')} aria-label={t('common.name')} onChange={(e) => update(rows.map((row, j) => (j === i ? [e.target.value, row[1]] : row)))} />
          {kind === 'variable' ? (
            <VariableSelect value={val} onChange={(v) => update(rows.map((row, j) => (j === i ? [row[0], v ?? ''] : row)))} />
          ) : (
            <Input value={val} aria-label={t('workflow.value')} onChange={(e) => update(rows.map((row, j) => (j === i ? [row[0], e.target.value] : row)))} placeholder="{{start.query}}" />
          )}
          <Button icon={<DeleteOutlined />} aria-label={t('common.remove')} onClick={() => update(rows.filter((_, j) => j !== i))} />
        </div>
      ))}
      <Button size="small" icon={<PlusOutlined />} onClick={() => setRows([...rows, ['', '']])}>
        {t('common.add')}
      </Button>
    </Space>
  );
}

/** JSON edited as text; only valid JSON reaches the config. `whole` edits the node's entire config. */
export function JsonInput({ value, onChange, whole }: { value?: unknown; onChange?: (value: unknown) => void; whole?: boolean }) {
  const { t } = useTranslation();
  const { config, replaceConfig } = useContext(NodeFormContext);
  const current = whole ? config : value;
  const [text, setText] = useState(() => (current === undefined || current === null ? '' : JSON.stringify(current, null, 2)));
  const [error, setError] = useState<string | null>(null);
  return (
    <>
      <Input.TextArea
        value={text}
        status={error ? 'error' : undefined}
        autoSize={{ minRows: 4, maxRows: 16 }}
        style={{ fontFamily: 'ui-monospace, monospace', fontSize: 12 }}
        aria-label={t('workflow.config')}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setError(null);
            if (whole) replaceConfig({});
            else onChange?.(undefined);
            return;
          }
          try {
            const parsed = JSON.parse(e.target.value);
            setError(null);
            if (whole) replaceConfig(parsed);
            else onChange?.(parsed);
          } catch (failure) {
            setError((failure as Error).message);
          }
        }}
      />
      {error && <Typography.Text type="danger">{error}</Typography.Text>}
    </>
  );
}

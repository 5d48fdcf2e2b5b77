import { useState } from 'react';
import { Alert, Form, Input, InputNumber, Modal, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { ApiError, messageOf, type ValidationProblem } from '../api/errors';
import type { CanvasNode } from './model/graph';
import type { WorkflowRun } from './queries';

type Input = { name: string; type?: string; required?: boolean };

/** Inputs for the start node, then a run of the saved draft; the trace goes onto the canvas. */
export function DebugRunDialog({
  workflowId,
  startNode,
  beforeRun,
  onRun,
  onProblems,
  onClose,
}: {
  workflowId: string;
  startNode: CanvasNode | null;
  beforeRun: () => Promise<boolean>;
  onRun: (run: WorkflowRun) => void;
  onProblems: (problems: ValidationProblem[]) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const inputs = ((startNode?.data.config.inputs as Input[]) ?? []).filter((i) => i?.name);

  async function submit(values: Record<string, unknown>) {
    setBusy(true);
    setError(null);
    try {
      if (!(await beforeRun())) return;
      const parsed = Object.fromEntries(
        inputs.map((input) => {
          const raw = values[input.name];
          if ((input.type === 'object' || input.type === 'array') && typeof raw === 'string' && raw.trim()) return [input.name, JSON.parse(raw)];
          return [input.name, raw];
        }).filter(([, v]) => v !== undefined && v !== ''),
      );
      const run = await call(api.POST('/admin/v1/workflows/{id}/debug-run', { params: { path: { id: workflowId } }, body: { inputs: parsed } }));
      onRun(run);
      onClose();
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems.length) onProblems(failure.problems);
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Modal open title={t('workflow.debugRun')} onCancel={onClose} onOk={() => form.submit()} okText={t('workflow.run')} confirmLoading={busy}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" onFinish={submit}>
        {inputs.map((input) => (
          <Form.Item key={input.name} name={input.name} label={`${input.name} · ${input.type ?? 'string'}`} rules={[{ required: !!input.required }]} valuePropName={input.type === 'boolean' ? 'checked' : 'value'}>
            {input.type === 'number' ? <InputNumber style={{ width: '100%' }} /> : input.type === 'boolean' ? <Switch /> : <Input.TextArea autoSize />}
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

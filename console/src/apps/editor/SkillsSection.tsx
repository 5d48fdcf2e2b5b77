import { Form, InputNumber, Select, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import { useToolSquare } from '../../tools/queries';
import { useWorkflows } from '../../workflows/queries';

/** Tools and workflows the model may call, or a workflow that answers every turn (draft `skills`). */
export function SkillsSection() {
  const { t } = useTranslation();
  const square = useToolSquare();
  const workflows = useWorkflows();
  const published = (workflows.data ?? []).filter((w) => w.publishedVersion != null);
  return (
    <>
      <Form.Item name={['skills', 'tools']} label={t('skills.tools')} extra={t('skills.toolsHelp')}>
        <Select
          mode="multiple"
          allowClear
          loading={square.isLoading}
          placeholder={t('skills.pickTools')}
          options={(square.data ?? [])
            .filter((provider) => provider.kind !== 'workflow')
            .map((provider) => ({
              label: provider.name ?? provider.id,
              options: (provider.tools ?? []).map((tool) => ({ value: tool.reference, label: `${tool.name} — ${tool.description ?? ''}`.slice(0, 90) })),
            }))}
        />
      </Form.Item>
      <Form.Item name={['skills', 'workflows']} label={t('skills.workflows')} extra={t('skills.workflowsHelp')}>
        <Select mode="multiple" allowClear options={published.map((w) => ({ value: w.id, label: w.name }))} />
      </Form.Item>
      <Form.Item name={['skills', 'chatFlow']} label={t('skills.chatFlow')} extra={t('skills.chatFlowHelp')}>
        <Select allowClear placeholder={t('common.none')} options={published.map((w) => ({ value: w.id, label: w.name }))} />
      </Form.Item>
      <Space wrap size="large">
        <Form.Item name={['skills', 'maxSteps']} label={t('skills.maxSteps')}>
          <InputNumber min={0} max={20} placeholder="5" />
        </Form.Item>
        <Form.Item name={['skills', 'toolTimeoutSeconds']} label={t('skills.toolTimeout')}>
          <InputNumber min={0} max={300} placeholder="30" suffix="s" />
        </Form.Item>
      </Space>
    </>
  );
}

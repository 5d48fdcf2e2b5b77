import { useEffect, useMemo, useState } from 'react';
import { App as AntApp, Badge, Button, Card, Form, Input, Modal, Space, Typography } from 'antd';
import { SaveOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useBlocker } from 'react-router';
import { ApiError } from '../../api/errors';
import { FormError } from '../../shared/FormError';
import { placeOnField } from '../../shared/useApiForm';
import { DebugChat } from '../debug/DebugChat';
import { FeaturesPanel } from '../features/FeaturesPanel';
import { useSaveDraft, type App } from '../queries';
import { canonical, fromForm, toForm, type DraftForm } from './draftForm';
import { KnowledgeSection } from './KnowledgeSection';
import { ModelSection } from './ModelSection';
import { PromptEditor } from './PromptEditor';
import { SkillsSection } from './SkillsSection';
import { VariablesTable } from './VariablesTable';

/** The draft's settings on the left, the debug chat on the right. */
export function OrchestrateTab({ app, onDirty }: { app: App; onDirty: (dirty: boolean) => void }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<DraftForm>();
  const save = useSaveDraft(app.id!);
  const initial = useMemo(() => toForm(app.draft!), [app.draft]);
  // Unsaved when what the form holds differs from the saved draft (switches that set whole
  // objects, like the model, change values without a change event).
  const values = Form.useWatch([], { form, preserve: true }) as DraftForm | undefined;
  const dirty = useMemo(
    () => values !== undefined && canonical(fromForm(values, app.draft!)) !== canonical(app.draft),
    [values, app.draft],
  );
  const [formError, setFormError] = useState<string | null>(null);
  const [focus, setFocus] = useState<string | null>(null);
  const variables: { name: string }[] = Form.useWatch('variables', form) ?? initial.variables;

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(initial);
  }, [initial, form]);
  useEffect(() => onDirty(dirty), [dirty, onDirty]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname && !nextLocation.pathname.startsWith(`/apps/${app.id}/orchestrate`));

  async function submit(values: DraftForm) {
    setFormError(null);
    setFocus(null);
    try {
      await save.mutateAsync({ before: app.draft!, after: fromForm(values, app.draft!) });
      message.success(t('editor.saved'));
    } catch (failure) {
      if (failure instanceof ApiError) setFocus(failure.field);
      // The section holding the field opens first, then the error is placed on it.
      setTimeout(() => {
        if (!placeOnField(form, failure)) setFormError(failure instanceof Error ? failure.message : String(failure));
      });
    }
  }

  return (
    <div className="editor-grid">
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        // Every value the form holds, registered or not (a model switched off is null, not absent).
        onFinish={() => submit(form.getFieldsValue(true))}
        scrollToFirstError
        aria-label={t('editor.tabs.orchestrate')}
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <div className="page-header" style={{ marginBottom: 0 }}>
            <Space>
              {dirty && <Badge status="warning" text={t('editor.unsaved')} />}
            </Space>
            <Button type="primary" htmlType="submit" icon={<SaveOutlined />} loading={save.isPending} disabled={!dirty}>
              {t('editor.save')}
            </Button>
          </div>
          <FormError message={formError} />
          <Card size="small" title={t('editor.basics')}>
            <Space.Compact block>
              <Form.Item name="icon" label={t('apps.icon')} extra={t('apps.iconHelp')} style={{ width: 120 }}>
                <Input maxLength={16} placeholder="🤖" aria-label={t('apps.icon')} />
              </Form.Item>
              <Form.Item name="name" label={t('apps.name')} rules={[{ required: true, whitespace: true, max: 100 }]} style={{ flex: 1 }}>
                <Input />
              </Form.Item>
            </Space.Compact>
            <Form.Item name="description" label={t('apps.description')} rules={[{ max: 2000 }]}>
              <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
            </Form.Item>
          </Card>
          <Card size="small" title={t('editor.prompt')}>
            <Form.Item name="systemPrompt" label={t('editor.systemPrompt')} extra={t('editor.promptHelp')}>
              <PromptEditor known={variables.map((v) => v?.name).filter(Boolean)} />
            </Form.Item>
            <VariablesTable />
          </Card>
          <Card size="small" title={t('editor.model')}>
            <ModelSection />
          </Card>
          <Card size="small" title={t('editor.features')} styles={{ body: { padding: 0 } }}>
            <FeaturesPanel focus={focus} />
          </Card>
          <Card size="small" title={t('editor.skills')}>
            <SkillsSection />
          </Card>
          <Card size="small" title={t('editor.knowledge')}>
            <KnowledgeSection />
          </Card>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {app.id} · {t('common.updated')} {app.updatedAt}
          </Typography.Text>
        </Space>
      </Form>
      <DebugChat appId={app.id!} dirty={dirty} />
      <Modal
        open={blocker.state === 'blocked'}
        title={t('editor.leaveTitle')}
        okText={t('editor.leave')}
        cancelText={t('editor.stay')}
        okButtonProps={{ danger: true }}
        onOk={() => blocker.proceed?.()}
        onCancel={() => blocker.reset?.()}
      >
        {t('editor.leaveBody')}
      </Modal>
    </div>
  );
}

import { useEffect, useState } from 'react';
import { Button, Form, Input, Modal, Select, Space } from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { FormError } from '../shared/FormError';
import { useApiForm } from '../shared/useApiForm';
import { DEFAULT_WORKSPACE, selectWorkspace, useCurrentWorkspace } from './current';
import { useCreateWorkspace, useWorkspaces } from './queries';

/** The shell's workspace picker: everything below it shows and changes the chosen workspace only. */
export function WorkspaceSwitcher() {
  const { t } = useTranslation();
  const current = useCurrentWorkspace();
  const workspaces = useWorkspaces();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);

  const switchTo = (id: string) => {
    selectWorkspace(id);
    // Every cached answer belongs to the previous workspace.
    client.removeQueries({ predicate: (query) => query.queryKey[0] !== 'workspaces' });
    navigate('/apps');
  };

  // A stored choice this admin is no member of (another admin signed in on this browser): the first one.
  const items = workspaces.data;
  useEffect(() => {
    if (items && items.length > 0 && !items.some((w) => w.id === current)) {
      switchTo(items.some((w) => w.id === DEFAULT_WORKSPACE) ? DEFAULT_WORKSPACE : items[0].id!);
    }
  }, [items, current]); // eslint-disable-line react-hooks/exhaustive-deps

  return (
    <Space.Compact>
      <Select
        aria-label={t('workspaces.switch')}
        data-testid="workspace-switcher"
        value={current}
        loading={workspaces.isLoading}
        style={{ minWidth: 180 }}
        suffixIcon={<TeamOutlined />}
        onChange={switchTo}
        options={(items ?? []).map((w) => ({ value: w.id, label: `${w.name} · ${t(`workspaces.roles.${w.role ?? 'viewer'}`)}` }))}
      />
      <Button icon={<PlusOutlined />} aria-label={t('workspaces.create')} onClick={() => setCreating(true)} />
      {creating && (
        <CreateWorkspaceDialog
          onClose={(id) => {
            setCreating(false);
            if (id) switchTo(id);
          }}
        />
      )}
    </Space.Compact>
  );
}

function CreateWorkspaceDialog({ onClose }: { onClose: (created?: string) => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ id: string; name: string }>();
  const create = useCreateWorkspace();
  const { submit, busy, formError } = useApiForm(form, async (values: { id: string; name: string }) => {
    await create.mutateAsync(values);
    onClose(values.id);
  });
  return (
    <Modal
      open
      title={t('workspaces.create')}
      onCancel={() => onClose()}
      onOk={() => form.submit()}
      okText={t('common.save')}
      confirmLoading={busy}
    >
      <FormError message={formError} />
      <Form form={form} layout="vertical" onFinish={submit}>
        <Form.Item name="name" label={t('common.name')} rules={[{ required: true, max: 200 }]}>
          <Input placeholder="Support team" />
        </Form.Item>
        <Form.Item
          name="id"
          label="ID"
          rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]{0,62}$/, message: t('apps.idHelp') }]}
        >
          <Input placeholder="support-team" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

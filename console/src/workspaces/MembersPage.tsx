import { useState } from 'react';
import { Alert, App as AntApp, Button, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { DeleteOutlined, UserAddOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { messageOf } from '../api/errors';
import { useSession } from '../auth/useSession';
import { CopyButton } from '../shared/CopyButton';
import { FormError } from '../shared/FormError';
import { formatTime } from '../shared/format';
import { useApiForm } from '../shared/useApiForm';
import { useCurrentWorkspace } from './current';
import {
  ROLES,
  atLeast,
  useChangeRole,
  useInvite,
  useInvites,
  useMembers,
  useMyRole,
  useRemoveMember,
  useWithdrawInvite,
  type WorkspaceInvite,
  type WorkspaceMember,
  type WorkspaceRole,
} from './queries';

/** Members of the current workspace with their roles, pending invitations, and inviting. */
export default function MembersPage() {
  const { t } = useTranslation();
  const { modal, message } = AntApp.useApp();
  const workspace = useCurrentWorkspace();
  const me = useSession()?.username;
  const role = useMyRole();
  const manage = atLeast(role, 'admin');
  const members = useMembers(workspace);
  const invites = useInvites(workspace, manage);
  const changeRole = useChangeRole(workspace);
  const remove = useRemoveMember(workspace);
  const withdraw = useWithdrawInvite(workspace);
  const [inviting, setInviting] = useState(false);
  // Only an owner grants or takes away the owner role.
  const assignable = (member: WorkspaceMember) =>
    role === 'owner' ? ROLES : member.role === 'owner' ? [] : ROLES.filter((r) => r !== 'owner');
  const roleOptions = (roles: WorkspaceRole[]) => roles.map((r) => ({ value: r, label: t(`workspaces.roles.${r}`) }));

  return (
    <>
      <div className="page-header">
        <Typography.Title level={3}>{t('workspaces.members')}</Typography.Title>
        {manage && (
          <Button type="primary" icon={<UserAddOutlined />} onClick={() => setInviting(true)}>
            {t('workspaces.invite')}
          </Button>
        )}
      </div>
      <Typography.Paragraph type="secondary">{t('workspaces.help')}</Typography.Paragraph>
      <Table<WorkspaceMember>
        rowKey="username"
        loading={members.isLoading}
        dataSource={members.data ?? []}
        pagination={false}
        columns={[
          {
            title: t('auth.username'),
            dataIndex: 'username',
            render: (name: string) => (
              <Space>
                <Typography.Text strong>{name}</Typography.Text>
                {name === me && <Tag>{t('workspaces.you')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('workspaces.role'),
            dataIndex: 'role',
            render: (value: WorkspaceRole, member) =>
              manage && assignable(member).length > 0 ? (
                <Select
                  size="small"
                  aria-label={t('workspaces.roleOf', { name: member.username })}
                  value={value}
                  style={{ width: 130 }}
                  options={roleOptions(assignable(member))}
                  onChange={(next: WorkspaceRole) =>
                    changeRole
                      .mutateAsync({ username: member.username!, role: next })
                      .then(() => message.success(t('common.saved')))
                      .catch((failure) => message.error(messageOf(failure)))
                  }
                />
              ) : (
                <Tag color={value === 'owner' ? 'gold' : undefined}>{t(`workspaces.roles.${value}`)}</Tag>
              ),
          },
          { title: t('workspaces.added'), dataIndex: 'addedAt', render: (at: string) => formatTime(at) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_, member) =>
              manage &&
              assignable(member).length > 0 && (
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('workspaces.remove', { name: member.username })}
                  onClick={() =>
                    modal.confirm({
                      title: t('workspaces.removeTitle', { name: member.username }),
                      okButtonProps: { danger: true },
                      okText: t('common.delete'),
                      cancelText: t('common.cancel'),
                      onOk: () => remove.mutateAsync(member.username!).catch((failure) => message.error(messageOf(failure))),
                    })
                  }
                />
              ),
          },
        ]}
      />
      {manage && (
        <>
          <Typography.Title level={4} style={{ marginTop: 32 }}>
            {t('workspaces.pending')}
          </Typography.Title>
          <Table<WorkspaceInvite>
            rowKey="id"
            loading={invites.isLoading}
            dataSource={invites.data ?? []}
            pagination={false}
            locale={{ emptyText: t('workspaces.noPending') }}
            columns={[
              { title: t('workspaces.invitee'), key: 'who', render: (_, i) => i.username ?? i.email },
              { title: t('workspaces.role'), dataIndex: 'role', render: (r: WorkspaceRole) => <Tag>{t(`workspaces.roles.${r}`)}</Tag> },
              { title: t('workspaces.invitedBy'), dataIndex: 'invitedBy' },
              {
                title: t('workspaces.expires'),
                dataIndex: 'expiresAt',
                render: (at: string, i) => (i.expired ? <Tag color="red">{t('workspaces.expired')}</Tag> : formatTime(at)),
              },
              {
                title: t('common.actions'),
                key: 'actions',
                render: (_, i) => (
                  <Button
                    size="small"
                    onClick={() => withdraw.mutateAsync(i.id!).catch((failure) => message.error(messageOf(failure)))}
                  >
                    {t('workspaces.withdraw')}
                  </Button>
                ),
              },
            ]}
          />
        </>
      )}
      {inviting && <InviteDialog workspace={workspace} owner={role === 'owner'} onClose={() => setInviting(false)} />}
    </>
  );
}

interface InviteForm {
  by: 'username' | 'email';
  who: string;
  role: WorkspaceRole;
}

function InviteDialog({ workspace, owner, onClose }: { workspace: string; owner: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<InviteForm>();
  const invite = useInvite(workspace);
  const [token, setToken] = useState<string | null>(null);
  const { submit, busy, formError } = useApiForm(form, async (values: InviteForm) => {
    const created = await invite.mutateAsync(
      values.by === 'email' ? { email: values.who, role: values.role } : { username: values.who, role: values.role },
    );
    setToken(created.token ?? null);
  });
  const link = token ? `${location.origin}/console/invite#${token}` : '';
  return (
    <Modal
      open
      title={t('workspaces.invite')}
      onCancel={onClose}
      onOk={() => (token ? onClose() : form.submit())}
      okText={token ? t('common.close') : t('workspaces.invite')}
      confirmLoading={busy}
      cancelButtonProps={{ style: token ? { display: 'none' } : undefined }}
    >
      {token ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Alert type="success" showIcon title={t('workspaces.invited')} description={t('workspaces.invitedHelp')} />
          <Space.Compact style={{ width: '100%' }}>
            <Input readOnly value={link} data-testid="invite-link" />
            <CopyButton text={link} />
          </Space.Compact>
        </Space>
      ) : (
        <>
          <FormError message={formError} />
          <Form form={form} layout="vertical" onFinish={submit} initialValues={{ by: 'username', role: 'editor' }}>
            <Form.Item name="by">
              <Radio.Group
                options={[
                  { value: 'username', label: t('auth.username') },
                  { value: 'email', label: t('workspaces.email') },
                ]}
              />
            </Form.Item>
            <Form.Item name="who" rules={[{ required: true }]}>
              <Input aria-label={t('workspaces.invitee')} placeholder="ana / ana@example.com" />
            </Form.Item>
            <Form.Item name="role" label={t('workspaces.role')}>
              <Select
                options={ROLES.filter((r) => owner || r !== 'owner').map((r) => ({ value: r, label: t(`workspaces.roles.${r}`) }))}
              />
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}

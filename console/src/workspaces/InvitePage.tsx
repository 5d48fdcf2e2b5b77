import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client';
import { signIn } from '../api/session';
import { useSession } from '../auth/useSession';
import { useApiForm } from '../shared/useApiForm';
import { selectWorkspace } from './current';

interface SignUp {
  username?: string;
  password: string;
}

/**
 * Where an invitation link leads (`/console/invite#<token>`; the token stays out of server logs in the
 * fragment): a signed-in admin joins with one click, anyone else opens an account with it.
 */
export default function InvitePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const current = useSession();
  const [token] = useState(() => decodeURIComponent(location.hash.replace(/^#/, '')));
  const [form] = Form.useForm<SignUp>();
  const join = useApiForm(form, async () => {
    const answer = await call(api.POST('/admin/v1/invites/accept', { body: { token } }));
    if (answer.workspace?.id) selectWorkspace(answer.workspace.id);
    navigate('/apps', { replace: true });
  });
  const signUp = useApiForm(form, async (values: SignUp) => {
    const answer = await call(api.POST('/admin/v1/auth/invites/accept', { body: { token, ...values } }));
    signIn({
      token: answer.token,
      username: values.username || subjectOf(answer.token),
      expiresAt: answer.expiresAt,
      refreshToken: answer.refreshToken,
      refreshExpiresAt: answer.refreshExpiresAt,
    });
    navigate('/apps', { replace: true });
  });
  const failure = current ? join.formError : signUp.formError;
  return (
    <main className="login-page">
      <Card className="login-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          {t('workspaces.joinTitle')}
        </Typography.Title>
        {!token && <Alert type="error" showIcon title={t('workspaces.noToken')} />}
        {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
        {token && current && (
          <>
            <Typography.Paragraph>{t('workspaces.joinAs', { name: current.username })}</Typography.Paragraph>
            <Button type="primary" block loading={join.busy} onClick={() => join.submit(undefined as never)}>
              {t('workspaces.join')}
            </Button>
          </>
        )}
        {token && !current && (
          <Form form={form} layout="vertical" onFinish={signUp.submit} requiredMark={false}>
            <Typography.Paragraph type="secondary">{t('workspaces.signUpHelp')}</Typography.Paragraph>
            <Form.Item name="username" label={t('auth.username')}>
              <Input prefix={<UserOutlined />} autoComplete="username" />
            </Form.Item>
            <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, min: 12 }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={signUp.busy}>
              {t('workspaces.join')}
            </Button>
          </Form>
        )}
      </Card>
    </main>
  );
}

/** The user name a token was issued to (its `sub` claim): for an invitation that named the user. */
function subjectOf(token: string): string {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return (JSON.parse(atob(payload)) as { sub?: string }).sub ?? '';
  } catch {
    return '';
  }
}

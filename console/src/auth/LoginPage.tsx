import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { signIn, takeExpiredNotice } from '../api/session';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { useApiForm } from '../shared/useApiForm';
import { useSession } from './useSession';

interface Credentials {
  username: string;
  password: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [expired] = useState(takeExpiredNotice);
  const current = useSession();
  const [form] = Form.useForm<Credentials>();
  const { submit, busy, formError } = useApiForm(form, async (values: Credentials) => {
    const answer = await call(api.POST('/admin/v1/auth/login', { body: values }));
    signIn({
      token: answer.token,
      username: values.username,
      expiresAt: answer.expiresAt,
      refreshToken: answer.refreshToken,
      refreshExpiresAt: answer.refreshExpiresAt,
    });
    navigate(safeNext(params.get('next')), { replace: true });
  });
  if (current) return <Navigate to={safeNext(params.get('next'))} replace />;
  return (
    <main className="login-page">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <Card className="login-card">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          Switchboard
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('auth.subtitle')}</Typography.Paragraph>
        {expired && <Alert type="warning" showIcon title={t('auth.expired')} style={{ marginBottom: 16 }} />}
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('auth.signIn')}
          </Button>
        </Form>
      </Card>
    </main>
  );
}

/** Only paths inside the console: a `next` parameter must not send the admin elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/apps';
}

import { useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiError, messageOf } from '../api/errors';
import { signIn, takeExpiredNotice } from '../api/session';
import { LanguageSwitch } from '../app/LanguageSwitch';
import { useApiForm } from '../shared/useApiForm';
import { useSession } from './useSession';
import { LoginTabs, ProviderButtons, SmsLogin, signInWith, useMethods } from './OtherWaysIn';

interface Credentials {
  username: string;
  password: string;
  code?: string;
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [expired] = useState(takeExpiredNotice);
  const current = useSession();
  const [form] = Form.useForm<Credentials>();
  const methods = useMethods();
  const [needCode, setNeedCode] = useState(false);
  const [ticketError, setTicketError] = useState<string | null>(null);
  const ticket = params.get('ticket');
  useEffect(() => {
    // Back from OIDC / WeChat / WeCom: trade the one-time ticket for tokens.
    if (!ticket) return;
    call(api.POST('/admin/v1/auth/exchange', { body: { ticket } }))
      .then((answer) => {
        signInWith(answer);
        navigate('/apps', { replace: true });
      })
      .catch((failure) => setTicketError(messageOf(failure)));
  }, [ticket, navigate]);
  const { submit, busy, formError } = useApiForm(form, async (values: Credentials) => {
    const body = { username: values.username, password: values.password, ...(values.code ? { code: values.code } : {}) };
    const answer = await call(api.POST('/admin/v1/auth/login', { body })).catch((failure: unknown) => {
      if (failure instanceof ApiError && failure.code === 'code_required') setNeedCode(true);
      throw failure;
    });
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
        {ticketError && <Alert type="error" showIcon title={ticketError} style={{ marginBottom: 16 }} role="alert" />}
        <LoginTabs
          sms={methods ? <SmsLogin onSignedIn={() => navigate(safeNext(params.get('next')), { replace: true })} /> : null}
          password={
        <>
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} role="alert" />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <Form.Item name="username" label={t('auth.username')} rules={[{ required: true, message: t('auth.usernameRequired') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t('auth.password')} rules={[{ required: true, message: t('auth.passwordRequired') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          {needCode && (
            <Form.Item name="code" label={t('auth.totpCode')} extra={t('auth.totpHint')} rules={[{ required: true, message: t('auth.totpCode') }]}>
              <Input autoComplete="one-time-code" autoFocus />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('auth.signIn')}
          </Button>
        </Form>
        </>
          }
        />
        {methods && <ProviderButtons methods={methods} />}
      </Card>
    </main>
  );
}

/** Only paths inside the console: a `next` parameter must not send the admin elsewhere. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/apps';
}

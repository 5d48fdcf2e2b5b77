import { useEffect, useState } from 'react';
import { Alert, Button, Divider, Form, Input, Space, Tabs } from 'antd';
import { MobileOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { messageOf } from '../api/errors';
import { signIn } from '../api/session';

/** What `GET /auth/methods` says the gateway offers beside the password. */
export interface Methods {
  password: boolean;
  sms: string;
  providers: { key: string; displayName: string }[];
}

/** The admin's username, the subject of the access token. */
export function subjectOf(token: string): string {
  try {
    const payload = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return (JSON.parse(atob(payload)) as { sub?: string }).sub ?? '';
  } catch {
    return '';
  }
}

export function signInWith(answer: { token: string; expiresAt: string; refreshToken: string; refreshExpiresAt: string }) {
  signIn({ ...answer, username: subjectOf(answer.token) });
}

/** The configured ways in; null until known (or when the gateway is older and has no such route). */
export function useMethods(): Methods | null {
  const [methods, setMethods] = useState<Methods | null>(null);
  useEffect(() => {
    call(api.GET('/admin/v1/auth/methods'))
      .then((answer) => setMethods(answer as Methods))
      .catch(() => setMethods(null));
  }, []);
  return methods;
}

/** Phone number + SMS code. */
export function SmsLogin({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [code, setCode] = useState('');
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function send() {
    setBusy(true);
    setError(null);
    try {
      await call(api.POST('/admin/v1/auth/sms/send', { body: { phone } }));
      setSent(true);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }
  async function login() {
    setBusy(true);
    setError(null);
    try {
      signInWith(await call(api.POST('/admin/v1/auth/sms/login', { body: { phone, code } })));
      onSignedIn();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Form layout="vertical" onFinish={() => void login()} requiredMark={false}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form.Item label={t('auth.phone')}>
        <Space.Compact style={{ width: '100%' }}>
          <Input
            prefix={<MobileOutlined />}
            value={phone}
            onChange={(e) => setPhone(e.target.value)}
            placeholder="+8613800138000"
            autoComplete="tel"
            aria-label={t('auth.phone')}
          />
          <Button onClick={() => void send()} disabled={!phone || busy}>
            {sent ? t('auth.resendCode') : t('auth.sendCode')}
          </Button>
        </Space.Compact>
      </Form.Item>
      <Form.Item label={t('auth.smsCode')}>
        <Input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          inputMode="numeric"
          maxLength={6}
          autoComplete="one-time-code"
          aria-label={t('auth.smsCode')}
        />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} disabled={!sent || code.length !== 6}>
        {t('auth.signIn')}
      </Button>
    </Form>
  );
}

/** One button per configured OIDC / WeChat / WeCom provider: the browser goes there and comes back with a ticket. */
export function ProviderButtons({ methods }: { methods: Methods }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  if (methods.providers.length === 0) return null;
  async function go(provider: string) {
    setError(null);
    try {
      const started = await call(api.POST('/admin/v1/auth/external/start', { body: { provider } }));
      window.location.assign(started.authorizationUrl);
    } catch (failure) {
      setError(messageOf(failure));
    }
  }
  return (
    <>
      <Divider plain>{t('auth.orSignInWith')}</Divider>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Space direction="vertical" style={{ width: '100%' }}>
        {methods.providers.map((provider) => (
          <Button key={provider.key} block onClick={() => void go(provider.key)}>
            {provider.displayName}
          </Button>
        ))}
      </Space>
    </>
  );
}

/** Password or SMS, as tabs when SMS is on offer. */
export function LoginTabs({ password, sms }: { password: React.ReactNode; sms: React.ReactNode | null }) {
  const { t } = useTranslation();
  if (!sms) return <>{password}</>;
  return (
    <Tabs
      items={[
        { key: 'password', label: t('auth.withPassword'), children: password },
        { key: 'sms', label: t('auth.withSms'), children: sms },
      ]}
    />
  );
}

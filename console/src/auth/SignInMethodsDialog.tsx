import { useEffect, useState } from 'react';
import { Alert, Button, Divider, Input, List, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client';
import { messageOf } from '../api/errors';
import { useMethods } from './OtherWaysIn';

interface Status {
  enabled: boolean;
  pending: boolean;
  unusedRecoveryCodes: number;
}

interface Enrolment {
  secret: string;
  otpauthUri: string;
  qrCode: string;
}

interface Identity {
  provider: string;
  subject: string;
  displayName?: string | null;
}

/** The logged-in admin's two-factor login (TOTP) and linked accounts (phone, WeChat, WeCom, OIDC). */
export function SignInMethodsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const methods = useMethods();
  const [status, setStatus] = useState<Status | null>(null);
  const [identities, setIdentities] = useState<Identity[]>([]);
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function reload() {
    setStatus((await call(api.GET('/admin/v1/auth/totp'))) as Status);
    setIdentities(((await call(api.GET('/admin/v1/auth/identities'))) as { items: Identity[] }).items);
  }
  useEffect(() => {
    if (open) reload().catch((failure) => setError(messageOf(failure)));
  }, [open]);

  async function run(action: () => Promise<void>) {
    setError(null);
    try {
      await action();
      await reload();
    } catch (failure) {
      setError(messageOf(failure));
    }
  }
  const begin = () =>
    run(async () => {
      setEnrolment((await call(api.POST('/admin/v1/auth/totp', { body: { password } }))) as Enrolment);
      setRecovery(null);
    });
  const confirm = () =>
    run(async () => {
      setRecovery(((await call(api.POST('/admin/v1/auth/totp/confirm', { body: { code } }))) as { recoveryCodes: string[] }).recoveryCodes);
      setEnrolment(null);
      setCode('');
    });
  const disable = () =>
    run(async () => {
      await call(api.POST('/admin/v1/auth/totp/disable', { body: { password, code } }));
      setCode('');
    });
  const unlink = (identity: Identity) =>
    run(async () => {
      await call(
        api.DELETE('/admin/v1/auth/identities/{provider}/{subject}', {
          params: { path: { provider: identity.provider, subject: identity.subject } },
        }),
      );
    });
  const link = (provider: string) =>
    run(async () => {
      const started = await call(api.POST('/admin/v1/auth/identities/external/start', { body: { provider } }));
      window.location.assign(started.authorizationUrl);
    });

  return (
    <Modal title={t('auth.signInMethods')} open={open} onCancel={onClose} footer={null} destroyOnHidden width={560}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Typography.Title level={5}>{t('auth.twoFactor')}</Typography.Title>
      {status?.enabled ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('auth.twoFactorOn', { count: status.unusedRecoveryCodes })}</Typography.Text>
          <Input.Password placeholder={t('auth.currentPassword')} value={password} onChange={(e) => setPassword(e.target.value)} />
          <Input placeholder={t('auth.totpCode')} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" />
          <Button danger onClick={() => void disable()} disabled={!password || !code}>
            {t('auth.turnOff')}
          </Button>
        </Space>
      ) : enrolment ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>{t('auth.scanQr')}</Typography.Text>
          <img src={enrolment.qrCode} alt={enrolment.otpauthUri} width={200} height={200} />
          <Typography.Text copyable code>
            {enrolment.secret}
          </Typography.Text>
          <Input placeholder={t('auth.totpCode')} value={code} onChange={(e) => setCode(e.target.value)} autoComplete="one-time-code" />
          <Button type="primary" onClick={() => void confirm()} disabled={code.length !== 6}>
            {t('auth.turnOn')}
          </Button>
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">{t('auth.twoFactorOff')}</Typography.Text>
          <Input.Password placeholder={t('auth.currentPassword')} value={password} onChange={(e) => setPassword(e.target.value)} />
          <Button onClick={() => void begin()} disabled={!password}>
            {t('auth.setUp')}
          </Button>
        </Space>
      )}
      {recovery && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 16 }}
          title={t('auth.recoveryCodes')}
          description={<Typography.Paragraph copyable={{ text: recovery.join('\n') }}>{recovery.join('  ')}</Typography.Paragraph>}
        />
      )}
      <Divider />
      <Typography.Title level={5}>{t('auth.linkedAccounts')}</Typography.Title>
      <List
        size="small"
        dataSource={identities}
        locale={{ emptyText: t('auth.noLinkedAccounts') }}
        renderItem={(identity) => (
          <List.Item actions={[<Button key="unlink" size="small" onClick={() => void unlink(identity)}>{t('auth.unlink')}</Button>]}>
            {identity.provider}: {identity.displayName ?? identity.subject}
          </List.Item>
        )}
      />
      {methods && methods.providers.length > 0 && (
        <Space wrap style={{ marginTop: 8 }}>
          {methods.providers.map((provider) => (
            <Button key={provider.key} size="small" onClick={() => void link(provider.key)}>
              {t('auth.link', { name: provider.displayName })}
            </Button>
          ))}
        </Space>
      )}
    </Modal>
  );
}

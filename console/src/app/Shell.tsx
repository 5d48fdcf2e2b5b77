import { Suspense, useState } from 'react';
import { Button, Dropdown, Layout, Menu, Spin, Typography } from 'antd';
import {
  ApartmentOutlined,
  AppstoreOutlined,
  ApiOutlined,
  CloudServerOutlined,
  DatabaseOutlined,
  KeyOutlined,
  TeamOutlined,
  LogoutOutlined,
  SafetyOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { signOut } from '../api/session';
import { ChangePasswordDialog } from '../auth/ChangePasswordDialog';
import { SignInMethodsDialog } from '../auth/SignInMethodsDialog';
import { useSession } from '../auth/useSession';
import { LanguageSwitch } from './LanguageSwitch';
import { WorkspaceSwitcher } from '../workspaces/WorkspaceSwitcher';

const SECTIONS = [
  { key: 'apps', icon: <AppstoreOutlined /> },
  { key: 'workflows', icon: <ApartmentOutlined /> },
  { key: 'knowledge', icon: <DatabaseOutlined /> },
  { key: 'tools', icon: <ApiOutlined /> },
  { key: 'providers', icon: <CloudServerOutlined /> },
  { key: 'moderation', icon: <SafetyOutlined /> },
  { key: 'members', icon: <TeamOutlined /> },
] as const;

export function Shell() {
  const { t } = useTranslation();
  const location = useLocation();
  const current = useSession();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const [methodsOpen, setMethodsOpen] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  const section = location.pathname.split('/')[1] || 'apps';
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        theme="light"
        width={208}
        className="shell-sider"
      >
        <Link to="/apps" className="shell-brand" aria-label="Switchboard">
          <span className="shell-logo" aria-hidden>
            S
          </span>
          {!collapsed && <span>Switchboard</span>}
        </Link>
        <Menu
          mode="inline"
          selectedKeys={[section]}
          items={SECTIONS.map((s) => ({ key: s.key, icon: s.icon, label: <Link to={`/${s.key}`}>{t(`nav.${s.key}`)}</Link> }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="shell-header">
          <WorkspaceSwitcher />
          <div className="shell-header-right">
            <LanguageSwitch />
            <Dropdown
              menu={{
                items: [
                  { key: 'password', icon: <KeyOutlined />, label: t('auth.changePassword'), onClick: () => setPasswordOpen(true) },
                  { key: 'methods', icon: <SafetyOutlined />, label: t('auth.signInMethods'), onClick: () => setMethodsOpen(true) },
                  { type: 'divider' },
                  { key: 'signout', icon: <LogoutOutlined />, label: t('auth.signOut'), onClick: () => signOut() },
                ],
              }}
            >
              <Button type="text" icon={<UserOutlined />} aria-label={t('auth.account')}>
                <Typography.Text>{current?.username}</Typography.Text>
              </Button>
            </Dropdown>
          </div>
        </Layout.Header>
        <Layout.Content className="shell-content">
          <Suspense fallback={<Spin />}>
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
      <ChangePasswordDialog open={passwordOpen} onClose={() => setPasswordOpen(false)} />
      <SignInMethodsDialog open={methodsOpen} onClose={() => setMethodsOpen(false)} />
    </Layout>
  );
}

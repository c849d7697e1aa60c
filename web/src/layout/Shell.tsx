import { useMemo } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Badge, Button, Layout, Menu, Space, Tag, Tooltip, Typography } from 'antd';
import {
  AimOutlined,
  AuditOutlined,
  BarChartOutlined,
  FileSearchOutlined,
  MobileOutlined,
  SendOutlined,
  SettingOutlined,
  SafetyCertificateOutlined,
  ToolOutlined,
  DeploymentUnitOutlined,
  WifiOutlined,
  PhoneOutlined,
  VideoCameraOutlined,
  BulbOutlined,
} from '@ant-design/icons';
import { useMe, useLogout } from '../api/session.js';
import { useLive } from '../api/live.js';
import { useI18n } from '../i18n/I18n.js';
import { NotificationBell } from './NotificationBell.js';
import { workspacesFor, type WorkspaceId } from '../model/workspaces.js';
import type { MessageKey } from '../i18n/dict.js';
import { zh } from '../i18n/dict.js';
import { personName } from '../model/format.js';

const ICONS: Record<WorkspaceId, React.ReactNode> = {
  command: <AimOutlined />,
  intake: <AuditOutlined />,
  dispatch: <SendOutlined />,
  tasks: <ToolOutlined />,
  inspector: <MobileOutlined />,
  cases: <FileSearchOutlined />,
  dashboard: <BarChartOutlined />,
  admin: <SettingOutlined />,
  enforcement: <SafetyCertificateOutlined />,
  patrol: <DeploymentUnitOutlined />,
  iot: <WifiOutlined />,
  hotline: <PhoneOutlined />,
  video: <VideoCameraOutlined />,
  suggestions: <BulbOutlined />,
};

/** The Chinese role name (demo display names carry it: 林受理（受理员）). */
const translateRole = (r: string): string => (zh as Record<string, string>)[`role_${r}`] ?? r;

export function Shell() {
  const me = useMe();
  const logout = useLogout();
  const live = useLive();
  const { t, td, lang, setLang } = useI18n();
  const navigate = useNavigate();
  const location = useLocation();
  const actions = me.data?.actions ?? [];
  const items = useMemo(
    () => workspacesFor(actions).map((w) => ({ key: w.path, icon: ICONS[w.id], label: t(`ws_${w.id}` as MessageKey) })),
    [actions.join(','), lang],
  );
  const selected = items.find((i) => location.pathname === i.key || location.pathname.startsWith(i.key + '/'))?.key;

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {me.data && (
        <Layout.Sider breakpoint="lg" collapsedWidth={56} width={184} theme="dark" data-testid="nav">
          <div style={{ color: '#fff', padding: '14px 16px', fontWeight: 600, whiteSpace: 'nowrap', overflow: 'hidden' }}>{t('appShort')}</div>
          <Menu theme="dark" mode="inline" selectedKeys={selected ? [selected] : []} items={items} onClick={(e) => navigate(e.key)} />
        </Layout.Sider>
      )}
      <Layout>
        <Layout.Header style={{ background: '#fff', padding: '0 16px', display: 'flex', alignItems: 'center', gap: 12, borderBottom: '1px solid #e8e8e8', height: 52, lineHeight: '52px' }}>
          <Typography.Text strong style={{ flex: 1, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
            {t('appName')}
          </Typography.Text>
          {me.data && (
            <Space size="small">
              <Tooltip title={live.connected ? t('live') : t('offline')}>
                <Badge status={live.connected ? 'success' : 'default'} text={live.connected ? t('live') : t('offline')} data-testid="live-status" />
              </Tooltip>
              {me.data.actions.includes('notifications.read') && <NotificationBell />}
              <span data-testid="current-user">{personName(me.data.displayName, me.data.roles.map((r) => translateRole(r)))}</span>
              {me.data.roles.map((r) => (
                <Tag key={r} color="blue">
                  {td('role', r)}
                </Tag>
              ))}
            </Space>
          )}
          <Button size="small" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
            {t('language')}
          </Button>
          {me.data && (
            <Button size="small" onClick={() => logout.mutate(undefined, { onSettled: () => navigate('/login') })} data-testid="logout">
              {t('logout')}
            </Button>
          )}
        </Layout.Header>
        <Layout.Content style={{ padding: 16, minWidth: 0 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}

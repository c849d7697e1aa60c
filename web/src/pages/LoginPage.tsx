import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Tag, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useLogin, useMe, usePublicConfig } from '../api/session.js';
import { useI18n } from '../i18n/I18n.js';
import { homePathFor } from '../model/workspaces.js';

/** The demo city's accounts (src/demo/accounts.ts), offered only when the server says it runs the demo. */
const DEMO_ACCOUNTS: ReadonlyArray<[string, string]> = [
  ['inspector', 'inspector'], ['operator', 'operator'], ['shiftlead', 'shift_lead'], ['dispatcher', 'dispatcher'],
  ['handler', 'handler'], ['leader', 'leader'], ['evaluator', 'evaluator'], ['admin', 'admin'],
];

export function LoginPage() {
  const { t, td, err, lang, setLang } = useI18n();
  const me = useMe();
  const config = usePublicConfig();
  const [form] = Form.useForm();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<unknown>(null);
  const from = (location.state as { from?: string } | null)?.from;

  if (me.data && !login.isPending) return <Navigate to={from ?? homePathFor(me.data.actions)} replace />;

  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: 'linear-gradient(160deg,#1f4e8c,#3d7cc9)', padding: 16 }}>
      <Card style={{ width: 380, maxWidth: '100%' }}>
        <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center' }}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('appShort')}
          </Typography.Title>
          <Button size="small" type="link" onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')} data-testid="lang-switch">
            {t('language')}
          </Button>
        </div>
        <Typography.Paragraph type="secondary">{t('loginTitle')}</Typography.Paragraph>
        {error !== null && <Alert type="error" showIcon title={err(error)} style={{ marginBottom: 12 }} data-testid="login-error" />}
        <Form
          form={form}
          layout="vertical"
          onFinish={(v: { username: string; password: string }) => {
            setError(null);
            login.mutate(v, {
              onSuccess: (res) => navigate(from ?? homePathFor(res.user.actions), { replace: true }),
              onError: (e) => setError(e),
            });
          }}
        >
          <Form.Item name="username" label={t('username')} rules={[{ required: true, message: t('required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" name="username" />
          </Form.Item>
          <Form.Item name="password" label={t('password')} rules={[{ required: true, message: t('required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" name="password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            {t('login')}
          </Button>
        </Form>
        {config.data?.demo === true && (
          <div style={{ marginTop: 12, fontSize: 12 }} data-testid="demo-accounts">
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('loginDemo')}
            </Typography.Text>
            <div style={{ display: 'flex', flexWrap: 'wrap', gap: 4, marginTop: 4 }} title={t('loginDemoPick')}>
              {DEMO_ACCOUNTS.map(([username, role]) => (
                <Tag key={username} style={{ cursor: 'pointer', marginInlineEnd: 0 }} onClick={() => form.setFieldsValue({ username, password: 'demo1234' })}>
                  {username} · {td('role', role)}
                </Tag>
              ))}
            </div>
          </div>
        )}
      </Card>
    </div>
  );
}

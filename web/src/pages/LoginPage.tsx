import { useState } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useLogin, useMe } from '../api/session.js';
import { useI18n } from '../i18n/I18n.js';
import { homePathFor } from '../model/workspaces.js';

export function LoginPage() {
  const { t, err, lang, setLang } = useI18n();
  const me = useMe();
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
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 12 }}>
          {t('loginHint')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}

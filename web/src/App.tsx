import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n/I18n.js';
import { useMe } from './api/session.js';
import { onUnauthorized, ApiError } from './api/client.js';
import { LiveProvider } from './api/live.js';
import { Shell } from './layout/Shell.js';
import { LoginPage } from './pages/LoginPage.js';
import { canOpen, homePathFor } from './model/workspaces.js';
import { NoAccess, NotFound } from './components/States.js';

const CommandCenter = lazy(() => import('./pages/command/CommandCenter.js'));
const IntakePage = lazy(() => import('./pages/intake/IntakePage.js'));
const DispatchPage = lazy(() => import('./pages/dispatch/DispatchPage.js'));
const TasksPage = lazy(() => import('./pages/tasks/TasksPage.js'));
const InspectorApp = lazy(() => import('./pages/inspector/InspectorApp.js'));
const CasesPage = lazy(() => import('./pages/cases/CasesPage.js'));
const CaseDetailPage = lazy(() => import('./pages/cases/CaseDetailPage.js'));
const DashboardPage = lazy(() => import('./pages/dashboard/DashboardPage.js'));
const AdminPage = lazy(() => import('./pages/admin/AdminPage.js'));
const HotlinePage = lazy(() => import('./pages/hotline/HotlinePage.js'));
const SuggestionsPage = lazy(() => import('./pages/suggestions/SuggestionsPage.js'));
const EnforcementPage = lazy(() => import('./pages/enforcement/EnforcementPage.js'));
const PatrolCenter = lazy(() => import('./pages/patrol/PatrolCenter.js'));
const IotPage = lazy(() => import('./pages/iot/IotPage.js'));
const VideoPage = lazy(() => import('./pages/video/VideoPage.js'));
const CitizenApp = lazy(() => import('./pages/citizen/CitizenApp.js'));

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      retry: (count, err) => !(err instanceof ApiError && err.status < 500) && count < 2,
      refetchOnWindowFocus: false,
      staleTime: 15_000,
    },
  },
});

function Loading() {
  return (
    <div style={{ padding: 48, textAlign: 'center' }}>
      <Spin />
    </div>
  );
}

function Guard({ children }: { children: ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isLoading) return <Loading />;
  if (!me.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  if (!canOpen(me.data.actions, location.pathname)) return <NoAccess />;
  return <>{children}</>;
}

function Home() {
  const me = useMe();
  if (me.isLoading) return <Loading />;
  if (!me.data) return <Navigate to="/login" replace />;
  return <Navigate to={homePathFor(me.data.actions)} replace />;
}

function UnauthorizedRedirect() {
  const navigate = useNavigate();
  useEffect(() => {
    onUnauthorized(() => {
      queryClient.setQueryData(['me'], null);
      // The citizen app (/r) is public: nobody is sent to the login page from it.
      if (!location.pathname.startsWith('/login') && !/^\/r(\/|$)/.test(location.pathname)) navigate('/login', { replace: true });
    });
  }, [navigate]);
  return null;
}

function Routed() {
  const me = useMe();
  const page = (node: ReactNode) => (
    <Guard>
      <Suspense fallback={<Loading />}>{node}</Suspense>
    </Guard>
  );
  return (
    <LiveProvider enabled={!!me.data}>
      <UnauthorizedRedirect />
      <Routes>
        <Route path="/login" element={<LoginPage />} />
        <Route path="/m/*" element={page(<InspectorApp />)} />
        <Route path="/r/*" element={<Suspense fallback={<Loading />}><CitizenApp /></Suspense>} />
        <Route element={<Shell />}>
          <Route path="/" element={<Home />} />
          <Route path="/command" element={page(<CommandCenter />)} />
          <Route path="/intake" element={page(<IntakePage />)} />
          <Route path="/dispatch" element={page(<DispatchPage />)} />
          <Route path="/tasks" element={page(<TasksPage />)} />
          <Route path="/cases" element={page(<CasesPage />)} />
          <Route path="/cases/:id" element={page(<CaseDetailPage />)} />
          <Route path="/dashboard" element={page(<DashboardPage />)} />
          <Route path="/admin/*" element={page(<AdminPage />)} />
          <Route path="/enforcement/*" element={page(<EnforcementPage />)} />
          <Route path="/patrol" element={page(<PatrolCenter />)} />
          <Route path="/iot" element={page(<IotPage />)} />
          <Route path="/hotline" element={page(<HotlinePage />)} />
          <Route path="/suggestions" element={page(<SuggestionsPage />)} />
          <Route path="/video/*" element={page(<VideoPage />)} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </LiveProvider>
  );
}

function Localized() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#1f4e8c', borderRadius: 4 } }}>
      <AntApp>
        <BrowserRouter>
          <Routed />
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <Localized />
      </I18nProvider>
    </QueryClientProvider>
  );
}

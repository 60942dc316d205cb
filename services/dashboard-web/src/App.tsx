import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { RequireAuth } from './auth/RequireAuth';
import { Layout, PageFallback } from './components/Layout';
import { AdminOnly } from './components/ReadOnly';
import { ToastProvider } from './components/Toast';

// every page is its own chunk: the first load only fetches the shell and the page being opened
const LoginPage = lazy(() => import('./pages/LoginPage'));
const OverviewPage = lazy(() => import('./pages/OverviewPage'));
const ConversationsPage = lazy(() => import('./pages/ConversationsPage'));
const ConversationDetailPage = lazy(() => import('./pages/ConversationDetailPage'));
const ConversationByExternalIdPage = lazy(() => import('./pages/ConversationByExternalIdPage'));
const FailuresPage = lazy(() => import('./pages/FailuresPage'));
const PatternsPage = lazy(() => import('./pages/PatternsPage'));
const SettingsPage = lazy(() => import('./pages/SettingsPage'));
const ApiKeysPage = lazy(() => import('./pages/ApiKeysPage'));
const MembersPage = lazy(() => import('./pages/MembersPage'));
const WaitlistPage = lazy(() => import('./pages/WaitlistPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

export function makeQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        refetchOnWindowFocus: false,
        // a 4xx will not get better by asking again; network errors and 5xx get two more tries
        retry: (count, error) => !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2,
      },
    },
  });
}

/** Any 401 from any request: forget cached data and go to login, coming back here afterwards. */
export function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const location = useLocation();
  const here = useRef('');
  useEffect(() => {
    here.current = location.pathname + location.search;
  }, [location]);
  useEffect(() => {
    setUnauthorizedHandler(() => {
      if (here.current.startsWith('/login')) return;
      const next = here.current;
      queryClient.clear();
      navigate(`/login?next=${encodeURIComponent(next)}`, { replace: true });
    });
    return () => setUnauthorizedHandler(null);
  }, [navigate, queryClient]);
  return null;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route
        path="/login"
        element={
          <Suspense fallback={null}>
            <LoginPage />
          </Suspense>
        }
      />
      <Route
        element={
          <RequireAuth>
            <Layout />
          </RequireAuth>
        }
      >
        <Route index element={<OverviewPage />} />
        <Route path="conversations" element={<ConversationsPage />} />
        <Route path="conversations/:id" element={<ConversationDetailPage />} />
        {/* the customer's own conversation id (may hold slashes): /c/<conversation_id> */}
        <Route path="c/*" element={<ConversationByExternalIdPage />} />
        <Route path="failures" element={<FailuresPage />} />
        <Route path="patterns" element={<PatternsPage />} />
        {/* admin pages: viewers get a read-only note instead (the API refuses them anyway) */}
        <Route
          path="settings"
          element={
            <AdminOnly title="Settings">
              <SettingsPage />
            </AdminOnly>
          }
        />
        <Route
          path="api-keys"
          element={
            <AdminOnly title="API keys">
              <ApiKeysPage />
            </AdminOnly>
          }
        />
        <Route
          path="members"
          element={
            <AdminOnly title="Members">
              <MembersPage />
            </AdminOnly>
          }
        />
        <Route
          path="waitlist"
          element={
            <AdminOnly title="Waitlist">
              <WaitlistPage />
            </AdminOnly>
          }
        />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}

export default function App() {
  const [queryClient] = useState(makeQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <BrowserRouter>
          <UnauthorizedRedirect />
          <Suspense fallback={<PageFallback />}>
            <AppRoutes />
          </Suspense>
        </BrowserRouter>
      </ToastProvider>
    </QueryClientProvider>
  );
}

import { lazy, Suspense, useEffect, useRef, useState, type JSX, type LazyExoticComponent } from 'react';
import { BrowserRouter, Route, Routes, useLocation, useNavigate } from 'react-router';
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { ApiError, setUnauthorizedHandler } from './api/client';
import { RequireAuth } from './auth/RequireAuth';
import { Layout, PageFallback } from './components/Layout';
import { AdminOnly } from './components/ReadOnly';
import { ToastProvider } from './components/Toast';

// every page is its own chunk: the first load only fetches the shell and the page being opened
const PAGE_CHUNKS = {
  login: () => import('./pages/LoginPage'),
  overview: () => import('./pages/OverviewPage'),
  conversations: () => import('./pages/ConversationsPage'),
  conversation: () => import('./pages/ConversationDetailPage'),
  conversationByExternalId: () => import('./pages/ConversationByExternalIdPage'),
  failures: () => import('./pages/FailuresPage'),
  patterns: () => import('./pages/PatternsPage'),
  settings: () => import('./pages/SettingsPage'),
  apiKeys: () => import('./pages/ApiKeysPage'),
  members: () => import('./pages/MembersPage'),
  waitlist: () => import('./pages/WaitlistPage'),
  notFound: () => import('./pages/NotFoundPage'),
};
type PageName = keyof typeof PAGE_CHUNKS;
// one lazy component per chunk, so the routes and the preload below name the same loaders
const Page = Object.fromEntries(Object.entries(PAGE_CHUNKS).map(([name, load]) => [name, lazy(load)])) as Record<
  PageName,
  LazyExoticComponent<() => JSX.Element>
>;

/** Which page chunk a path opens (the routes below, by their first segment). */
export function pageChunkFor(pathname: string): PageName {
  const [first = '', second] = pathname.split('/').filter(Boolean);
  switch (first) {
    case '':
      return 'overview';
    case 'conversations':
      return second ? 'conversation' : 'conversations';
    case 'c':
      return 'conversationByExternalId';
    case 'api-keys':
      return 'apiKeys';
    case 'login':
    case 'failures':
    case 'patterns':
    case 'settings':
    case 'members':
    case 'waitlist':
      return first;
    default:
      return 'notFound';
  }
}

/**
 * Starts fetching the chunk of the page being opened together with the shell's. Otherwise it is only asked for when
 * the shell first renders the page, which on a first visit waits for the environment list (ScopeGate): one more
 * round trip before the page's own requests can even start. React.lazy then finds the module already loaded.
 */
export function preloadPageChunk(pathname: string): void {
  // a failure here is not final: React.lazy imports again when the page renders, and shows the error then
  PAGE_CHUNKS[pageChunkFor(pathname)]().catch(() => undefined);
}

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
            <Page.login />
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
        <Route index element={<Page.overview />} />
        <Route path="conversations" element={<Page.conversations />} />
        <Route path="conversations/:id" element={<Page.conversation />} />
        {/* the customer's own conversation id (may hold slashes): /c/<conversation_id> */}
        <Route path="c/*" element={<Page.conversationByExternalId />} />
        <Route path="failures" element={<Page.failures />} />
        <Route path="patterns" element={<Page.patterns />} />
        {/* admin pages: viewers get a read-only note instead (the API refuses them anyway) */}
        <Route
          path="settings"
          element={
            <AdminOnly title="Settings">
              <Page.settings />
            </AdminOnly>
          }
        />
        <Route
          path="api-keys"
          element={
            <AdminOnly title="API keys">
              <Page.apiKeys />
            </AdminOnly>
          }
        />
        <Route
          path="members"
          element={
            <AdminOnly title="Members">
              <Page.members />
            </AdminOnly>
          }
        />
        <Route
          path="waitlist"
          element={
            <AdminOnly title="Waitlist">
              <Page.waitlist />
            </AdminOnly>
          }
        />
        <Route path="*" element={<Page.notFound />} />
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

import { startTransition, StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import App, { preloadPageChunk } from './App';
import { ensureRuntimeConfig, supabaseEnabled } from './lib/runtimeConfig';
import './styles/global.css';

// /config.json is fetched in parallel with the first render; only login and onboarding need it (they await it)
// with a Supabase session, start its client so it keeps refreshing our bearer token while the app is open
void ensureRuntimeConfig().then((c) => {
  if (supabaseEnabled(c) && localStorage.getItem('sensei.session')?.includes('"provider":"supabase"')) {
    void import('./auth/supabase').then((m) => m.getSupabase());
  }
});

preloadPageChunk(window.location.pathname);

// the first render as a transition: React renders the shell in slices (yielding between components) instead of in
// one block, the first long task of every load on a phone
const root = createRoot(document.getElementById('root')!);
startTransition(() =>
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  ),
);

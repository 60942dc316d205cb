// Supabase email/password sign-in, loaded only when /config.json names a Supabase project (keeps the
// ~40 kB client out of every other bundle).
import type { SupabaseClient } from '@supabase/supabase-js';
import { runtimeConfig, supabaseEnabled } from '../lib/runtimeConfig';
import { setSession } from './session';

let clientPromise: Promise<SupabaseClient> | null = null;

export function getSupabase(): Promise<SupabaseClient> {
  if (!supabaseEnabled()) return Promise.reject(new Error('Supabase is not configured'));
  if (!clientPromise) {
    const { supabase_url, supabase_anon_key } = runtimeConfig();
    clientPromise = import('@supabase/supabase-js').then(({ createClient }) => {
      const client = createClient(supabase_url!, supabase_anon_key!, {
        auth: { persistSession: true, autoRefreshToken: true },
      });
      // keep our bearer token in step with Supabase's refreshes
      client.auth.onAuthStateChange((_event, session) => {
        if (session?.access_token) {
          setSession({
            token: session.access_token,
            expiresAt: session.expires_at ? session.expires_at * 1000 : 0,
            email: session.user?.email ?? null,
            provider: 'supabase',
          });
        }
      });
      return client;
    });
  }
  return clientPromise;
}

export async function supabaseSignIn(email: string, password: string): Promise<void> {
  const client = await getSupabase();
  const { data, error } = await client.auth.signInWithPassword({ email, password });
  if (error || !data.session) throw new Error(error?.message ?? 'Sign-in failed');
  setSession({
    token: data.session.access_token,
    expiresAt: data.session.expires_at ? data.session.expires_at * 1000 : 0,
    email: data.user?.email ?? email,
    provider: 'supabase',
  });
}

/** After a reload: Supabase keeps its own (refreshable) session; take its access token if there is one. */
export async function resumeSupabaseSession(): Promise<boolean> {
  if (!supabaseEnabled()) return false;
  const client = await getSupabase();
  const { data } = await client.auth.getSession();
  const s = data.session;
  if (!s?.access_token) return false;
  setSession({
    token: s.access_token,
    expiresAt: s.expires_at ? s.expires_at * 1000 : 0,
    email: s.user?.email ?? null,
    provider: 'supabase',
  });
  return true;
}

export async function supabaseSignOut(): Promise<void> {
  if (!supabaseEnabled() || !clientPromise) return;
  const client = await clientPromise;
  await client.auth.signOut().catch(() => undefined);
}

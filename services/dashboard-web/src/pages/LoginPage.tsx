import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { track } from '../analytics/analytics';
import { EVENTS } from '../analytics/events';
import { ApiError } from '../api/client';
import { authApi } from '../api/endpoints';
import { safeNext } from '../auth/RequireAuth';
import { getSession, setSession } from '../auth/session';
import { supabaseEnabled } from '../lib/runtimeConfig';
import { useRuntimeConfig } from '../lib/useRuntimeConfig';
import { BrandMark } from '../components/BrandMark';

export default function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const next = safeNext(params.get('next'));
  const { config, ready } = useRuntimeConfig();
  const [useLocal, setUseLocal] = useState(false);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const viaSupabase = supabaseEnabled(config) && !useLocal;
  const expired = params.has('next');

  useEffect(() => {
    document.title = 'Sign in · Sensei';
    if (getSession()) navigate(next, { replace: true });
  }, [navigate, next]);

  // a Supabase user whose access token expired may still hold a refreshable Supabase session
  useEffect(() => {
    if (!ready || !supabaseEnabled(config) || getSession()) return;
    let alive = true;
    import('../auth/supabase')
      .then((m) => m.resumeSupabaseSession())
      .then((ok) => {
        if (ok && alive) navigate(next, { replace: true });
      })
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [ready, config, navigate, next]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your email and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      if (viaSupabase) {
        const { supabaseSignIn } = await import('../auth/supabase');
        await supabaseSignIn(email.trim(), password);
      } else {
        const res = await authApi.login(email.trim(), password);
        setSession({
          token: res.access_token,
          expiresAt: res.expires_in ? Date.now() + res.expires_in * 1000 : 0,
          email: res.user?.email ?? email.trim(),
          provider: 'local',
        });
      }
      track(EVENTS.signedIn, { provider: viaSupabase ? 'supabase' : 'local' });
      navigate(next, { replace: true });
    } catch (err) {
      if (err instanceof ApiError && (err.status === 401 || err.status === 403)) setError('Wrong email or password.');
      else if (err instanceof ApiError && err.status === 429)
        setError('Too many attempts. Wait a minute and try again.');
      else setError(err instanceof Error ? err.message : 'Sign-in failed.');
      setBusy(false);
      emailRef.current?.focus();
    }
  };

  return (
    <main className="login-page">
      <form className="card login-card" onSubmit={submit} noValidate aria-labelledby="login-title">
        <div className="brand">
          <BrandMark />
          <span>Sensei</span>
        </div>
        <div>
          <h1 id="login-title">Sign in</h1>
          <p className="muted" style={{ marginTop: 4 }}>
            {viaSupabase ? 'Use your Supabase account.' : 'Use the admin account of this Sensei installation.'}
          </p>
        </div>
        {expired && !error && (
          <div className="alert alert-info" role="status">
            Sign in to continue where you were.
          </div>
        )}
        {error && (
          <div className="alert alert-error" role="alert">
            {error}
          </div>
        )}
        <div className="field">
          <label htmlFor="email">Email</label>
          <input
            ref={emailRef}
            id="email"
            className="input"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            autoFocus
            required
          />
        </div>
        <div className="field">
          <label htmlFor="password">Password</label>
          <input
            id="password"
            className="input"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        <button className="btn btn-primary" type="submit" disabled={busy || !ready}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {supabaseEnabled(config) && (
          <button type="button" className="btn btn-ghost btn-sm" onClick={() => setUseLocal((v) => !v)}>
            {useLocal ? 'Use Supabase account' : 'Use local admin account'}
          </button>
        )}
        {!supabaseEnabled(config) && (
          <p className="small muted">
            Local installs: the admin credentials are in <code>.sensei-local.env</code> (written by{' '}
            <code>make run</code>).
          </p>
        )}
      </form>
    </main>
  );
}

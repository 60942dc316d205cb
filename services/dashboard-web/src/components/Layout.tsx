import { Suspense, useEffect, useRef, useState } from 'react';
import { NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useQueryClient } from '@tanstack/react-query';
import { AnalyticsBoot } from '../analytics/AnalyticsBoot';
import { resetAnalytics } from '../analytics/analytics';
import { clearSession, getSession } from '../auth/session';
import { TourProvider } from '../onboarding/Tour';
import { useRole } from '../auth/role';
import {
  IconAlert,
  IconChat,
  IconKey,
  IconLogout,
  IconMenu,
  IconOverview,
  IconPatterns,
  IconSettings,
  IconUsers,
} from './Icons';
import { ReadOnlyNote } from './ReadOnly';
import { AlertsFailingBanner } from './AlertsFailingBanner';
import { Loading, Skeleton } from './States';
import { BrandMark } from './BrandMark';
import { ScopeGate } from './ScopePicker';
import { useScopedLink } from '../lib/scope';

const NAV = [
  { to: '/', label: 'Overview', icon: IconOverview, end: true },
  { to: '/conversations', label: 'Conversations', icon: IconChat },
  { to: '/failures', label: 'Failures', icon: IconAlert },
  { to: '/patterns', label: 'Patterns', icon: IconPatterns },
];
const ADMIN = [
  { to: '/settings', label: 'Settings', icon: IconSettings },
  { to: '/api-keys', label: 'API keys', icon: IconKey },
  { to: '/members', label: 'Members', icon: IconUsers },
  { to: '/waitlist', label: 'Waitlist', icon: IconUsers },
];

export function PageFallback() {
  return (
    <Loading label="Loading page">
      <Skeleton width={220} height={26} />
      <div className="grid grid-kpi mt-4">
        {Array.from({ length: 5 }, (_, i) => (
          <Skeleton key={i} height={96} />
        ))}
      </div>
      <Skeleton height={280} style={{ marginTop: 16 }} />
    </Loading>
  );
}

export function Layout() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const session = getSession();
  const { canWrite, role, hasNoRole } = useRole();
  const { pathname } = useLocation();
  const mainRef = useRef<HTMLElement>(null);
  const firstPath = useRef(true);
  // phones: the navigation is a menu under the top bar, closed again by picking a page
  const [menuOpen, setMenuOpen] = useState(false);
  const scopedLink = useScopedLink();

  // moving to another page puts keyboard and screen-reader focus at the start of its content
  useEffect(() => {
    if (firstPath.current) {
      firstPath.current = false;
      return;
    }
    mainRef.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }, [pathname]);

  const signOut = async () => {
    if (session?.provider === 'supabase') {
      const { supabaseSignOut } = await import('../auth/supabase');
      await supabaseSignOut();
    }
    resetAnalytics();
    clearSession();
    queryClient.clear();
    navigate('/login', { replace: true });
  };

  return (
    <TourProvider>
      <AnalyticsBoot />
      <div className="app">
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <aside className={`sidebar${menuOpen ? ' open' : ''}`} aria-label="Main navigation">
          <NavLink to="/" className="brand">
            <BrandMark />
            <span>Sensei</span>
          </NavLink>
          <button
            type="button"
            className="nav-toggle"
            aria-expanded={menuOpen}
            aria-controls="sidebar-pages"
            onClick={() => setMenuOpen((o) => !o)}
          >
            <IconMenu size={18} />
            <span>Menu</span>
          </button>
          <nav
            className="nav"
            id="sidebar-pages"
            aria-label="Pages"
            onClick={(e) => (e.target as HTMLElement).closest('a') && setMenuOpen(false)}
          >
            {NAV.map(({ to, label, icon: Icon, end }) => (
              <NavLink key={to} to={scopedLink(to)} end={end} title={label}>
                <Icon />
                <span>{label}</span>
              </NavLink>
            ))}
            {/* viewers do not see the admin pages at all */}
            {canWrite && (
              <div className="nav-section" aria-hidden="true">
                Admin
              </div>
            )}
            {canWrite &&
              ADMIN.map(({ to, label, icon: Icon }) => (
                <NavLink key={to} to={to} title={label}>
                  <Icon />
                  <span>{label}</span>
                </NavLink>
              ))}
          </nav>
          <div className="sidebar-footer">
            {session?.email && (
              <div className="who" title={session.email}>
                {session.email}
              </div>
            )}
            {role && <div className="who small muted">{role === 'admin' ? 'Admin' : 'Viewer (read-only)'}</div>}
            <button type="button" onClick={signOut}>
              <span className="row" style={{ gap: 8 }}>
                <IconLogout size={16} />
                <span className="nav-text">Sign out</span>
              </span>
            </button>
          </div>
        </aside>
        <main id="main" ref={mainRef} className="main" tabIndex={-1}>
          {hasNoRole && (
            <ReadOnlyNote>
              Your account has no Sensei role yet, so nothing can be shown. Ask an admin to make you a viewer or admin
              on the Members page.
            </ReadOnlyNote>
          )}
          <AlertsFailingBanner />
          <Suspense fallback={<PageFallback />}>
            <ScopeGate fallback={<PageFallback />}>
              <Outlet />
            </ScopeGate>
          </Suspense>
        </main>
      </div>
    </TourProvider>
  );
}

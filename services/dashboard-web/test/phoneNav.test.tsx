// The phone menu of the layout: a button that says whether the page list is open, and picking a page closes it.
// (That the list is hidden/visible at 390 px is CSS, checked in a real browser by e2e/depth-phone.mjs.)
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import { Layout } from '../src/components/Layout';
import { renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

function setup() {
  signIn('admin@example.com');
  stubFetch((c) =>
    c.path === '/api/v1/auth/me'
      ? { body: { sub: 'u1', email: 'admin@example.com', sensei_role: 'admin', sensei_role_source: 'stored' } }
      : c.path === '/api/v1/me/preferences'
        ? { body: { onboarding: { tour_dismissed: true, tour_steps_seen: [] } } }
        : undefined,
  );
  renderAt(
    '/',
    <Route element={<Layout />}>
      <Route path="/" element={<h1>Overview page</h1>} />
      <Route path="/failures" element={<h1>Failures page</h1>} />
    </Route>,
  );
}

describe('phone navigation menu', () => {
  it('menuButton__togglesTheSidebarOpen_andNamesTheListItControls', async () => {
    setup();
    const toggle = screen.getByRole('button', { name: 'Menu' });
    const sidebar = screen.getByRole('complementary', { name: 'Main navigation' });
    expect(toggle).toHaveAttribute('aria-expanded', 'false');
    expect(toggle).toHaveAttribute('aria-controls', screen.getByRole('navigation', { name: 'Pages' }).id);
    expect(sidebar).not.toHaveClass('open');
    await userEvent.click(toggle);
    expect(toggle).toHaveAttribute('aria-expanded', 'true');
    expect(sidebar).toHaveClass('open');
    await userEvent.click(toggle);
    expect(sidebar).not.toHaveClass('open');
  });

  it('pickingAPage__navigatesAndClosesTheMenu', async () => {
    setup();
    await userEvent.click(screen.getByRole('button', { name: 'Menu' }));
    const nav = screen.getByRole('navigation', { name: 'Pages' });
    await userEvent.click(within(nav).getByRole('link', { name: 'Failures' }));
    expect(await screen.findByRole('heading', { name: 'Failures page' })).toBeInTheDocument();
    expect(screen.getByRole('complementary', { name: 'Main navigation' })).not.toHaveClass('open');
    expect(screen.getByRole('button', { name: 'Menu' })).toHaveAttribute('aria-expanded', 'false');
  });
});

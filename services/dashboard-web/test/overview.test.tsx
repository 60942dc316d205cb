import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import OverviewPage from '../src/pages/OverviewPage';
import { setRuntimeConfig } from '../src/lib/runtimeConfig';
import { conversation } from './fixtures';
import { page, renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const metric = (current: number, previous: number) => ({
  current,
  previous,
  change: previous ? (current - previous) / previous : null,
});
const summary = (total: number) => ({
  from: '2025-01-01T00:00:00Z',
  to: '2025-01-08T00:00:00Z',
  conversations: metric(total, 80),
  messages: metric(total * 6, 500),
  average_health: metric(71.4, 75),
  failure_rate: metric(0.125, 0.1),
  open_failures: metric(7, 3),
  total_conversations: total,
});

describe('overview', () => {
  it('kpis__showValueAndChangeVsPreviousPeriod', async () => {
    signIn();
    const calls = stubFetch((c) => {
      if (c.path === '/api/v1/analytics/summary') return { body: summary(100) };
      if (c.path === '/api/v1/analytics/health-distribution') return { body: { buckets: [], scored: 0, unscored: 2 } };
      if (c.path === '/api/v1/analytics/failures/trends') return { body: { types: [], points: [] } };
      if (c.path === '/api/v1/analytics/patterns') return { body: { run: null, patterns: [], active_run: null } };
      if (c.path === '/api/v1/conversations')
        return { body: page([conversation({ external_id: 'sad-1', health_score: 12 })]) };
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/?timeframe=30d', <Route path="/" element={<OverviewPage />} />);
    const conv = await screen.findByRole('region', { name: 'Conversations' });
    expect(await within(conv).findByText('100')).toBeInTheDocument();
    expect(within(conv).getByText('+25%')).toBeInTheDocument();
    const rate = screen.getByRole('region', { name: 'Failure rate' });
    expect(within(rate).getByText('12.5%')).toBeInTheDocument();
    // a higher failure rate is bad
    expect(within(rate).getByText('+25%')).toHaveClass('bad');
    expect(within(screen.getByRole('region', { name: 'Average health' })).getByText('−4.8%')).toHaveClass('bad');
    expect(await screen.findByRole('link', { name: 'sad-1' })).toBeInTheDocument();
    expect(screen.getByText('No patterns yet')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/analytics/summary')!.query.get('timeframe')).toBe('30d');
    const low = calls.find((c) => c.path === '/api/v1/conversations')!.query;
    expect(Object.fromEntries(low)).toMatchObject({ sort: 'health', order: 'asc', timeframe: '30d' });

    await user.click(screen.getByRole('button', { name: '24h' }));
    expect(screen.getByTestId('location').textContent).toBe('/?timeframe=24h');
    await waitFor(() =>
      expect(
        calls
          .filter((c) => c.path === '/api/v1/analytics/summary')
          .at(-1)!
          .query.get('timeframe'),
      ).toBe('24h'),
    );
  });

  it('firstRun__showsOnboardingWithSnippetsForTheNewKey', async () => {
    signIn();
    setRuntimeConfig({ public_url: 'https://sensei.example.com/' });
    stubFetch((c) => {
      if (c.path === '/api/v1/analytics/summary') return { body: summary(0) };
      if (c.path === '/api/v1/api-keys' && c.method === 'GET') return { body: [] };
      if (c.path === '/api/v1/api-keys' && c.method === 'POST')
        return {
          status: 201,
          body: {
            id: 'k',
            name: 'My first key',
            prefix: 'Ab12Cd34',
            key: 'sk_Ab12Cd34_s3cr3t',
            created_at: '2025-01-01T00:00:00Z',
          },
        };
      if (c.path === '/api/v1/settings') return { body: { slack_webhook_url: null, alert_thresholds: {} } };
      return undefined;
    });
    const user = userEvent.setup();
    renderAt('/', <Route path="/" element={<OverviewPage />} />);
    expect(await screen.findByRole('heading', { name: /send your first conversation/i })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Conversations' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('curl command')).toHaveTextContent(
      "curl -X POST 'https://sensei.example.com/api/v1/conversations/track'",
    );
    expect(screen.getByLabelText('curl command')).toHaveTextContent('Bearer YOUR_API_KEY');

    await user.click(screen.getByRole('button', { name: 'Create API key' }));
    expect(await screen.findByTestId('new-api-key')).toHaveTextContent('sk_Ab12Cd34_s3cr3t');
    expect(screen.getByLabelText('curl command')).toHaveTextContent('Authorization: Bearer sk_Ab12Cd34_s3cr3t');
    await user.click(screen.getByRole('tab', { name: 'TypeScript SDK' }));
    expect(screen.getByLabelText('SDK example')).toHaveTextContent(
      "apiKey: process.env.SENSEI_API_KEY ?? 'sk_Ab12Cd34_s3cr3t'",
    );
    expect(screen.getByLabelText('SDK example')).toHaveTextContent("baseUrl: 'https://sensei.example.com'");
    expect(screen.getByRole('link', { name: 'Set the Slack webhook' })).toHaveAttribute('href', '/settings');
  });
});

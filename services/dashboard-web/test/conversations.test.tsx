import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import ConversationsPage from '../src/pages/ConversationsPage';
import { conversation } from './fixtures';
import { page, renderAt, signIn, stubFetch, type Call } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const routes = <Route path="/conversations" element={<ConversationsPage />} />;
const location = () => screen.getByTestId('location').textContent;
const listCalls = (calls: Call[]) => calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/conversations');

function stubList(savedViews: unknown[] = []) {
  return stubFetch((c) => {
    if (c.path === '/api/v1/conversations') {
      return c.query.get('cursor') === 'c2'
        ? {
            body: page([
              conversation({
                id: '22222222-2222-4222-8222-222222222222',
                external_id: 'conv-2',
                health_score: 90,
                failure_types: [],
                failure_count: 0,
              }),
            ]),
          }
        : { body: page([conversation()], 'c2') };
    }
    if (c.path === '/api/v1/saved-views' && c.method === 'GET') return { body: savedViews };
    if (c.path === '/api/v1/saved-views' && c.method === 'POST')
      return { status: 201, body: { id: 'v-new', ...(c.body as object) } };
    return undefined;
  });
}

describe('conversations list', () => {
  it('urlFilters__areShownInControls_andSentToApi', async () => {
    signIn();
    const calls = stubList();
    renderAt('/conversations?timeframe=30d&has_failures=true&type=agent_refusal&health_max=50&q=refund', routes);
    expect(await screen.findByRole('link', { name: 'conv-1' })).toBeInTheDocument();
    expect(screen.getByLabelText('Failures')).toHaveValue('true');
    expect(screen.getByLabelText('Failure type')).toHaveValue('agent_refusal');
    expect(screen.getByLabelText('Maximum health')).toHaveValue(50);
    expect(screen.getByLabelText('Search')).toHaveValue('refund');
    expect(screen.getByRole('button', { name: '30d' })).toHaveAttribute('aria-pressed', 'true');
    const q = listCalls(calls)[0].query;
    expect(Object.fromEntries(q)).toMatchObject({
      timeframe: '30d',
      has_failures: 'true',
      type: 'agent_refusal',
      health_max: '50',
      q: 'refund',
      limit: '50',
    });
  });

  it('changingFilters__writesThemToTheUrl_andRefetches', async () => {
    signIn();
    const calls = stubList();
    const user = userEvent.setup();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-1' });
    await user.selectOptions(screen.getByLabelText('Failures'), 'true');
    expect(location()).toBe('/conversations?has_failures=true');
    await user.selectOptions(screen.getByLabelText('Failure type'), 'pii_exposure');
    expect(location()).toBe('/conversations?has_failures=true&type=pii_exposure');
    await user.click(screen.getByRole('button', { name: '24h' }));
    expect(location()).toBe('/conversations?timeframe=24h&has_failures=true&type=pii_exposure');
    await waitFor(() => expect(listCalls(calls).at(-1)!.query.get('timeframe')).toBe('24h'));
    expect(listCalls(calls).at(-1)!.query.get('type')).toBe('pii_exposure');
    await user.click(screen.getByRole('button', { name: /clear filters \(2\)/i }));
    expect(location()).toBe('/conversations?timeframe=24h');
  });

  it('healthRange__whenMinAboveMax__showsErrorAndKeepsUrl', async () => {
    signIn();
    stubList();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-1' });
    fireEvent.change(screen.getByLabelText('Minimum health'), { target: { value: '80' } });
    fireEvent.change(screen.getByLabelText('Maximum health'), { target: { value: '20' } });
    fireEvent.blur(screen.getByLabelText('Maximum health'));
    expect(await screen.findByRole('alert')).toHaveTextContent('Minimum must not be above maximum.');
    expect(screen.getByLabelText('Minimum health')).toHaveAttribute('aria-invalid', 'true');
    expect(location()).toBe('/conversations');
    fireEvent.change(screen.getByLabelText('Minimum health'), { target: { value: '10' } });
    fireEvent.blur(screen.getByLabelText('Minimum health'));
    expect(location()).toBe('/conversations?health_min=10&health_max=20');
  });

  it('search__commitsAfterTyping', async () => {
    signIn();
    stubList();
    const user = userEvent.setup();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-1' });
    await user.type(screen.getByLabelText('Search'), 'angry customer{Enter}');
    expect(location()).toBe('/conversations?q=angry+customer');
  });

  it('sortHeader__togglesSortInUrl', async () => {
    signIn();
    stubList();
    const user = userEvent.setup();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-1' });
    await user.click(screen.getByRole('button', { name: /health/i }));
    expect(location()).toBe('/conversations?sort=health');
    expect(screen.getByRole('columnheader', { name: /health/i })).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByRole('button', { name: /health/i }));
    expect(location()).toBe('/conversations?sort=health&order=desc');
  });

  it('loadMore__fetchesNextPageWithCursor', async () => {
    signIn();
    const calls = stubList();
    const user = userEvent.setup();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-1' });
    await user.click(screen.getByRole('button', { name: 'Load more' }));
    expect(await screen.findByRole('link', { name: 'conv-2' })).toBeInTheDocument();
    expect(listCalls(calls).at(-1)!.query.get('cursor')).toBe('c2');
    expect(screen.queryByRole('button', { name: 'Load more' })).not.toBeInTheDocument();
    expect(screen.getByText(/showing 2 conversations/i)).toBeInTheDocument();
  });

  it('savedView__saveCurrentFilters_thenApplyAnother', async () => {
    signIn();
    const calls = stubList([
      {
        id: 'v1',
        name: 'Frustrated users',
        scope: 'conversations',
        config: { type: 'user_frustration', timeframe: '30d' },
      },
    ]);
    const user = userEvent.setup();
    renderAt('/conversations?has_failures=true', routes);
    await screen.findByRole('link', { name: 'conv-1' });

    await user.click(screen.getByRole('button', { name: 'Save view' }));
    const dialog = await screen.findByRole('dialog');
    await user.type(within(dialog).getByLabelText('View name'), 'Failing');
    await user.click(within(dialog).getByRole('button', { name: 'Save view' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/saved-views')).toBe(true));
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.body).toEqual({ name: 'Failing', scope: 'conversations', config: { has_failures: 'true' } });
    await waitFor(() => expect(location()).toBe('/conversations?has_failures=true&view=v-new'));

    await user.click(screen.getByRole('button', { name: /saved views/i }));
    await user.click(await screen.findByRole('button', { name: 'Frustrated users' }));
    expect(location()).toBe('/conversations?timeframe=30d&type=user_frustration&view=v1');
    expect(screen.getByLabelText('Failure type')).toHaveValue('user_frustration');
  });

  it('emptyResult__saysWhatToDo', async () => {
    signIn();
    stubFetch((c) =>
      c.path === '/api/v1/conversations'
        ? { body: page([]) }
        : c.path === '/api/v1/saved-views'
          ? { body: [] }
          : undefined,
    );
    renderAt('/conversations?type=abandonment', routes);
    expect(await screen.findByText('No conversations match these filters')).toBeInTheDocument();
  });

  it('apiError__showsRetry', async () => {
    signIn();
    let fail = true;
    stubFetch((c) => {
      if (c.path === '/api/v1/conversations')
        return fail
          ? { status: 503, body: { message: 'dashboard-api is down', code: 'service_unavailable' } }
          : { body: page([conversation()]) };
      return c.path === '/api/v1/saved-views' ? { body: [] } : undefined;
    });
    const user = userEvent.setup();
    renderAt('/conversations', routes);
    expect(await screen.findByText('dashboard-api is down')).toBeInTheDocument();
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Retry' }));
    expect(await screen.findByRole('link', { name: 'conv-1' })).toBeInTheDocument();
  });
});

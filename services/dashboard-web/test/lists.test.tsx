import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import ConversationsPage from '../src/pages/ConversationsPage';
import FailuresPage from '../src/pages/FailuresPage';
import { exportUrl, type ListCount } from '../src/api/lists';
import { formatListCount } from '../src/components/ListTotal';
import { conversation, failure } from './fixtures';
import { page, renderAt, signIn, stubFetch, type Call } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const routes = (
  <>
    <Route path="/conversations" element={<ConversationsPage />} />
    <Route path="/conversations/:id" element={<div>detail page</div>} />
    <Route path="/failures" element={<FailuresPage />} />
  </>
);
const location = () => screen.getByTestId('location').textContent;

function rowsOf(n: number) {
  return Array.from({ length: n }, (_, i) =>
    conversation({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      external_id: `conv-${i}`,
    }),
  );
}

function stubLists(rows = rowsOf(3), count: ListCount = { count: 3, exact: true, method: 'exact', cap: 10000 }) {
  return stubFetch((c) => {
    if (c.path === '/api/v1/conversations') return { body: page(rows) };
    if (c.path === '/api/v1/conversations/count') return { body: count };
    if (c.path === '/api/v1/failures/count') return { body: { ...count, count: 12 } };
    if (c.path === '/api/v1/failures') return { body: page([failure()]) };
    if (c.path === '/api/v1/analytics/failures/trends') return { body: { points: [] } };
    if (c.path.endsWith('/export')) return { body: { exported: true } };
    if (c.path === '/api/v1/saved-views') return { body: [] };
    return undefined;
  });
}

describe('list totals', () => {
  it('formatListCount__exact_atLeast_estimate', () => {
    expect(formatListCount({ count: 1234, exact: true, method: 'exact', cap: 10000 }, 'conversation')).toBe(
      '1,234 conversations',
    );
    expect(formatListCount({ count: 1, exact: true, method: 'exact', cap: 10000 }, 'conversation')).toBe(
      '1 conversation',
    );
    expect(formatListCount({ count: 10000, exact: false, method: 'at_least', cap: 10000 }, 'conversation')).toBe(
      '10,000+ conversations',
    );
    expect(formatListCount({ count: 1_234_567, exact: false, method: 'estimate', cap: 10000 }, 'failure')).toBe(
      '≈1.2M failures',
    );
  });

  it('conversationsHeader__showsTheServerTotal_forTheSameFilters', async () => {
    signIn();
    const calls = stubLists(rowsOf(3), { count: 10000, exact: false, method: 'at_least', cap: 10000 });
    renderAt('/conversations?has_failures=true&q=refund&sort=health', routes);
    expect(await screen.findByTestId('list-total')).toHaveTextContent('10,000+ conversations');
    const countCall = calls.find((c) => c.path === '/api/v1/conversations/count')!;
    expect(countCall.query.get('has_failures')).toBe('true');
    expect(countCall.query.get('q')).toBe('refund');
    // sort and paging do not change a total
    expect(countCall.query.has('sort')).toBe(false);
    expect(countCall.query.has('limit')).toBe(false);
  });

  it('failuresHeader__showsTotal_andExportsTheFilteredFeed', async () => {
    signIn();
    const calls = stubLists();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:x'), revokeObjectURL: vi.fn() }));
    renderAt('/failures?status=resolved&severity=high', routes);
    expect(await screen.findByTestId('list-total')).toHaveTextContent('12 failures');
    await userEvent.click(screen.getByRole('button', { name: /Export/ }));
    await userEvent.click(screen.getByRole('menuitem', { name: /JSON Lines/ }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const exp = calls.find((c) => c.path === '/api/v1/failures/export')!;
    expect(Object.fromEntries(exp.query)).toMatchObject({ format: 'jsonl', status: 'resolved', severity: 'high' });
    expect(exp.headers.Authorization).toBe('Bearer test-token');
    click.mockRestore();
  });
});

describe('export', () => {
  it('exportUrl__keepsFiltersAndSort_dropsPaging', () => {
    const url = new URL(
      exportUrl('conversations', 'csv', { has_failures: true, q: 'a b', sort: 'health', limit: 50, cursor: 'x' }),
      'http://h',
    );
    expect(url.pathname).toBe('/api/v1/conversations/export');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      has_failures: 'true',
      q: 'a b',
      sort: 'health',
      format: 'csv',
    });
  });

  it('exportMenu__csv__downloadsTheCurrentFilteredList', async () => {
    signIn();
    const calls = stubLists();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: vi.fn(() => 'blob:csv'), revokeObjectURL: vi.fn() }));
    renderAt('/conversations?env=staging&type=agent_refusal', routes);
    await screen.findByRole('link', { name: 'conv-0' });
    const button = screen.getByRole('button', { name: /Export/ });
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    await userEvent.click(button);
    const menu = screen.getByRole('menu');
    await userEvent.click(within(menu).getByRole('menuitem', { name: /CSV/ }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    const downloaded = click.mock.contexts[0] as HTMLAnchorElement;
    const exp = calls.find((c) => c.path === '/api/v1/conversations/export')!;
    expect(Object.fromEntries(exp.query)).toMatchObject({
      format: 'csv',
      environment: 'staging',
      type: 'agent_refusal',
    });
    expect(exp.query.has('limit')).toBe(false);
    expect(downloaded.href).toBe('blob:csv');
    expect(downloaded.download).toBe('sensei-conversations.csv');
    expect(await screen.findByText(/Exported sensei-conversations.csv/)).toBeInTheDocument();
    click.mockRestore();
  });

  it('exportMenu__serverRefusal__showsTheError', async () => {
    signIn();
    stubFetch((c) => {
      if (c.path === '/api/v1/conversations') return { body: page(rowsOf(1)) };
      if (c.path.endsWith('/export'))
        return { status: 400, body: { message: 'q: must be at most 200 characters', code: 'bad_request' } };
      return undefined;
    });
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-0' });
    await userEvent.click(screen.getByRole('button', { name: /Export/ }));
    await userEvent.click(screen.getByRole('menuitem', { name: /CSV/ }));
    expect(await screen.findByText(/Export failed: q: must be at most 200 characters/)).toBeInTheDocument();
  });
});

describe('keyboard shortcuts', () => {
  it('slash__focusesSearch_andTypingThereFiresNoShortcut', async () => {
    signIn();
    stubLists();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-0' });
    await userEvent.keyboard('/');
    const search = screen.getByLabelText('Search');
    expect(search).toHaveFocus();
    await userEvent.keyboard('jjo');
    expect(search).toHaveValue('jjo');
    expect(document.querySelector('tr.row-focused')).toBeNull();
    expect(location()).toBe('/conversations');
  });

  it('jk__moveTheRowFocus_and_o__opensIt', async () => {
    signIn();
    stubLists();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-0' });
    await userEvent.keyboard('j');
    await waitFor(() => expect(screen.getByRole('link', { name: 'conv-0' })).toHaveFocus());
    expect(screen.getByRole('link', { name: 'conv-0' }).closest('tr')).toHaveClass('row-focused');
    await userEvent.keyboard('jjj');
    // clamped at the last row
    await waitFor(() => expect(screen.getByRole('link', { name: 'conv-2' })).toHaveFocus());
    await userEvent.keyboard('k');
    await waitFor(() => expect(screen.getByRole('link', { name: 'conv-1' })).toHaveFocus());
    await userEvent.keyboard('o');
    expect(location()).toBe('/conversations/00000000-0000-4000-8000-000000000001');
  });

  it('questionMark__opensTheHelp_escapeClosesIt', async () => {
    signIn();
    stubLists();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-0' });
    fireEvent.keyDown(document.body, { key: '?' });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText('Open the focused row')).toBeInTheDocument();
    // the conversation rows neither expand nor select
    expect(within(dialog).queryByText(/Select or unselect/)).toBeNull();
    // j while the help is open does not move the list
    fireEvent.keyDown(document.body, { key: 'j' });
    expect(document.querySelector('tr.row-focused')).toBeNull();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByText('Open the focused row')).toBeNull();
  });

  it('modifiedKeys__areLeftToTheBrowser', async () => {
    signIn();
    stubLists();
    renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-0' });
    fireEvent.keyDown(document.body, { key: 'j', ctrlKey: true });
    fireEvent.keyDown(document.body, { key: '/', metaKey: true });
    expect(document.querySelector('tr.row-focused')).toBeNull();
    expect(screen.getByLabelText('Search')).not.toHaveFocus();
  });
});

/** jsdom lays nothing out: give the list's scroll container a 600 px viewport */
function listViewport() {
  return vi.spyOn(Element.prototype, 'clientHeight', 'get').mockImplementation(function (this: Element) {
    return this.classList.contains('list-scroll') ? 600 : 0;
  });
}

describe('virtualised rows', () => {
  it('pastTwoHundredRows__onlyAWindowIsInTheDom_withTableSemantics', async () => {
    signIn();
    stubLists(rowsOf(300), { count: 300, exact: true, method: 'exact', cap: 10000 });
    const height = listViewport();
    const { container } = renderAt('/conversations', routes);
    await screen.findByTestId('list-total');
    await waitFor(() => expect(container.querySelectorAll('tbody tr[data-index]').length).toBeGreaterThan(0));
    const rendered = container.querySelectorAll('tbody tr[data-index]');
    // 600 px of ~57 px rows plus the overscan either side
    expect(rendered.length).toBeLessThan(40);
    expect(screen.getByRole('table')).toHaveAttribute('aria-rowcount', '301');
    for (const tr of rendered) {
      expect(tr.getAttribute('aria-rowindex')).toBe(String(Number(tr.getAttribute('data-index')) + 2));
    }
    // the spacer keeps the scroll height of the rows not rendered
    const spacer = container.querySelector('tbody tr.spacer td') as HTMLElement;
    expect(spacer).not.toBeNull();
    expect(parseInt(spacer.style.height, 10)).toBeGreaterThan(200 * 40);
    height.mockRestore();
  }, 20_000);

  it('underTheThreshold__everyRowRenders', async () => {
    signIn();
    stubLists(rowsOf(150));
    const { container } = renderAt('/conversations', routes);
    await screen.findByRole('link', { name: 'conv-149' }, { timeout: 10_000 });
    expect(container.querySelectorAll('tbody tr[data-index]')).toHaveLength(150);
    expect(screen.getByRole('table')).not.toHaveAttribute('aria-rowcount');
    expect(container.querySelector('tbody tr.spacer')).toBeNull();
  }, 20_000);
});

function failuresOf(n: number) {
  return Array.from({ length: n }, (_, i) =>
    failure({
      id: `f0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      conversation_id: `c0000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      conversation_external_id: `fconv-${i}`,
    }),
  );
}

function stubFailures(items = failuresOf(3)) {
  return stubFetch((c) => {
    if (c.path === '/api/v1/failures') return { body: page(items) };
    if (c.path === '/api/v1/failures/count')
      return { body: { count: items.length, exact: true, method: 'exact', cap: 10000 } };
    if (c.path === '/api/v1/analytics/failures/trends') return { body: { points: [] } };
    if (/^\/api\/v1\/failures\/[^/]+\/notes$/.test(c.path)) return { body: [] };
    return undefined;
  });
}

describe('failures list: virtualised rows and shortcuts', () => {
  it('pastTwoHundredFailures__onlyAWindowIsInTheDom_andExpansionKeepsTheRowIndexes', async () => {
    signIn();
    stubFailures(failuresOf(300));
    const height = listViewport();
    const { container } = renderAt('/failures?status=all', routes);
    await waitFor(() => expect(container.querySelectorAll('tbody[data-index]').length).toBeGreaterThan(0));
    const items = () => [...container.querySelectorAll('tbody[data-index]')];
    expect(items().length).toBeLessThan(40);
    const table = screen.getByRole('table');
    expect(table).toHaveAttribute('aria-rowcount', '301');
    for (const item of items()) {
      expect(item.querySelector('tr')!.getAttribute('aria-rowindex')).toBe(
        String(Number(item.getAttribute('data-index')) + 2),
      );
    }
    const spacer = container.querySelector('tbody tr.spacer td') as HTMLElement;
    expect(parseInt(spacer.style.height, 10)).toBeGreaterThan(200 * 40);

    // expanding the first failure adds its detail row inside the same measured item, and one row to the count
    fireEvent.click(within(items()[0] as HTMLElement).getByRole('button', { name: /Show details and notes/ }));
    const detail = await screen.findByText('this is useless');
    expect(detail.closest('tbody')).toBe(items()[0]);
    expect(detail.closest('tr')).toHaveAttribute('aria-rowindex', '3');
    expect(table).toHaveAttribute('aria-rowcount', '302');
    expect(items()[1].querySelector('tr')).toHaveAttribute('aria-rowindex', '4');
    height.mockRestore();
  }, 20_000);

  it('underTheThreshold__everyFailureRenders_withoutRowCount', async () => {
    signIn();
    stubFailures(failuresOf(120));
    const { container } = renderAt('/failures', routes);
    await screen.findByRole('link', { name: 'fconv-119' }, { timeout: 10_000 });
    expect(container.querySelectorAll('tbody[data-index]')).toHaveLength(120);
    expect(screen.getByRole('table')).not.toHaveAttribute('aria-rowcount');
    expect(container.querySelector('tr.spacer')).toBeNull();
  }, 20_000);

  it('jk__moveTheFocus_o__expands_x__selects_enter__opensTheConversation', async () => {
    signIn();
    stubFailures();
    renderAt('/failures', routes);
    await screen.findByRole('link', { name: 'fconv-0' });
    await userEvent.keyboard('jj');
    await waitFor(() => expect(screen.getByRole('link', { name: 'fconv-1' })).toHaveFocus());
    const row = screen.getByRole('link', { name: 'fconv-1' }).closest('tr')!;
    expect(row).toHaveClass('row-focused');
    const expand = within(row).getByRole('button', { name: /details and notes/ });
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    await userEvent.keyboard('o');
    expect(expand).toHaveAttribute('aria-expanded', 'true');
    expect(await screen.findByText('this is useless')).toBeInTheDocument();
    await userEvent.keyboard('o');
    expect(expand).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByText('this is useless')).toBeNull();

    await userEvent.keyboard('x');
    expect(within(row).getByRole('checkbox')).toBeChecked();
    expect(screen.getByRole('link', { name: 'fconv-0' }).closest('tr')!.querySelector('input')).not.toBeChecked();
    expect(row).toHaveClass('selected');
    await userEvent.keyboard('x');
    expect(within(row).getByRole('checkbox')).not.toBeChecked();

    await userEvent.keyboard('k');
    await waitFor(() => expect(screen.getByRole('link', { name: 'fconv-0' })).toHaveFocus());
    await userEvent.keyboard('{Enter}');
    expect(location()).toBe('/conversations/c0000000-0000-4000-8000-000000000000');
  });

  it('slash__focusesTheFilters_andQuestionMark__listsTheFailureShortcuts', async () => {
    signIn();
    stubFailures();
    renderAt('/failures', routes);
    await screen.findByRole('link', { name: 'fconv-0' });
    await userEvent.keyboard('/');
    expect(screen.getByLabelText('Status')).toHaveFocus();
    // j in a focused select belongs to the select
    fireEvent.keyDown(screen.getByLabelText('Status'), { key: 'j' });
    expect(document.querySelector('tr.row-focused')).toBeNull();
    screen.getByLabelText('Status').blur();
    await userEvent.keyboard('j');
    await waitFor(() => expect(screen.getByRole('link', { name: 'fconv-0' })).toHaveFocus());
    fireEvent.keyDown(document.body, { key: '?' });
    const dialog = await screen.findByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(dialog).getByText("Show or hide the focused failure's details and notes")).toBeInTheDocument();
    expect(within(dialog).getByText("Open the focused failure's conversation")).toBeInTheDocument();
    expect(within(dialog).getByText('Select or unselect the focused row')).toBeInTheDocument();
    expect(within(dialog).getByText('Focus the filters')).toBeInTheDocument();
    // x while the help is open selects nothing
    fireEvent.keyDown(document.body, { key: 'x' });
    expect(screen.getByRole('link', { name: 'fconv-0' }).closest('tr')!.querySelector('input')).not.toBeChecked();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Close' }));
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});

export type { Call };

import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { MemoryRouter, Route, Routes } from 'react-router';
import ConversationDetailPage from '../src/pages/ConversationDetailPage';
import { MessageBody, isLong } from '../src/pages/conversations/MessageBody';
import { highlightHtml, renderMarkdown } from '../src/lib/markdown';
import { formatDateTimeTz, formatDayTz, formatTimeTz, timeTitle } from '../src/lib/dates';
import { buildConversationExport, exportFileName } from '../src/api/conversationExport';
import { ToastProvider } from '../src/components/Toast';
import { conversation, message } from './fixtures';
import { LocationProbe, page, signIn, stubFetch, type Call } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const XSS = [
  '<script>window.__xss = 1</script>',
  '<img src=x onerror="window.__xss = 1">',
  '<iframe src="javascript:window.__xss=1"></iframe>',
  '[click](javascript:window.__xss=1)',
  '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '<a href="https://example.com" onclick="window.__xss=1">x</a>',
  '<svg onload="window.__xss=1"><circle /></svg>',
  '![pixel](https://tracker.example/p.gif)',
  '<div style="background:url(javascript:alert(1))" onmouseover="alert(1)">hover</div>',
  '```html\n<script>alert(1)</script>\n```',
];

describe('markdown', () => {
  it('rendersCodeBlocksListsAndLinks_withSafeRel', () => {
    const html = renderMarkdown(
      'Try **this**:\n\n```js\nconst a = 1;\n```\n\n- one\n- two\n\nSee [docs](https://example.com/d)',
    );
    const el = document.createElement('div');
    el.innerHTML = html;
    expect(el.querySelector('pre > code.language-js')?.textContent).toBe('const a = 1;\n');
    expect(el.querySelectorAll('li')).toHaveLength(2);
    expect(el.querySelector('strong')?.textContent).toBe('this');
    const a = el.querySelector('a')!;
    expect(a.getAttribute('href')).toBe('https://example.com/d');
    expect(a.getAttribute('rel')).toBe('noopener noreferrer nofollow ugc');
    expect(a.getAttribute('target')).toBe('_blank');
  });

  it.each(XSS)('neverEmitsScriptIframeHandlersOrScriptUrls: %s', (payload) => {
    const el = document.createElement('div');
    el.innerHTML = renderMarkdown(`before ${payload} after`);
    expect(el.querySelectorAll('script, iframe, img, svg, object, embed, style, div')).toHaveLength(0);
    for (const node of el.querySelectorAll('*')) {
      for (const attr of node.getAttributeNames()) {
        expect(attr.startsWith('on')).toBe(false);
        expect(attr).not.toBe('style');
      }
      expect(node.getAttribute('href') ?? '').not.toMatch(/^\s*(javascript|data|vbscript):/i);
    }
    // written HTML is shown as text, not dropped: the reader sees what was sent
    if (payload.startsWith('<script')) expect(el.textContent).toContain('<script>window.__xss = 1</script>');
  });

  it('highlightsExcerptsInTextNodesOnly', () => {
    const html = highlightHtml(renderMarkdown('this is **useless**, get me a human'), ['get me a human', 'href']);
    const el = document.createElement('div');
    el.innerHTML = html;
    expect(el.querySelector('mark.excerpt')?.textContent).toBe('get me a human');
    expect(el.querySelectorAll('mark')).toHaveLength(1);
  });
});

describe('collapse', () => {
  it('longByCharactersOrLines', () => {
    expect(isLong('x'.repeat(1200))).toBe(false);
    expect(isLong('x'.repeat(1201))).toBe(true);
    expect(isLong(Array.from({ length: 12 }, () => 'l').join('\n'))).toBe(false);
    expect(isLong(Array.from({ length: 13 }, () => 'l').join('\n'))).toBe(true);
  });

  it('showMoreTogglesWithAriaExpanded_shortTextHasNoButton', async () => {
    const { rerender } = render(<MessageBody content={'word '.repeat(400)} excerpts={[]} />);
    const button = screen.getByRole('button', { name: /Show more/ });
    expect(button).toHaveAttribute('aria-expanded', 'false');
    const body = document.getElementById(button.getAttribute('aria-controls')!)!;
    expect(body).toHaveClass('collapsed');
    await userEvent.click(button);
    expect(screen.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
    expect(body).not.toHaveClass('collapsed');
    await userEvent.click(screen.getByRole('button', { name: 'Show less' }));
    expect(body).toHaveClass('collapsed');
    rerender(<MessageBody content="short" excerpts={[]} />);
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('opensWhenAskedFromOutside_evidenceJump', () => {
    render(<MessageBody content={'word '.repeat(400)} excerpts={[]} expand />);
    expect(screen.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');
  });
});

describe('dates with zone', () => {
  const iso = '2026-12-01T20:04:05Z';
  it('showsDateTimeAndUtcOffset', () => {
    expect(formatDateTimeTz(iso, 'Europe/Berlin')).toMatch(/2026/);
    expect(formatDateTimeTz(iso, 'Europe/Berlin')).toMatch(/21:04:05/);
    expect(formatDateTimeTz(iso, 'Europe/Berlin')).toMatch(/UTC\+1$/);
    expect(formatTimeTz(iso, 'Asia/Kolkata')).toMatch(/^01:34:05 UTC\+5:30$/);
    expect(formatTimeTz(iso, 'UTC')).toMatch(/^20:04:05 UTC$/);
    // the calendar day is the viewer's: already 2 Dec in Tokyo
    expect(formatDayTz(iso, 'Asia/Tokyo')).toMatch(/2/);
    expect(formatDayTz(iso, 'Asia/Tokyo')).not.toEqual(formatDayTz(iso, 'America/New_York'));
    expect(formatDateTimeTz('nonsense')).toBe('—');
  });
  it('titleAddsZoneNameAndRelative', () => {
    const t = timeTitle(iso, 'Europe/Berlin', Date.parse(iso) + 3 * 3600_000);
    expect(t).toMatch(/UTC\+1 \(Europe\/Berlin\) · 3 hours ago$/);
  });
});

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const C = 'cccccccc-0000-4000-8000-000000000003';

function stubConversations(opts: { listPages?: Record<string, string[]> } = {}) {
  const detail = (id: string) => ({
    ...conversation({ id, external_id: `ext-${id.slice(0, 1)}` }),
    metadata: {},
    ended_at: null,
    ended_reason: null,
    health_version: null,
    scored_at: null,
    sentiment_min: null,
    sentiment_last: null,
    sentiment_trend: null,
    created_at: '2025-01-01T10:00:00Z',
  });
  return stubFetch((c: Call) => {
    const m = c.path.match(/^\/api\/v1\/conversations\/([^/]+)(\/\w+)?$/);
    if (c.path === '/api/v1/conversations') {
      const key = c.query.get('cursor') ?? '';
      const pages = opts.listPages ?? { '': [A, B, C] };
      const ids = pages[key] ?? [];
      const nextKey = Object.keys(pages).find((k) => k !== '' && k === `p${Number(key.slice(1) || 0) + 1}`);
      return {
        body: page(
          ids.map((id) => conversation({ id })),
          nextKey ?? null,
        ),
      };
    }
    if (!m) return undefined;
    const [, id, sub] = m;
    if (!sub) return { body: detail(id) };
    if (sub === '/messages') {
      // three pages: the export must read them all, in order
      const cursor = c.query.get('cursor');
      if (!cursor) return { body: page([message({ id: 1, content: 'first' })], 'c1') };
      if (cursor === 'c1') return { body: page([message({ id: 2, role: 'assistant', content: 'second' })], 'c2') };
      return { body: page([message({ id: 3, content: 'third' })]) };
    }
    if (sub === '/health')
      return {
        body: {
          conversation_id: id,
          scored: false,
          score: null,
          version: null,
          scored_at: null,
          summary: null,
          components: [],
        },
      };
    if (sub === '/failures' || sub === '/feedback') return { body: [] };
    return undefined;
  });
}

function renderDetail(entry: { pathname: string; state?: unknown }) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
  return render(
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <MemoryRouter initialEntries={[entry]}>
          <Routes>
            <Route path="/conversations/:id" element={<ConversationDetailPage />} />
          </Routes>
          <LocationProbe />
        </MemoryRouter>
      </ToastProvider>
    </QueryClientProvider>,
  );
}

describe('previous / next', () => {
  it('followsTheListItCameFrom_filtersAndOrderIncluded', async () => {
    signIn();
    const calls = stubConversations();
    renderDetail({ pathname: `/conversations/${B}`, state: { listSearch: 'sort=health&has_failures=true' } });
    const nav = await screen.findByRole('navigation', { name: 'Conversation list navigation' });
    expect(await within(nav).findByText('#2 in this list')).toBeInTheDocument();
    const listCall = calls.find((c) => c.path === '/api/v1/conversations')!;
    expect(listCall.query.get('sort')).toBe('health');
    expect(listCall.query.get('order')).toBe('asc');
    expect(listCall.query.get('has_failures')).toBe('true');
    expect(screen.getByRole('link', { name: 'Conversations' })).toHaveAttribute(
      'href',
      '/conversations?sort=health&has_failures=true',
    );
    await userEvent.click(within(nav).getByRole('link', { name: /Next/ }));
    expect(screen.getByTestId('location')).toHaveTextContent(`/conversations/${C}`);
    expect(await within(nav).findByText('#3 in this list')).toBeInTheDocument();
    expect(within(nav).getByRole('button', { name: /Next/ })).toBeDisabled();
    // the keyboard goes back: "[" is previous
    await userEvent.keyboard('[[');
    expect(screen.getByTestId('location')).toHaveTextContent(`/conversations/${B}`);
    await userEvent.keyboard('k');
    expect(screen.getByTestId('location')).toHaveTextContent(`/conversations/${A}`);
    expect(within(nav).getByRole('button', { name: /Previous/ })).toBeDisabled();
  });

  it('withoutAList_fallsBackToTheDefaultOrder_andPagesOnToFindIt', async () => {
    signIn();
    const calls = stubConversations({ listPages: { '': [A], p1: [B], p2: [C] } });
    renderDetail({ pathname: `/conversations/${B}` });
    const nav = await screen.findByRole('navigation', { name: 'Conversation list navigation' });
    await waitFor(() => expect(nav.textContent).toContain('#2 in the conversation list'), { timeout: 3000 });
    const listCalls = calls.filter((c) => c.path === '/api/v1/conversations');
    expect(listCalls[0].query.get('sort')).toBe('last_activity');
    expect(listCalls[0].query.get('order')).toBe('desc');
    // page 2 held B, page 3 was needed to know what comes after it
    expect(listCalls.map((c) => c.query.get('cursor'))).toEqual([null, 'p1', 'p2']);
    expect(within(nav).getByRole('link', { name: /Previous/ })).toHaveAttribute('href', `/conversations/${A}`);
    expect(within(nav).getByRole('link', { name: /Next/ })).toHaveAttribute('href', `/conversations/${C}`);
  });
});

describe('copy link and export', () => {
  it('copyLink__putsTheDetailUrlOnTheClipboard', async () => {
    signIn();
    stubConversations();
    const user = userEvent.setup();
    renderDetail({ pathname: `/conversations/${A}` });
    await user.click(await screen.findByRole('button', { name: 'Copy link' }));
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/conversations/${A}`);
    expect(await screen.findByText('Link copied')).toBeInTheDocument();
  });

  it('export__readsEveryMessagePage_inOrder_withTheSameMaskingAsThePage', async () => {
    signIn();
    const calls = stubConversations();
    const data = await buildConversationExport(A, false, new Date('2026-12-01T00:00:00Z'));
    expect(data.messages.map((m) => m.content)).toEqual(['first', 'second', 'third']);
    expect(data).toMatchObject({
      format: 'sensei.conversation.v1',
      revealed: false,
      exported_at: '2026-12-01T00:00:00.000Z',
    });
    expect(data.conversation.id).toBe(A);
    expect(calls.filter((c) => c.path.endsWith('/messages')).every((c) => c.query.get('reveal') === null)).toBe(true);
    await buildConversationExport(A, true);
    const revealed = calls.filter((c) => c.query.get('reveal') === 'true').map((c) => c.path.split('/').pop());
    expect(new Set(revealed)).toEqual(new Set(['messages', 'feedback']));
    expect(exportFileName('a/b c:d')).toBe('conversation-a_b_c_d.json');
  });

  it('exportButton__downloadsAJsonFile', async () => {
    signIn();
    stubConversations();
    const created: Blob[] = [];
    vi.stubGlobal(
      'URL',
      Object.assign(URL, { createObjectURL: (b: Blob) => (created.push(b), 'blob:x'), revokeObjectURL: () => {} }),
    );
    const clicked: string[] = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    renderDetail({ pathname: `/conversations/${A}` });
    await screen.findByText('ext-a', { selector: 'h1' });
    await userEvent.click(screen.getByRole('button', { name: 'Export JSON' }));
    await waitFor(() => expect(clicked).toEqual(['conversation-ext-a.json']));
    const json = JSON.parse(await created[0].text());
    expect(json.messages.map((m: { id: number }) => m.id)).toEqual([1, 2, 3]);
    expect(await screen.findByText('Exported 3 messages')).toBeInTheDocument();
    click.mockRestore();
  });
});

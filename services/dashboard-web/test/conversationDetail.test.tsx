import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import ConversationDetailPage from '../src/pages/ConversationDetailPage';
import { evidenceIndex, findEvidenceMessage } from '../src/pages/conversations/evidence';
import { tokenRole } from '../src/pages/conversations/reveal';
import { conversation, failure, message } from './fixtures';
import { envelope, page, renderAt, signIn, stubFetch } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const CID = '11111111-1111-4111-8111-111111111111';

/** A message paragraph by its whole text (Markdown autolinks an email address, splitting the text across nodes). */
const paragraph = (text: string) => (_: string, el: Element | null) => el?.tagName === 'P' && el.textContent === text;
const msgs = [
  message({ id: 10, external_id: 'm1', role: 'user', content: 'My order never arrived', sentiment_score: -0.4 }),
  message({
    id: 11,
    external_id: 'm2',
    role: 'assistant',
    content: 'Sorry to hear that! Let me check.',
    latency_ms: 2300,
    sentiment_score: 0.3,
  }),
  message({
    id: 12,
    external_id: 'm3',
    role: 'user',
    content: 'Honestly this is useless, get me a human',
    sentiment_score: -0.8,
  }),
];

describe('evidence mapping', () => {
  it('findsMessageByExternalId_thenNumericId_thenIndex', () => {
    expect(findEvidenceMessage(msgs, 'm2', null)?.id).toBe(11);
    expect(findEvidenceMessage(msgs, '12', null)?.id).toBe(12);
    expect(findEvidenceMessage(msgs, null, 0)?.id).toBe(10);
    expect(findEvidenceMessage(msgs, 'unknown', 9)).toBeUndefined();
  });

  it('indexesMessagesPerFailure', () => {
    const idx = evidenceIndex(msgs, [
      failure(),
      failure({
        id: 'f2',
        type: 'escalation_request',
        evidence: [{ message_id: '12', message_index: null, excerpt: 'get me a human' }],
      }),
    ]);
    expect(idx.count).toBe(1);
    expect(idx.byMessage.get(12)?.map((x) => x.failure.type)).toEqual(['user_frustration', 'escalation_request']);
    expect(idx.anchorsByFailure.get('f2')?.[0]).toMatchObject({ anchor: 'msg-12', label: 'Message 3 (user)' });
  });
});

function stubDetail(statusReply: () => { status?: number; body?: unknown }) {
  return stubFetch((c) => {
    if (c.path === `/api/v1/conversations/${CID}`)
      return {
        body: {
          ...conversation(),
          metadata: {},
          ended_at: null,
          ended_reason: 'client',
          health_version: 'v1',
          scored_at: '2025-01-01T10:06:00Z',
          sentiment_min: -0.8,
          sentiment_last: -0.8,
          sentiment_trend: -0.4,
          created_at: '2025-01-01T10:00:00Z',
        },
      };
    if (c.path === `/api/v1/conversations/${CID}/messages`) return { body: page(msgs) };
    if (c.path === `/api/v1/conversations/${CID}/health`)
      return {
        body: {
          conversation_id: CID,
          scored: true,
          score: 42,
          version: 'v1',
          scored_at: '2025-01-01T10:06:00Z',
          summary: 'Frustrated user, no resolution.',
          components: [
            { name: 'sentiment_trajectory', score: 20, weight: 0.3, reason: 'Sentiment fell from -0.4 to -0.8.' },
            { name: 'failures', score: 30, weight: 0.3, reason: 'One high-severity failure.' },
          ],
        },
      };
    if (c.path === `/api/v1/conversations/${CID}/failures`) return { body: [failure()] };
    if (c.path === '/api/v1/failures/f0000000-0000-4000-8000-000000000001' && c.method === 'PATCH')
      return statusReply();
    return undefined;
  });
}

describe('conversation detail', () => {
  it('showsTimelineHealthBreakdownAndHighlightedEvidence', async () => {
    signIn();
    stubDetail(() => ({ body: {} }));
    renderAt(`/conversations/${CID}`, <Route path="/conversations/:id" element={<ConversationDetailPage />} />);
    const timeline = await screen.findByRole('list', { name: 'Message timeline' });
    const items = within(timeline).getAllByRole('listitem');
    expect(items).toHaveLength(3);
    expect(items[2]).toHaveAccessibleName('user message 3, failure evidence');
    expect(items[2]).toHaveClass('evidence');
    expect(items[0]).not.toHaveClass('evidence');
    expect(items[2].querySelector('mark')).toHaveTextContent('this is useless');
    expect(within(items[1]).getByText('2.3 s')).toBeInTheDocument();
    expect(within(items[0]).getByText(/Negative \(-0.40\)/)).toBeInTheDocument();

    expect(await screen.findByText('Sentiment fell from -0.4 to -0.8.')).toBeInTheDocument();
    expect(screen.getByRole('img', { name: 'Sentiment trajectory: 20 of 100' })).toBeInTheDocument();
    expect(screen.getByText('Frustrated user, no resolution.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Message 3 (user)' })).toBeInTheDocument();
  });

  it('resolve__updatesOptimistically_beforeServerAnswers', async () => {
    signIn();
    let release: (v: { body: unknown }) => void = () => undefined;
    const calls = stubDetail(() => new Promise((r) => (release = r)) as never);
    const user = userEvent.setup();
    renderAt(`/conversations/${CID}`, <Route path="/conversations/:id" element={<ConversationDetailPage />} />);
    const card = await screen.findByRole('article', { name: 'User frustration failure' });
    expect(within(card).getByText('Open')).toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Resolve user frustration' }));
    // the server has not answered yet, the card already shows the new status
    expect(within(card).getByText('Resolved')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'PATCH')!.body).toEqual({ status: 'resolved' });
    release({ body: failure({ status: 'resolved' }) });
  });

  it('statusChange__whenServerRefuses__rollsBack', async () => {
    signIn();
    stubDetail(() => ({ status: 409, body: envelope('failure changed meanwhile', 'conflict') }));
    const user = userEvent.setup();
    renderAt(`/conversations/${CID}`, <Route path="/conversations/:id" element={<ConversationDetailPage />} />);
    const card = await screen.findByRole('article', { name: 'User frustration failure' });
    await user.click(within(card).getByRole('button', { name: 'Acknowledge user frustration' }));
    expect(await screen.findByText(/Could not change the status: failure changed meanwhile/)).toBeInTheDocument();
    await waitFor(() => expect(within(card).getByText('Open')).toBeInTheDocument());
  });

  it('unknownConversation__saysNotFound', async () => {
    signIn();
    stubFetch(() => undefined);
    renderAt(`/conversations/${CID}`, <Route path="/conversations/:id" element={<ConversationDetailPage />} />);
    expect(await screen.findByText('Conversation not found')).toBeInTheDocument();
  });

  it.each([false, true])('transcript__masked_revealForAdmins_refusedRevealSaysSo (refused: %s)', async (refuse) => {
    signIn();
    const masked = [message({ id: 20, external_id: 'p1', role: 'user', content: 'mail j***@example.com' })];
    const clear = [message({ id: 20, external_id: 'p1', role: 'user', content: 'mail jane@example.com' })];
    const calls = stubFetch((c) => {
      if (c.path === `/api/v1/conversations/${CID}`)
        return {
          body: {
            ...conversation(),
            metadata: {},
            ended_at: null,
            ended_reason: null,
            health_version: null,
            scored_at: null,
            sentiment_min: null,
            sentiment_last: null,
            sentiment_trend: null,
            created_at: '2025-01-01T10:00:00Z',
          },
        };
      if (c.path === `/api/v1/conversations/${CID}/messages`) {
        if (c.query.get('reveal') !== 'true') return { body: page(masked) };
        return refuse
          ? { status: 403, body: envelope('revealing a transcript needs the admin role', 'forbidden') }
          : { body: page(clear) };
      }
      if (c.path === `/api/v1/conversations/${CID}/health`)
        return {
          body: {
            conversation_id: CID,
            scored: false,
            score: null,
            version: null,
            scored_at: null,
            summary: null,
            components: [],
          },
        };
      if (c.path === `/api/v1/conversations/${CID}/failures`) return { body: [] };
      return undefined;
    });
    renderAt(`/conversations/${CID}`, <Route path="/conversations/:id" element={<ConversationDetailPage />} />);
    expect(await screen.findByText(paragraph('mail j***@example.com'))).toBeInTheDocument();
    expect(screen.queryByText(paragraph('mail jane@example.com'))).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    if (refuse) {
      // a viewer (the server decides the role): the masked text stays, the button goes, the reason is shown
      expect(await screen.findByText(/only admins can reveal it/)).toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Reveal' })).not.toBeInTheDocument();
      expect(screen.getByText(paragraph('mail j***@example.com'))).toBeInTheDocument();
      return;
    }
    expect(await screen.findByText(paragraph('mail jane@example.com'))).toBeInTheDocument();
    expect(screen.getByText(/recorded in the audit log/)).toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith('/messages') && c.query.get('reveal') === 'true')).toBe(true);

    await userEvent.click(screen.getByRole('button', { name: 'Mask personal data' }));
    expect(await screen.findByText(paragraph('mail j***@example.com'))).toBeInTheDocument();
  });

  it('tokenRole__readsTheSenseiRoleClaim_orNothing', async () => {
    // header.payload.signature with app_metadata.sensei_role = viewer
    const payload = btoa(JSON.stringify({ sub: 'v', app_metadata: { sensei_role: 'viewer' } })).replace(/=+$/, '');
    expect(tokenRole(`x.${payload}.y`)).toBe('viewer');
    expect(tokenRole('test-token')).toBeNull();
  });
});

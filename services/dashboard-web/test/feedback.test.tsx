import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route } from 'react-router';
import type { FeedbackView } from '../src/api/types';
import ConversationDetailPage from '../src/pages/ConversationDetailPage';
import ConversationsPage from '../src/pages/ConversationsPage';
import OverviewPage from '../src/pages/OverviewPage';
import { feedbackIndex, feedbackLabel } from '../src/pages/conversations/feedback';
import { conversation, message } from './fixtures';
import { page, renderAt, signIn, stubFetch, type Call } from './helpers';

afterEach(() => vi.unstubAllGlobals());

const CID = '11111111-1111-4111-8111-111111111111';
const msgs = [
  message({ id: 10, external_id: 'm1', role: 'user', content: 'Where is my order?' }),
  message({ id: 11, external_id: 'm2', role: 'assistant', content: 'It was delivered yesterday.' }),
];

function fb(over: Partial<FeedbackView> = {}): FeedbackView {
  return {
    id: 'fb-1',
    kind: 'thumbs',
    value: -1,
    polarity: -1,
    comment: null,
    message_id: 'm2',
    user_id: 'u1',
    given_at: '2025-01-01T10:06:00Z',
    source: 'api',
    ...over,
  };
}

describe('feedback placement', () => {
  it('byMessageExternalId_conversationLevelFirst_unknownMessageOnTop', () => {
    const onM2 = fb({ id: 'a' });
    const whole = fb({ id: 'b', kind: 'rating', value: 2, polarity: -1, message_id: null });
    const elsewhere = fb({ id: 'c', message_id: 'not-loaded' });
    const idx = feedbackIndex(msgs, [onM2, elsewhere, whole]);
    expect(idx.byMessage.get(11)?.map((f) => f.id)).toEqual(['a']);
    expect(idx.byMessage.has(10)).toBe(false);
    expect(idx.top.map((f) => f.id)).toEqual(['b', 'c']);
  });

  it('labels', () => {
    expect(feedbackLabel({ kind: 'thumbs', value: -1 })).toBe('Thumbs down');
    expect(feedbackLabel({ kind: 'thumbs', value: 1 })).toBe('Thumbs up');
    expect(feedbackLabel({ kind: 'rating', value: 4 })).toBe('Rated 4 of 5');
  });
});

function stubDetail(feedback: (c: Call) => { status?: number; body?: unknown }) {
  return stubFetch((c) => {
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
    if (c.path === `/api/v1/conversations/${CID}/messages`) return { body: page(msgs) };
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
    if (c.path === `/api/v1/conversations/${CID}/feedback`) return feedback(c);
    return undefined;
  });
}

describe('feedback on the conversation timeline', () => {
  it('badgeOnTheRatedMessage_withComment_conversationFeedbackOnTop_revealedWithTheTranscript', async () => {
    signIn();
    const list = (comment: string) => [
      fb({
        id: 'whole',
        kind: 'rating',
        value: 2,
        polarity: -1,
        message_id: null,
        user_id: null,
        comment: 'slow overall',
      }),
      fb({ id: 'on-m2', comment }),
    ];
    const calls = stubDetail((c) => ({
      body: list(c.query.get('reveal') === 'true' ? 'mail jane@example.com' : 'mail j***@example.com'),
    }));
    renderAt(`/conversations/${CID}`, <Route path="/conversations/:id" element={<ConversationDetailPage />} />);

    const timeline = await screen.findByRole('list', { name: 'Message timeline' });
    const items = within(timeline).getAllByRole('listitem');
    const onMessage = await within(items[1]).findByLabelText('Feedback on this message');
    expect(within(onMessage).getByLabelText('Thumbs down')).toHaveClass('badge-bad');
    expect(within(onMessage).getByText('mail j***@example.com')).toBeInTheDocument();
    expect(within(onMessage).getByText(/user u1/)).toBeInTheDocument();
    expect(within(items[0]).queryByLabelText('Feedback on this message')).not.toBeInTheDocument();

    const top = screen.getByRole('region', { name: 'Conversation feedback' });
    expect(within(top).getByLabelText('Rated 2 of 5')).toHaveTextContent('2/5');
    expect(within(top).getByText('slow overall')).toBeInTheDocument();
    expect(within(top).getByText(/anonymous/)).toBeInTheDocument();
    expect(within(top).queryByText('mail j***@example.com')).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect(await screen.findByText('mail jane@example.com')).toBeInTheDocument();
    expect(calls.some((c) => c.path.endsWith('/feedback') && c.query.get('reveal') === 'true')).toBe(true);
  });

  it('revealRefusedForFeedback__fallsBackToMasked_andSaysSo', async () => {
    signIn();
    stubDetail((c) =>
      c.query.get('reveal') === 'true'
        ? {
            status: 403,
            body: { message: 'revealing a transcript needs the admin role', code: 'forbidden', details: [] },
          }
        : { body: [fb({ comment: 'mail j***@example.com' })] },
    );
    renderAt(`/conversations/${CID}`, <Route path="/conversations/:id" element={<ConversationDetailPage />} />);
    expect(await screen.findByText('mail j***@example.com')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Reveal' }));
    expect(await screen.findByText(/only admins can reveal it/)).toBeInTheDocument();
    expect(await screen.findByText('mail j***@example.com')).toBeInTheDocument();
  });

  it('noFeedback__noFeedbackBlock', async () => {
    signIn();
    stubDetail(() => ({ body: [] }));
    renderAt(`/conversations/${CID}`, <Route path="/conversations/:id" element={<ConversationDetailPage />} />);
    await screen.findByRole('list', { name: 'Message timeline' });
    expect(screen.queryByRole('region', { name: 'Conversation feedback' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('feedback-item')).not.toBeInTheDocument();
  });
});

describe('negative feedback filter on the conversations list', () => {
  const routes = <Route path="/conversations" element={<ConversationsPage />} />;
  const listCalls = (calls: Call[]) => calls.filter((c) => c.method === 'GET' && c.path === '/api/v1/conversations');

  function stubList() {
    return stubFetch((c) => {
      if (c.path === '/api/v1/conversations')
        return {
          body: page([
            conversation({ feedback: { negative: 2, positive: 1 } }),
            conversation({ id: 'c2', external_id: 'conv-2', feedback: { negative: 0, positive: 0 } }),
          ]),
        };
      if (c.path === '/api/v1/saved-views') return { body: [] };
      return undefined;
    });
  }

  it('fromUrl__shownAndSent_changing__writesUrl_rowsShowCounts', async () => {
    signIn();
    const calls = stubList();
    const user = userEvent.setup();
    renderAt('/conversations?has_negative_feedback=true', routes);
    expect(await screen.findByRole('link', { name: 'conv-1' })).toBeInTheDocument();
    expect(screen.getByLabelText('Feedback')).toHaveValue('true');
    expect(listCalls(calls)[0].query.get('has_negative_feedback')).toBe('true');
    expect(screen.getByLabelText('2 negative, 1 positive feedback')).toHaveTextContent('2 · 1');
    expect(screen.queryByLabelText(/0 negative, 0 positive/)).not.toBeInTheDocument();

    await user.selectOptions(screen.getByLabelText('Feedback'), 'false');
    expect(screen.getByTestId('location').textContent).toBe('/conversations?has_negative_feedback=false');
    await waitFor(() => expect(listCalls(calls).at(-1)!.query.get('has_negative_feedback')).toBe('false'));
    await user.selectOptions(screen.getByLabelText('Feedback'), '');
    expect(screen.getByTestId('location').textContent).toBe('/conversations');
    await waitFor(() => expect(listCalls(calls).at(-1)!.query.has('has_negative_feedback')).toBe(false));
  });
});

describe('feedback KPI on the overview', () => {
  it('showsFeedbackShare_andNegativeShare_withChange', async () => {
    signIn();
    const metric = (current: number, previous: number) => ({
      current,
      previous,
      change: previous ? (current - previous) / previous : null,
    });
    stubFetch((c) => {
      if (c.path === '/api/v1/analytics/summary') {
        return {
          body: {
            from: '2025-01-01T00:00:00Z',
            to: '2025-01-08T00:00:00Z',
            conversations: metric(100, 80),
            messages: metric(600, 500),
            average_health: metric(70, 70),
            failure_rate: metric(0.1, 0.1),
            open_failures: metric(1, 1),
            total_conversations: 100,
            feedback_rate: metric(0.25, 0.2),
            negative_feedback_rate: metric(0.05, 0.1),
          },
        };
      }
      if (c.path === '/api/v1/analytics/health-distribution') return { body: { buckets: [], scored: 0, unscored: 0 } };
      if (c.path === '/api/v1/analytics/failures/trends') return { body: { types: [], points: [] } };
      if (c.path === '/api/v1/analytics/patterns') return { body: { run: null, patterns: [], active_run: null } };
      if (c.path === '/api/v1/conversations') return { body: page([]) };
      return undefined;
    });
    renderAt('/', <Route path="/" element={<OverviewPage />} />);
    const card = await screen.findByRole('region', { name: 'Feedback received' });
    expect(await within(card).findByText('25%')).toBeInTheDocument();
    expect(within(card).getByText('vs 20% before')).toBeInTheDocument();
    const negative = within(card).getByLabelText('negative');
    expect(negative).toHaveTextContent('5% negative');
    // less negative feedback is good
    expect(within(negative).getByText('−50%')).toHaveClass('good');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { feedback as globalFeedback, init, type Sensei, shutdown } from '../src/index.js';
import { acceptAll, type Sink, startSink, testSensei } from './helpers/servers.js';

const sinks: Sink[] = [];
const clients: Sensei[] = [];

async function sink(...args: Parameters<typeof startSink>): Promise<Sink> {
  const s = await startSink(...args);
  sinks.push(s);
  return s;
}

function client(...args: Parameters<typeof testSensei>) {
  const c = testSensei(...args);
  clients.push(c.sensei);
  return c;
}

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.shutdown({ timeoutMs: 50 })));
  await Promise.all(sinks.splice(0).map((s) => s.close()));
});

const feedbackRequests = (s: Sink) => s.requests.filter((r) => r.url === '/api/v1/feedback/batch');
const trackRequests = (s: Sink) => s.requests.filter((r) => r.url === '/api/v1/conversations/track/batch');

describe('feedback()', () => {
  it('feedback__thenFlush__sendsSnakeCaseFeedbackBatchWithBearerKey', async () => {
    const s = await sink();
    const { sensei, errors } = client(s.url, { environment: 'staging' });
    sensei.feedback({
      conversationId: 'conv-1',
      messageId: 'm-2',
      userId: 'u-9',
      kind: 'thumbs',
      value: -1,
      comment: 'wrong answer',
      timestamp: new Date('2024-05-01T10:00:00Z'),
    });
    sensei.feedback({ conversationId: 'conv-1', kind: 'rating', value: 4, environment: 'production' });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(1);
    const r = s.requests[0];
    expect(r.url).toBe('/api/v1/feedback/batch');
    expect(r.headers.authorization).toBe('Bearer sk_test_secret');
    expect(r.body.feedback).toHaveLength(2);
    expect(r.body.feedback[0]).toEqual({
      conversation_id: 'conv-1',
      environment: 'staging',
      message_id: 'm-2',
      user_id: 'u-9',
      kind: 'thumbs',
      value: -1,
      comment: 'wrong answer',
      timestamp: '2024-05-01T10:00:00.000Z',
    });
    expect(r.body.feedback[1]).toMatchObject({
      conversation_id: 'conv-1',
      environment: 'production',
      kind: 'rating',
      value: 4,
    });
    expect(r.body.feedback[1]).not.toHaveProperty('message_id');
    expect(Date.parse(r.body.feedback[1].timestamp)).toBeGreaterThan(Date.now() - 5000);
    expect(sensei.stats()).toEqual({ queued: 0, sent: 2, retried: 0, dropped: 0, failed: 0 });
    expect(errors).toEqual([]);
  });

  it('feedbackBetweenTrackCalls__doesNotSplitTheTrackBatch_andFlushWaitsForBoth', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 10_000 });
    sensei.track({ conversationId: 'c', messages: [{ role: 'user', content: 'a', id: 'm1' }] });
    sensei.feedback({ conversationId: 'c', messageId: 'm1', kind: 'thumbs', value: 1 });
    sensei.track({ conversationId: 'c', messages: [{ role: 'assistant', content: 'b', id: 'm2' }] });
    expect(await sensei.flush()).toBe(true);
    expect(trackRequests(s)).toHaveLength(1);
    expect(trackRequests(s)[0].body.conversations).toHaveLength(1);
    expect(trackRequests(s)[0].body.conversations[0].messages.map((m: { id: string }) => m.id)).toEqual(['m1', 'm2']);
    expect(feedbackRequests(s)).toHaveLength(1);
    // the older head goes first: the track entry was queued before the feedback
    expect(s.requests.map((r) => r.url)).toEqual(['/api/v1/conversations/track/batch', '/api/v1/feedback/batch']);
    expect(sensei.stats()).toMatchObject({ queued: 0, sent: 3 });
  });

  it('manyFeedbackItems__goInRequestsOfAtMost100', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 10_000 });
    for (let i = 0; i < 250; i++) sensei.feedback({ conversationId: `c-${i}`, kind: 'rating', value: (i % 5) + 1 });
    expect(await sensei.flush()).toBe(true);
    expect(feedbackRequests(s).map((r) => r.body.feedback.length)).toEqual([100, 100, 50]);
    expect(
      feedbackRequests(s).flatMap((r) => r.body.feedback.map((f: { conversation_id: string }) => f.conversation_id)),
    ).toEqual(Array.from({ length: 250 }, (_, i) => `c-${i}`));
    expect(sensei.stats()).toMatchObject({ queued: 0, sent: 250 });
  });

  it.each([
    ['no conversation id', { kind: 'thumbs', value: 1 }, /conversationId/],
    ['a too long conversation id', { conversationId: 'x'.repeat(257), kind: 'thumbs', value: 1 }, /conversationId/],
    ['an unknown kind', { conversationId: 'c', kind: 'stars', value: 1 }, /kind must be thumbs or rating/],
    ['a thumbs value of 0', { conversationId: 'c', kind: 'thumbs', value: 0 }, /thumbs value must be -1 or 1/],
    ['a thumbs value as a string', { conversationId: 'c', kind: 'thumbs', value: '1' }, /thumbs value/],
    [
      'a rating of 6',
      { conversationId: 'c', kind: 'rating', value: 6 },
      /rating value must be a whole number from 1 to 5/,
    ],
    ['a rating of 0', { conversationId: 'c', kind: 'rating', value: 0 }, /rating value/],
    ['a rating of 2.5', { conversationId: 'c', kind: 'rating', value: 2.5 }, /rating value/],
    [
      'a comment over 4000 characters',
      { conversationId: 'c', kind: 'thumbs', value: -1, comment: 'x'.repeat(4001) },
      /comment must be a string of at most 4000/,
    ],
    ['a message id that is not a string', { conversationId: 'c', messageId: 7, kind: 'thumbs', value: 1 }, /messageId/],
    ['a too long user id', { conversationId: 'c', userId: 'u'.repeat(257), kind: 'thumbs', value: 1 }, /userId/],
    [
      'a too long environment',
      { conversationId: 'c', environment: 'e'.repeat(65), kind: 'thumbs', value: 1 },
      /environment/,
    ],
    ['a bad timestamp', { conversationId: 'c', kind: 'thumbs', value: 1, timestamp: 'yesterday-ish' }, /timestamp/],
    ['not an object', null, /expects an object/],
  ])('badInput (%s)__isReportedThroughOnError_notThrown_notSent', async (_name, input, reason) => {
    const s = await sink();
    const { sensei, errors } = client(s.url);
    expect(() => sensei.feedback(input as never)).not.toThrow();
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe('invalid_input');
    expect(errors[0].message).toMatch(reason);
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(0);
    expect(sensei.stats()).toMatchObject({ queued: 0, sent: 0, failed: 1 });
  });

  it('edgeValues__areAccepted', async () => {
    const s = await sink();
    const { sensei, errors } = client(s.url);
    sensei.feedback({ conversationId: 'c', kind: 'rating', value: 1 });
    sensei.feedback({ conversationId: 'c', kind: 'rating', value: 5, userId: 'a' });
    sensei.feedback({ conversationId: 'c', kind: 'thumbs', value: 1, userId: 'b', comment: 'é'.repeat(4000) });
    await sensei.flush();
    expect(errors).toEqual([]);
    expect(feedbackRequests(s)[0].body.feedback).toHaveLength(3);
  });

  it('503ThenRetryAfter429__isRetried_untilAccepted', async () => {
    const s = await sink((req, n) =>
      n === 1 ? { status: 503 } : n === 2 ? { status: 429, headers: { 'retry-after': '0' } } : acceptAll(req, n),
    );
    const { sensei, errors } = client(s.url);
    sensei.feedback({ conversationId: 'c', kind: 'thumbs', value: -1 });
    expect(await sensei.flush()).toBe(true);
    expect(feedbackRequests(s)).toHaveLength(3);
    expect(feedbackRequests(s).every((r) => r.raw === feedbackRequests(s)[0].raw)).toBe(true);
    expect(sensei.stats()).toMatchObject({ queued: 0, sent: 1, retried: 2, failed: 0 });
    // one report per outage, not per attempt
    expect(errors.map((e) => e.code)).toEqual(['unavailable']);
  });

  it('wholeBatch400__isReportedOnce_andNotRetried', async () => {
    const s = await sink(() => ({
      status: 400,
      body: {
        message: 'bad',
        code: 'validation_failed',
        details: [{ field: 'feedback[0].value', reason: 'must be -1 or 1' }],
      },
    }));
    const { sensei, errors } = client(s.url);
    sensei.feedback({ conversationId: 'c', kind: 'thumbs', value: 1 });
    sensei.feedback({ conversationId: 'd', kind: 'thumbs', value: 1 });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'rejected', status: 400, count: 2 });
    expect(errors[0].message).toMatch(/2 feedback items/);
    expect(sensei.stats()).toMatchObject({ queued: 0, sent: 0, failed: 2 });
  });

  it('207WithOneItemRejected__othersAreSent_rejectedReportedOnce', async () => {
    const s = await sink((req) => ({
      status: 207,
      body: {
        results: req.body.feedback.map((f: { conversation_id: string }, index: number) =>
          f.conversation_id === 'bad'
            ? {
                index,
                conversation_id: 'bad',
                status: 400,
                error: {
                  message: 'unknown',
                  code: 'validation_failed',
                  details: [{ field: 'message_id', reason: 'too long' }],
                },
              }
            : { index, conversation_id: f.conversation_id, status: 202, event_id: `e-${index}` },
        ),
      },
    }));
    const { sensei, errors } = client(s.url);
    sensei.feedback({ conversationId: 'ok', kind: 'thumbs', value: 1 });
    sensei.feedback({ conversationId: 'bad', kind: 'thumbs', value: 1 });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'rejected', status: 400, conversationId: 'bad', count: 1 });
    expect(errors[0].message).toMatch(/feedback on conversation bad.*message_id: too long/);
    expect(sensei.stats()).toMatchObject({ queued: 0, sent: 1, failed: 1 });
  });

  it('shutdown__flushesQueuedFeedback_laterFeedbackIsDropped', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 10_000 });
    sensei.feedback({ conversationId: 'c', kind: 'rating', value: 2 });
    expect(await sensei.shutdown()).toBe(true);
    expect(feedbackRequests(s)).toHaveLength(1);
    sensei.feedback({ conversationId: 'c', kind: 'rating', value: 3 });
    expect(sensei.stats()).toMatchObject({ queued: 0, sent: 1, dropped: 1 });
  });

  it('queueFull__dropsNewFeedback_andReportsOnce', async () => {
    const s = await sink(() => 'hang');
    const { sensei, errors } = client(s.url, { maxQueueSize: 2, flushIntervalMs: 10_000 });
    for (let i = 0; i < 4; i++) sensei.feedback({ conversationId: `c-${i}`, kind: 'thumbs', value: 1 });
    expect(sensei.stats()).toMatchObject({ queued: 2, dropped: 2 });
    expect(errors.map((e) => e.code)).toEqual(['queue_full']);
  });

  it('globalFeedback__goesThroughTheInitInstance', async () => {
    const s = await sink();
    init({ apiKey: 'sk_test_secret', baseUrl: s.url, captureExit: false, flushIntervalMs: 10 });
    globalFeedback({ conversationId: 'g', kind: 'thumbs', value: 1 });
    expect(await shutdown()).toBe(true);
    expect(feedbackRequests(s)[0].body.feedback[0]).toMatchObject({ conversation_id: 'g', kind: 'thumbs', value: 1 });
  });
});

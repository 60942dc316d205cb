import { afterEach, describe, expect, it } from 'vitest';
import { type Sensei } from '../src/index.js';
import { acceptAll, freePort, type Sink, sleep, startSink, testSensei, waitFor } from './helpers/servers.js';

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

const msg = (content: string, extra: object = {}) => ({ role: 'user' as const, content, ...extra });

describe('wire format', () => {
  it('track__thenFlush__sendsSnakeCaseBatchWithBearerKey', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { environment: 'staging' });
    sensei.track({
      conversationId: 'conv-1',
      userId: 'user-9',
      metadata: { plan: 'pro' },
      ended: true,
      messages: [
        {
          role: 'user',
          content: 'Hello',
          timestamp: new Date('2024-05-01T10:00:00Z'),
          id: 'm-1',
          metadata: { channel: 'web' },
        },
        {
          role: 'assistant',
          content: 'Hi!',
          timestamp: Date.parse('2024-05-01T10:00:02Z'),
          latencyMs: 812.4,
          tokens: 3,
        },
      ],
    });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(1);
    const r = s.requests[0];
    expect(r.method).toBe('POST');
    expect(r.url).toBe('/api/v1/conversations/track/batch');
    expect(r.headers.authorization).toBe('Bearer sk_test_secret');
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.body.conversations).toHaveLength(1);
    const item = r.body.conversations[0];
    expect(item).toMatchObject({
      conversation_id: 'conv-1',
      environment: 'staging',
      user_id: 'user-9',
      metadata: { plan: 'pro' },
      ended: true,
    });
    expect(item.messages[0]).toEqual({
      id: 'm-1',
      role: 'user',
      content: 'Hello',
      timestamp: '2024-05-01T10:00:00.000Z',
      metadata: { channel: 'web' },
    });
    expect(item.messages[1]).toMatchObject({
      role: 'assistant',
      content: 'Hi!',
      timestamp: '2024-05-01T10:00:02.000Z',
      latency_ms: 812,
      tokens: 3,
    });
    expect(item.messages[1].id).toMatch(/^[0-9a-f-]{36}$/);
    expect(sensei.stats()).toEqual({ queued: 0, sent: 2, retried: 0, dropped: 0, failed: 0 });
  });

  it('track__withoutTimestamp__stampsNowAsIsoString', async () => {
    const s = await sink();
    const { sensei } = client(s.url);
    const before = Date.now();
    sensei.track({ conversationId: 'c', messages: [msg('x')] });
    await sensei.flush();
    const ts = s.messages()[0].timestamp;
    expect(ts).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Date.parse(ts)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(ts)).toBeLessThanOrEqual(Date.now());
  });

  it('track__doesNoIoOnTheCallersPath', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { maxBatchSize: 1 });
    sensei.track({ conversationId: 'c', messages: [msg('a'), msg('b')] }); // over the size trigger
    expect(s.requests).toHaveLength(0);
    expect(sensei.stats().queued).toBe(2);
    await waitFor(() => s.requests.length === 1);
  });

  it('track__sameConversationBetweenFlushes__mergesIntoOneItemInOrder', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 60_000 });
    sensei.track({ conversationId: 'a', messages: [msg('1')], metadata: { x: 1 } });
    sensei.track({ conversationId: 'b', messages: [msg('other')] });
    sensei.track({ conversationId: 'a', messages: [msg('2'), msg('3')], metadata: { y: 2 }, userId: 'u' });
    await sensei.flush();
    const items = s.requests[0].body.conversations;
    expect(items.map((i: { conversation_id: string }) => i.conversation_id)).toEqual(['a', 'b']);
    expect(items[0].messages.map((m: { content: string }) => m.content)).toEqual(['1', '2', '3']);
    expect(items[0].metadata).toEqual({ x: 1, y: 2 });
    expect(items[0].user_id).toBe('u');
  });

  it('end__sendsEndedItem', async () => {
    const s = await sink();
    const { sensei } = client(s.url);
    sensei.end('conv-9');
    await sensei.flush();
    expect(s.requests[0].body.conversations[0]).toEqual({
      conversation_id: 'conv-9',
      environment: 'production',
      messages: [],
      ended: true,
    });
  });

  it('track__invalidInput__reportsAndNeverThrows', async () => {
    const s = await sink();
    const { sensei, errors } = client(s.url);
    expect(() => sensei.track({ conversationId: '', messages: [msg('x')] })).not.toThrow();
    expect(() => sensei.track(undefined as never)).not.toThrow();
    expect(() =>
      sensei.track({ conversationId: 'c', messages: [{ role: 'robot' as never, content: 'x' }, msg('ok')] }),
    ).not.toThrow();
    expect(() =>
      sensei.track({
        conversationId: 'c',
        messages: [{ role: 'user', content: 'bad date', timestamp: 'yesterday-ish' }],
      }),
    ).not.toThrow();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    sensei.track({ conversationId: 'c', messages: [msg('circular', { metadata: circular })] });
    await sensei.flush();
    expect(errors.filter((e) => e.code === 'invalid_input').length).toBe(4);
    expect(errors.some((e) => e.code === 'truncated' && /metadata dropped/.test(e.message))).toBe(true);
    expect(s.messages().map((m) => m.content)).toEqual(['ok', 'circular']);
    expect(s.messages()[1].metadata).toBeUndefined();
    expect(sensei.stats().failed).toBe(3); // the three messages refused above
  });
});

describe('batching', () => {
  it('interval__sendsWithoutFlush', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 80 });
    const t0 = Date.now();
    sensei.track({ conversationId: 'c', messages: [msg('x')] });
    await waitFor(() => s.requests.length === 1);
    expect(s.requests[0].at - t0).toBeGreaterThanOrEqual(70);
  });

  it('sizeTrigger__sendsBeforeTheInterval', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 60_000, maxBatchSize: 5 });
    for (let i = 0; i < 5; i++) sensei.track({ conversationId: `c${i}`, messages: [msg(`m${i}`)] });
    await waitFor(() => s.requests.length === 1, 2000);
    expect(s.requests[0].body.conversations).toHaveLength(5);
  });

  it('manyConversations__splitIntoRequestsOfAtMost100Items', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 60_000, maxQueueSize: 1000 });
    for (let i = 0; i < 250; i++) sensei.track({ conversationId: `c${i}`, messages: [msg(`m${i}`)] });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests.map((r) => r.body.conversations.length)).toEqual([100, 100, 50]);
    expect(s.messages().map((m) => m.content)).toEqual(Array.from({ length: 250 }, (_, i) => `m${i}`));
  });

  it('largeBodies__splitUnder1MiB', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 60_000 });
    const big = 'é'.repeat(15_000); // 30 000 bytes of UTF-8
    for (let i = 0; i < 80; i++) sensei.track({ conversationId: `c${i % 3}`, messages: [msg(`${i}:${big}`)] });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests.length).toBeGreaterThanOrEqual(3);
    for (const r of s.requests) expect(Buffer.byteLength(r.raw)).toBeLessThanOrEqual(1024 * 1024);
    const got = s.messages();
    expect(got).toHaveLength(80);
    for (const c of ['c0', 'c1', 'c2']) {
      // per conversation, still in order
      const order = got.filter((m) => m.conversation_id === c).map((m) => Number(m.content.split(':')[0]));
      expect(order).toEqual([...order].sort((a, b) => a - b));
    }
  });

  it('over500MessagesInOneConversation__splitIntoItemsOfAtMost500', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 60_000, maxQueueSize: 5000 });
    sensei.track({
      conversationId: 'long',
      messages: Array.from({ length: 1200 }, (_, i) => msg(`m${i}`)),
      ended: true,
    });
    expect(await sensei.flush()).toBe(true);
    const items = s.requests.flatMap((r) => r.body.conversations);
    expect(items.map((i: { messages: unknown[] }) => i.messages.length)).toEqual([500, 500, 200]);
    expect(items.map((i: { ended?: boolean }) => !!i.ended)).toEqual([false, false, true]);
    expect(s.messages().map((m) => m.content)).toEqual(Array.from({ length: 1200 }, (_, i) => `m${i}`));
  });

  it('contentOver32KiB__isShortenedAndReported', async () => {
    const s = await sink();
    const { sensei, errors } = client(s.url);
    sensei.track({ conversationId: 'c', messages: [msg('x'.repeat(40_000))] });
    await sensei.flush();
    const content = s.messages()[0].content;
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(32 * 1024);
    expect(content.endsWith('…')).toBe(true);
    expect(errors.map((e) => e.code)).toContain('truncated');
  });
});

describe('failures', () => {
  it('500Then200__retriedAndDeliveredOnceWithTheSameIds', async () => {
    const s = await sink((req, n) =>
      n === 1 ? { status: 500, body: { message: 'oops', code: 'internal_error' } } : acceptAll(req, n),
    );
    const { sensei, errors } = client(s.url);
    sensei.track({ conversationId: 'c', messages: [msg('a'), msg('b')] });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1].raw).toBe(s.requests[0].raw); // same bytes, same generated ids: server-side dedup holds
    expect(sensei.stats()).toMatchObject({ sent: 2, retried: 2, failed: 0, queued: 0 });
    expect(errors.map((e) => e.code)).toEqual(['unavailable']);
  });

  it('429WithRetryAfterSeconds__waitsAtLeastThatLong', async () => {
    const s = await sink((req, n) =>
      n === 1
        ? { status: 429, headers: { 'retry-after': '1' }, body: { message: 'slow down', code: 'rate_limited' } }
        : acceptAll(req, n),
    );
    const { sensei } = client(s.url);
    sensei.track({ conversationId: 'c', messages: [msg('a')] });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(1000);
  });

  it('503WithRetryAfterHttpDate__waitsUntilThen', async () => {
    const s = await sink((req, n) =>
      n === 1
        ? { status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } }
        : acceptAll(req, n),
    );
    const { sensei } = client(s.url);
    sensei.track({ conversationId: 'c', messages: [msg('a')] });
    expect(await sensei.flush()).toBe(true);
    // HTTP dates have 1 s resolution: the wait is at least ~1 s
    expect(s.requests[1].at - s.requests[0].at).toBeGreaterThanOrEqual(990);
  });

  it('timeout__abortsAndRetries', async () => {
    const s = await sink((req, n) => (n === 1 ? 'hang' : acceptAll(req, n)));
    const { sensei, errors } = client(s.url, { timeoutMs: 200 });
    sensei.track({ conversationId: 'c', messages: [msg('a')] });
    const t0 = Date.now();
    expect(await sensei.flush()).toBe(true);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(s.requests).toHaveLength(2);
    expect(errors[0].message).toMatch(/timed out after 200 ms/);
    expect(sensei.stats()).toMatchObject({ sent: 1, retried: 1 });
  });

  it('connectionCut__retries', async () => {
    const s = await sink((req, n) => (n === 1 ? 'destroy' : acceptAll(req, n)));
    const { sensei } = client(s.url);
    sensei.track({ conversationId: 'c', messages: [msg('a')] });
    expect(await sensei.flush()).toBe(true);
    expect(s.messages()).toHaveLength(1);
  });

  it('connectionRefused__thenServerComesUp__delivered', async () => {
    const port = await freePort();
    const { sensei, errors } = client(`http://127.0.0.1:${port}`, { retryMaxMs: 100 });
    sensei.track({ conversationId: 'c', messages: [msg('a'), msg('b')] });
    const flushed = sensei.flush();
    await sleep(400);
    expect(sensei.stats().retried).toBeGreaterThan(0);
    const s = await sink(acceptAll, port);
    expect(await flushed).toBe(true);
    expect(s.messages().map((m) => m.content)).toEqual(['a', 'b']);
    expect(errors.filter((e) => e.code === 'unavailable')).toHaveLength(1); // once per outage, not per attempt
    expect(sensei.stats()).toMatchObject({ sent: 2, failed: 0, dropped: 0, queued: 0 });
  });

  it('item4xx__notRetriedAndReportedOnce', async () => {
    const s = await sink((req) => ({
      status: 207,
      body: {
        results: req.body.conversations.map((c: { conversation_id: string }, index: number) =>
          c.conversation_id === 'bad'
            ? {
                index,
                conversation_id: c.conversation_id,
                status: 400,
                error: {
                  message: 'Validation failed',
                  code: 'validation_failed',
                  details: [{ field: 'messages[0].content', reason: 'must not be blank' }],
                },
              }
            : { index, conversation_id: c.conversation_id, status: 202 },
        ),
      },
    }));
    const { sensei, errors } = client(s.url);
    sensei.track({ conversationId: 'good', messages: [msg('a')] });
    sensei.track({ conversationId: 'bad', messages: [msg('b'), msg('c')] });
    expect(await sensei.flush()).toBe(true);
    await sleep(150);
    expect(s.requests).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'rejected', status: 400, conversationId: 'bad', count: 2 });
    expect(errors[0].message).toMatch(/messages\[0\]\.content: must not be blank/);
    expect(sensei.stats()).toMatchObject({ sent: 1, failed: 2, retried: 0, queued: 0 });
  });

  it('item503__onlyThatItemIsRetried', async () => {
    let calls = 0;
    const s = await sink((req) => {
      calls++;
      return {
        status: 207,
        body: {
          results: req.body.conversations.map((c: { conversation_id: string }, index: number) => ({
            index,
            conversation_id: c.conversation_id,
            status: c.conversation_id === 'flaky' && calls === 1 ? 503 : 202,
          })),
        },
      };
    });
    const { sensei } = client(s.url);
    sensei.track({ conversationId: 'ok', messages: [msg('a')] });
    sensei.track({ conversationId: 'flaky', messages: [msg('b')] });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(2);
    expect(s.requests[1].body.conversations.map((c: { conversation_id: string }) => c.conversation_id)).toEqual([
      'flaky',
    ]);
    expect(sensei.stats()).toMatchObject({ sent: 2, retried: 1, failed: 0 });
  });

  it('401__notRetriedAndReportedOnce', async () => {
    const s = await sink(() => ({
      status: 401,
      body: { message: 'Invalid API key', code: 'unauthorized', details: [] },
    }));
    const { sensei, errors } = client(s.url);
    sensei.track({ conversationId: 'c', messages: [msg('a'), msg('b')] });
    expect(await sensei.flush()).toBe(true);
    await sleep(100);
    expect(s.requests).toHaveLength(1);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'unauthorized', status: 401, count: 2 });
    expect(sensei.stats()).toMatchObject({ failed: 2, sent: 0, retried: 0 });
  });

  it('500Always__givesUpAfterMaxRetries', async () => {
    const s = await sink(() => ({ status: 500 }));
    const { sensei, errors } = client(s.url, { maxRetries: 3 });
    sensei.track({ conversationId: 'c', messages: [msg('a')] });
    expect(await sensei.flush()).toBe(true);
    expect(s.requests).toHaveLength(4);
    expect(errors.map((e) => e.code)).toEqual(['unavailable', 'retries_exhausted']);
    expect(sensei.stats()).toMatchObject({ failed: 1, retried: 3, sent: 0 });
  });

  it('413__resendsInSmallerRequests', async () => {
    const s = await sink((req) =>
      req.raw.length > 3000
        ? { status: 413, body: { message: 'too large', code: 'payload_too_large' } }
        : acceptAll(req, 0),
    );
    const { sensei } = client(s.url, { flushIntervalMs: 60_000 });
    for (let i = 0; i < 20; i++) sensei.track({ conversationId: `c${i}`, messages: [msg('y'.repeat(200))] });
    expect(await sensei.flush()).toBe(true);
    expect(s.messages().length).toBe(20);
    expect(sensei.stats()).toMatchObject({ sent: 20, failed: 0 });
  });

  it('queueOverflow__dropsNewestAndCounts', async () => {
    const port = await freePort(); // Sensei down
    const { sensei, errors } = client(`http://127.0.0.1:${port}`, { maxQueueSize: 10 });
    sensei.track({ conversationId: 'c', messages: Array.from({ length: 8 }, (_, i) => msg(`old${i}`)) });
    sensei.track({ conversationId: 'd', messages: Array.from({ length: 7 }, (_, i) => msg(`new${i}`)) });
    sensei.track({ conversationId: 'e', messages: [msg('newer')] });
    expect(sensei.stats()).toMatchObject({ queued: 10, dropped: 6 });
    expect(errors.filter((e) => e.code === 'queue_full')).toHaveLength(1);
    const s = await sink(acceptAll, port);
    expect(await sensei.flush()).toBe(true);
    expect(s.messages().map((m) => m.content)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `old${i}`),
      'new0',
      'new1',
    ]);
    expect(sensei.stats()).toMatchObject({ queued: 0, sent: 10, dropped: 6 });
  });
});

describe('ordering', () => {
  it('sameConversationAcrossBatchesAndRetries__arrivesInOrder', async () => {
    const s = await sink((req, n) => (n === 1 ? { status: 502 } : acceptAll(req, n)));
    const { sensei } = client(s.url, { flushIntervalMs: 5, retryBaseMs: 150, retryMaxMs: 150 });
    sensei.track({ conversationId: 'c', messages: [msg('1')] });
    await waitFor(() => s.requests.length === 1);
    sensei.track({ conversationId: 'c', messages: [msg('2')] }); // queued while batch 1 waits to be retried
    await sleep(20);
    sensei.track({ conversationId: 'c', messages: [msg('3')] });
    expect(await sensei.flush()).toBe(true);
    const accepted = s.requests
      .slice(1)
      .flatMap((r) =>
        r.body.conversations.flatMap((c: { messages: { content: string }[] }) => c.messages.map((m) => m.content)),
      );
    expect(accepted).toEqual(['1', '2', '3']);
  });
});

describe('flush and shutdown', () => {
  it('flush__withNothingQueued__resolvesTrueAtOnce', async () => {
    const { sensei } = client('http://127.0.0.1:9');
    expect(await sensei.flush()).toBe(true);
  });

  it('flush__whileSenseiIsDown__resolvesFalseAfterTimeoutAndKeepsTheQueue', async () => {
    const port = await freePort();
    const { sensei } = client(`http://127.0.0.1:${port}`);
    sensei.track({ conversationId: 'c', messages: [msg('a')] });
    const t0 = Date.now();
    expect(await sensei.flush({ timeoutMs: 200 })).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(sensei.stats().queued).toBe(1);
    const s = await sink(acceptAll, port);
    expect(await sensei.flush({ timeoutMs: 3000 })).toBe(true);
    expect(s.messages()).toHaveLength(1);
  });

  it('flush__waitsOnlyForWhatWasQueuedBeforeIt', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 60_000 });
    sensei.track({ conversationId: 'a', messages: [msg('1')] });
    const p = sensei.flush();
    sensei.track({ conversationId: 'b', messages: [msg('2')] });
    expect(await p).toBe(true);
    expect(s.messages().map((m) => m.content)).toContain('1');
  });

  it('shutdown__flushesThenDropsLaterTracks', async () => {
    const s = await sink();
    const { sensei } = client(s.url, { flushIntervalMs: 60_000 });
    sensei.track({ conversationId: 'c', messages: [msg('a')] });
    expect(await sensei.shutdown()).toBe(true);
    expect(s.messages()).toHaveLength(1);
    sensei.track({ conversationId: 'c', messages: [msg('late')] });
    await sleep(50);
    expect(s.messages()).toHaveLength(1);
    expect(sensei.stats()).toMatchObject({ sent: 1, dropped: 1, queued: 0 });
  });

  it('shutdown__whileSenseiIsDown__givesUpAfterTimeoutAndCountsDropped', async () => {
    const port = await freePort();
    const { sensei, errors } = client(`http://127.0.0.1:${port}`);
    sensei.track({ conversationId: 'c', messages: [msg('a'), msg('b'), msg('c')] });
    const t0 = Date.now();
    expect(await sensei.shutdown({ timeoutMs: 300 })).toBe(false);
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(sensei.stats()).toMatchObject({ queued: 0, dropped: 3, sent: 0 });
    expect(errors.map((e) => e.code)).toContain('shutdown');
  });

  it('onErrorThatThrows__doesNotBreakDelivery', async () => {
    const s = await sink((req, n) => (n === 1 ? { status: 500 } : acceptAll(req, n)));
    const { sensei } = client(s.url, {
      onError: () => {
        throw new Error('app bug');
      },
    });
    sensei.track({ conversationId: 'c', messages: [msg('a')] });
    expect(await sensei.flush()).toBe(true);
    expect(s.messages()).toHaveLength(1);
  });
});

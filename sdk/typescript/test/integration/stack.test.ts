/**
 * Against a running Sensei stack (gateway URL in SENSEI_URL, admin login in SENSEI_ADMIN_EMAIL/PASSWORD):
 * an API key is created through admin-api, conversations go in through the SDK, and are read back through
 * dashboard-api in order. `make test` runs this against its private stack.
 * The feedback test is skipped (with a note) only while the stack answers 404 for POST /api/v1/feedback, i.e. on a
 * stack built before the feedback API existed.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sensei, type SenseiError } from '../../src/index.js';

const base = process.env.SENSEI_URL?.replace(/\/+$/, '');
const email = process.env.SENSEI_ADMIN_EMAIL ?? 'admin@sensei.local';
const password = process.env.SENSEI_ADMIN_PASSWORD ?? '';

if (!base) {
  console.log(
    'SENSEI_URL is not set: skipping the SDK integration tests (they need a running stack, e.g. `make run` and SENSEI_URL=http://localhost:8080).',
  );
}

let token = '';
let apiKey = '';
let apiKeyId = '';

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(base + path, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers },
  });
}

async function json<T>(path: string): Promise<T> {
  const res = await api(path);
  if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
  return res.json() as Promise<T>;
}

interface Summary {
  id: string;
  external_id: string;
  message_count: number;
  ended: boolean;
}
interface MessageView {
  external_id: string | null;
  role: string;
  content: string;
  timestamp: string;
  latency_ms: number | null;
  tokens: number | null;
  metadata: unknown;
}

/** Polls the conversation list (full-text search on a word only this test uses) until the conversation shows up. */
async function findConversation(
  externalId: string,
  word: string,
  until: (s: Summary) => boolean,
  timeoutMs = 20_000,
): Promise<Summary> {
  const deadline = Date.now() + timeoutMs;
  let last: Summary | undefined;
  while (Date.now() < deadline) {
    const page = await json<{ items: Summary[] }>(
      `/api/v1/conversations?q=${encodeURIComponent(word)}&timeframe=30d&limit=50`,
    );
    last = page.items.find((c) => c.external_id === externalId);
    if (last && until(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`conversation ${externalId} not visible in time (last seen: ${JSON.stringify(last)})`);
}

async function messagesOf(id: string): Promise<MessageView[]> {
  const page = await json<{ items: MessageView[] } | MessageView[]>(`/api/v1/conversations/${id}/messages?limit=200`);
  return Array.isArray(page) ? page : page.items;
}

describe.skipIf(!base)('SDK against the running stack', () => {
  const errors: SenseiError[] = [];
  let sensei: Sensei;

  beforeAll(async () => {
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    expect(login.status, await login.clone().text()).toBe(200);
    token = ((await login.json()) as { access_token: string }).access_token;
    const created = await api('/api/v1/api-keys', {
      method: 'POST',
      body: JSON.stringify({ name: `sdk-integration-${Date.now()}` }),
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const body = (await created.json()) as { id: string; key: string };
    apiKey = body.key;
    apiKeyId = body.id;
    sensei = new Sensei({
      apiKey,
      baseUrl: base,
      environment: 'sdk-test',
      flushIntervalMs: 100,
      captureExit: false,
      onError: (e) => errors.push(e),
    });
  });

  afterAll(async () => {
    await sensei?.shutdown();
    if (apiKeyId) await api(`/api/v1/api-keys/${apiKeyId}`, { method: 'DELETE' });
  });

  it('track__flush__conversationAppearsWithAllMessagesInOrder', async () => {
    const word = `zebrafjord${randomUUID().slice(0, 8)}`;
    const conversationId = `sdk-it-${randomUUID()}`;
    const t0 = Date.now() - 60_000;
    sensei.track({
      conversationId,
      userId: 'it-user',
      metadata: { channel: 'integration' },
      messages: [
        { role: 'system', content: 'You are a helpful assistant.', timestamp: t0 },
        { role: 'user', content: `My ${word} order has not arrived yet.`, timestamp: t0 + 1000 },
        {
          role: 'assistant',
          content: 'Sorry to hear that — let me check the tracking for you.',
          timestamp: t0 + 3000,
          latencyMs: 1800,
          tokens: 14,
          metadata: { model: 'scripted' },
        },
      ],
    });
    sensei.track({
      conversationId,
      messages: [{ role: 'user', content: 'Thanks, it arrived now!', timestamp: t0 + 9000 }],
    });
    sensei.end(conversationId);
    expect(await sensei.flush({ timeoutMs: 15_000 })).toBe(true);
    expect(errors).toEqual([]);
    expect(sensei.stats()).toMatchObject({ sent: 4, failed: 0, dropped: 0, queued: 0 });

    const conv = await findConversation(conversationId, word, (c) => c.message_count === 4 && c.ended);
    const msgs = await messagesOf(conv.id);
    expect(msgs.map((m) => [m.role, m.content])).toEqual([
      ['system', 'You are a helpful assistant.'],
      ['user', `My ${word} order has not arrived yet.`],
      ['assistant', 'Sorry to hear that — let me check the tracking for you.'],
      ['user', 'Thanks, it arrived now!'],
    ]);
    expect(msgs[2]).toMatchObject({ latency_ms: 1800, tokens: 14 });
    expect(Date.parse(msgs[1].timestamp)).toBe(t0 + 1000);
  });

  it('resendingTheSameMessageIds__isDeduplicated', async () => {
    const word = `quokkaprism${randomUUID().slice(0, 8)}`;
    const conversationId = `sdk-it-dedup-${randomUUID()}`;
    const messages = [
      { id: 'm1', role: 'user' as const, content: `Is ${word} in stock?` },
      { id: 'm2', role: 'assistant' as const, content: 'Yes, we have 3 left.' },
    ];
    sensei.track({ conversationId, messages });
    expect(await sensei.flush()).toBe(true);
    await findConversation(conversationId, word, (c) => c.message_count === 2);
    // what a retry after a lost answer does: the same ids again, then one new message
    sensei.track({ conversationId, messages });
    expect(await sensei.flush()).toBe(true);
    sensei.track({ conversationId, messages: [{ id: 'm3', role: 'user', content: 'Great, ordering now.' }] });
    expect(await sensei.flush()).toBe(true);
    const conv = await findConversation(conversationId, word, (c) => c.message_count >= 3);
    expect(conv.message_count).toBe(3);
    expect((await messagesOf(conv.id)).map((m) => m.external_id)).toEqual(['m1', 'm2', 'm3']);
  });

  it('invalidItem__reportedOnceWithTheFieldAndNotRetried', async () => {
    const seen: SenseiError[] = [];
    const strict = new Sensei({
      apiKey,
      baseUrl: base,
      captureExit: false,
      environment: 'not valid!',
      onError: (e) => seen.push(e),
    });
    strict.track({ conversationId: `sdk-it-bad-${randomUUID()}`, messages: [{ role: 'user', content: 'hello' }] });
    expect(await strict.flush()).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ code: 'rejected', status: 400 });
    expect(seen[0].message).toMatch(/environment/);
    expect(strict.stats()).toMatchObject({ failed: 1, retried: 0, sent: 0 });
    await strict.shutdown();
  });

  it('feedback__isStored_andShownOnTheConversation', async (ctx) => {
    const probe = await fetch(`${base}/api/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: '{}',
    });
    if (probe.status === 404) {
      console.log(
        'POST /api/v1/feedback answers 404 on this stack (built before the feedback API): skipping the feedback test',
      );
      ctx.skip();
    }
    const word = `narwhalquill${randomUUID().slice(0, 8)}`;
    const conversationId = `sdk-it-feedback-${randomUUID()}`;
    sensei.track({
      conversationId,
      messages: [
        { id: 'q1', role: 'user', content: `Where is my ${word} parcel?` },
        { id: 'a1', role: 'assistant', content: 'It was delivered yesterday.' },
      ],
    });
    sensei.feedback({
      conversationId,
      messageId: 'a1',
      userId: 'it-user',
      kind: 'thumbs',
      value: -1,
      comment: 'It was not delivered',
    });
    sensei.feedback({ conversationId, kind: 'rating', value: 4, userId: 'it-user' });
    // bad input never reaches the API
    sensei.feedback({ conversationId, kind: 'rating', value: 9 });
    expect(await sensei.flush({ timeoutMs: 15_000 })).toBe(true);
    expect(errors.map((e) => e.code)).toEqual(['invalid_input']);
    errors.length = 0;

    const conv = await findConversation(conversationId, word, (c) => c.message_count === 2);
    const deadline = Date.now() + 20_000;
    let feedback: {
      kind: string;
      value: number;
      polarity: number;
      message_id: string | null;
      user_id: string | null;
      comment: string | null;
    }[] = [];
    while (Date.now() < deadline) {
      feedback = await json(`/api/v1/conversations/${conv.id}/feedback`);
      if (feedback.length === 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(feedback).toEqual([
      expect.objectContaining({ kind: 'rating', value: 4, polarity: 1, message_id: null, user_id: 'it-user' }),
      expect.objectContaining({
        kind: 'thumbs',
        value: -1,
        polarity: -1,
        message_id: 'a1',
        comment: 'It was not delivered',
      }),
    ]);
    const negative = await json<{ items: Summary[] }>(
      `/api/v1/conversations?q=${encodeURIComponent(word)}&timeframe=30d&has_negative_feedback=true`,
    );
    expect(negative.items.map((c) => c.external_id)).toEqual([conversationId]);
  });

  it('wrongApiKey__reportedAsUnauthorized', async () => {
    const seen: SenseiError[] = [];
    const bad = new Sensei({
      apiKey: 'sk_nope_invalidsecret',
      baseUrl: base,
      captureExit: false,
      onError: (e) => seen.push(e),
    });
    bad.track({ conversationId: 'sdk-it-unauth', messages: [{ role: 'user', content: 'hello' }] });
    expect(await bad.flush()).toBe(true);
    expect(seen.map((e) => e.code)).toEqual(['unauthorized']);
    expect(bad.stats()).toMatchObject({ failed: 1, retried: 0 });
    await bad.shutdown();
  });
});

// End-to-end tests of the running stack through the gateway (run by `make test` against a private stack,
// or by hand against `make run`: set -a; . .run/stack/stack.env; node --test services/gateway/src/e2e/).
// Real services, real PostgreSQL and Redis: nothing here is mocked.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';

const BASE = process.env.SENSEI_URL ?? 'http://localhost:8080';
const EMAIL = process.env.SENSEI_ADMIN_EMAIL;
const PASSWORD = process.env.SENSEI_ADMIN_PASSWORD;
const run = randomUUID().slice(0, 8);
let token;

async function api(method, path, { body, auth = token, headers = {} } = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(auth ? { Authorization: `Bearer ${auth}` } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try { json = text ? JSON.parse(text) : undefined; } catch { json = text; }
  return { status: res.status, json, headers: res.headers };
}

async function eventually(what, fn, { timeoutMs = 20000, everyMs = 200 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    last = await fn();
    if (last) return last;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

function conversation(externalId, extra = {}) {
  const t0 = Date.now() - 60_000;
  const at = (i) => new Date(t0 + i * 5_000).toISOString();
  return {
    conversation_id: externalId,
    environment: 'e2e',
    user_id: 'user-' + run,
    metadata: { plan: 'pro', run },
    messages: [
      { id: 'm1', role: 'user', content: `Hi, my order ${run} never arrived`, timestamp: at(0) },
      { id: 'm2', role: 'assistant', content: 'Sorry about that! Let me check the tracking for you.', timestamp: at(1), latency_ms: 800 },
      { id: 'm3', role: 'user', content: 'This is useless, it still does not work. I want to talk to a human agent now!', timestamp: at(2) },
      { id: 'm4', role: 'assistant', content: "I'm sorry, I can't help with that.", timestamp: at(3), latency_ms: 700 },
    ],
    ...extra,
  };
}

before(async () => {
  assert.ok(EMAIL && PASSWORD, 'SENSEI_ADMIN_EMAIL and SENSEI_ADMIN_PASSWORD must be set');
  const res = await api('POST', '/api/v1/auth/login', { body: { email: EMAIL, password: PASSWORD }, auth: null });
  assert.equal(res.status, 200, JSON.stringify(res.json));
  token = res.json.access_token;
  assert.ok(token);
});

test('the gateway serves the dashboard and its runtime config', async () => {
  const page = await fetch(BASE + '/');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /<html/i);
  const cfg = await api('GET', '/config.json', { auth: null });
  assert.equal(cfg.status, 200);
  assert.ok('supabase_url' in cfg.json);
});

test('wrong credentials and missing tokens are refused with the error envelope', async () => {
  const wrong = await api('POST', '/api/v1/auth/login', { body: { email: EMAIL, password: 'not-the-password' }, auth: null });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.json.code, 'unauthorized');
  const anon = await api('GET', '/api/v1/conversations', { auth: null });
  assert.equal(anon.status, 401);
  assert.equal(anon.json.code, 'unauthorized');
  const bad = await api('GET', '/api/v1/conversations?limit=1000');
  assert.equal(bad.status, 400);
  assert.equal(bad.json.details[0].field, 'limit');
});

test('login -> create key -> track through the gateway -> conversation visible with messages in order', async () => {
  const key = await api('POST', '/api/v1/api-keys', { body: { name: 'e2e ' + run } });
  assert.equal(key.status, 201, JSON.stringify(key.json));
  assert.match(key.json.key, /^sk_/);
  const listed = await api('GET', '/api/v1/api-keys');
  assert.ok(!JSON.stringify(listed.json).includes(key.json.key), 'the secret never appears in the listing');

  const externalId = 'e2e-' + run;
  const track = await api('POST', '/api/v1/conversations/track', {
    body: conversation(externalId), auth: null, headers: { 'X-API-Key': key.json.key },
  });
  assert.equal(track.status, 202, JSON.stringify(track.json));
  assert.equal(track.json.conversation_id, externalId);

  const row = await eventually('the conversation to be listed', async () => {
    const res = await api('GET', `/api/v1/conversations?environment=e2e&q=${run}`);
    return res.json?.items?.find((c) => c.external_id === externalId);
  });
  const messages = await eventually('all four messages', async () => {
    const res = await api('GET', `/api/v1/conversations/${row.id}/messages`);
    return res.json?.items?.length === 4 ? res.json.items : null;
  });
  assert.deepEqual(messages.map((m) => m.external_id), ['m1', 'm2', 'm3', 'm4']);

  // idempotent: the same conversation three more times changes nothing
  for (let i = 0; i < 3; i++) {
    const again = await api('POST', '/api/v1/conversations/track', {
      body: conversation(externalId), auth: null, headers: { Authorization: `Bearer ${key.json.key}` },
    });
    assert.equal(again.status, 202);
  }
  // a later message is appended in order
  const later = conversation(externalId, { ended: true });
  later.messages = [{ id: 'm5', role: 'user', content: 'Hello?? Anyone there?', timestamp: new Date().toISOString() }];
  assert.equal((await api('POST', '/api/v1/conversations/track', { body: later, auth: null, headers: { 'X-API-Key': key.json.key } })).status, 202);
  const all = await eventually('five messages', async () => {
    const res = await api('GET', `/api/v1/conversations/${row.id}/messages`);
    return res.json?.items?.length === 5 ? res.json.items : null;
  });
  assert.deepEqual(all.map((m) => m.external_id), ['m1', 'm2', 'm3', 'm4', 'm5']);
  const list = await api('GET', `/api/v1/conversations?environment=e2e&q=${run}`);
  assert.equal(list.json.items.filter((c) => c.external_id === externalId).length, 1);

  // analysis: health score with its breakdown, failures detected
  const health = await eventually('the health score', async () => {
    const res = await api('GET', `/api/v1/conversations/${row.id}/health`);
    return res.json?.scored && res.json.components?.length ? res.json : null;
  }, { timeoutMs: 30000 });
  assert.ok(health.score >= 0 && health.score <= 100);
  assert.ok(health.score < 70, `a frustrated, refused, escalating conversation scores low (got ${health.score})`);
  const failures = await eventually('failures', async () => {
    const res = await api('GET', `/api/v1/conversations/${row.id}/failures`);
    const types = (res.json ?? []).map((f) => f.type);
    return types.includes('escalation_request') && types.includes('agent_refusal') ? res.json : null;
  }, { timeoutMs: 30000 });

  // a person resolves a failure; it stays resolved
  const escalation = failures.find((f) => f.type === 'escalation_request');
  const patched = await api('PATCH', `/api/v1/failures/${escalation.id}`, { body: { status: 'resolved' } });
  assert.equal(patched.status, 200, JSON.stringify(patched.json));
  const after = await api('GET', `/api/v1/conversations/${row.id}/failures`);
  assert.equal(after.json.find((f) => f.id === escalation.id).status, 'resolved');

  // revocation takes effect within seconds
  assert.equal((await api('DELETE', `/api/v1/api-keys/${key.json.id}`)).status, 204);
  await eventually('the revoked key to be refused', async () => {
    const res = await api('POST', '/api/v1/conversations/track', { body: conversation(externalId), auth: null, headers: { 'X-API-Key': key.json.key } });
    return res.status === 401;
  }, { timeoutMs: 10000 });
});

test('batch intake answers 207 with a result per item; the valid ones are stored', async () => {
  const key = await api('POST', '/api/v1/api-keys', { body: { name: 'e2e batch ' + run } });
  const good = conversation('e2e-batch-ok-' + run);
  const bad = { conversation_id: 'e2e-batch-bad-' + run, messages: [{ role: 'robot', content: 'x', timestamp: new Date().toISOString() }] };
  const res = await api('POST', '/api/v1/conversations/track/batch', {
    body: { conversations: [good, bad] }, auth: null, headers: { 'X-API-Key': key.json.key },
  });
  assert.equal(res.status, 207, JSON.stringify(res.json));
  assert.equal(res.json.results[0].status, 202);
  assert.equal(res.json.results[1].status, 400);
  await eventually('the valid batch item', async () => {
    const list = await api('GET', `/api/v1/conversations?environment=e2e&q=${run}`);
    return list.json?.items?.some((c) => c.external_id === 'e2e-batch-ok-' + run);
  });
  const list = await api('GET', `/api/v1/conversations?environment=e2e`);
  assert.ok(!list.json.items.some((c) => c.external_id === 'e2e-batch-bad-' + run));
});

test('settings stay one row and refuse a plain-http webhook off loopback', async () => {
  const bad = await api('PUT', '/api/v1/settings', { body: { slack_webhook_url: 'http://hooks.example.com/x' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.details[0].field, 'slack_webhook_url');
  const ok = await api('PUT', '/api/v1/settings', { body: { slack_webhook_url: null, alert_thresholds: { min_severity: 'high', health_below: 40, cooldown_minutes: 10, digest_after_per_minute: 5 } } });
  assert.equal(ok.status, 200, JSON.stringify(ok.json));
});

test('X-Forwarded-For from the client is not believed: rotating it gives no extra login guesses', async () => {
  // a throwaway email: the lockout is per email + address, and every e2e client shares 127.0.0.1
  const email = `rotate-${run}@sensei.test`;
  for (let i = 0; i < 5; i++) {
    const r = await api('POST', '/api/v1/auth/login', {
      body: { email, password: 'guess-' + i }, auth: null, headers: { 'X-Forwarded-For': `203.0.113.${i + 1}` },
    });
    assert.equal(r.status, 401, `guess ${i}`);
  }
  const locked = await api('POST', '/api/v1/auth/login', {
    body: { email, password: 'guess-5' }, auth: null, headers: { 'X-Forwarded-For': '203.0.113.99' },
  });
  assert.equal(locked.status, 429);
  assert.equal(locked.json.code, 'rate_limited');
  assert.ok(Number(locked.headers.get('retry-after')) > 0);
});

test('the gateway adds security headers and keeps tokens out of caches', async () => {
  const page = await fetch(BASE + '/');
  assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(page.headers.get('referrer-policy'), 'strict-origin-when-cross-origin');
  assert.equal(page.headers.get('cache-control'), 'no-cache');
  const login = await api('POST', '/api/v1/auth/login', { body: { email: EMAIL, password: PASSWORD }, auth: null });
  assert.equal(login.status, 200);
  assert.equal(login.headers.get('cache-control'), 'no-store');
});

test("the gateway's own refusals are in the error envelope", async () => {
  const tooLong = await api('GET', '/api/v1/conversations?q=' + 'a'.repeat(9000));
  assert.equal(tooLong.status, 414);
  assert.equal(tooLong.json.details[0].field, 'uri');
  const badEscape = await api('GET', '/api/v1/conversations?q=%zz');
  assert.equal(badEscape.status, 400);
  assert.equal(badEscape.json.details[0].field, 'q');
  const ready = await fetch(BASE + '/q/health/ready');
  assert.equal(ready.status, 200);
});

test("metrics: the gateway's are on its management port (public port + 1000), never on the public one", async () => {
  const pub = await fetch(BASE + '/q/metrics');
  assert.equal(pub.status, 404);
  assert.equal((await pub.json()).code, 'not_found');
  const port = Number(new URL(BASE).port || 80);
  const management = await fetch(`http://127.0.0.1:${port + 1000}/q/metrics`);
  assert.equal(management.status, 200);
  const text = await management.text();
  assert.match(text, /^http_server_requests_seconds_count\{[^}]*service="gateway"/m);
  assert.match(text, /^jvm_memory_used_bytes\{[^}]*service="gateway"/m);
});

// Kill -9 of every service under load, against the private e2e stack (run last by `make test`: it restarts
// services). Conversations are sent through the gateway at a steady rate while each service in turn is killed with
// SIGKILL and started again; the client retries what was not answered 202 with the same message ids, as the SDK
// does. Afterwards every conversation must be in Postgres with exactly its messages: 0 lost, 0 duplicated.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const run = promisify(execFile);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const BASE = process.env.SENSEI_URL ?? 'http://localhost:18080';
const DATABASE_URL = process.env.DATABASE_URL;
const PROFILE = process.env.SENSEI_CHAOS_PROFILE ?? 'e2e';
// the order matters little; each kill lands while requests are in flight and the processor has work pending
const VICTIMS = ['ingestion-gateway', 'processor', 'gateway', 'admin-api', 'dashboard-api', 'processor'];
const RATE_PER_S = Number(process.env.SENSEI_CHAOS_RATE ?? 40); // track requests per second offered
const CONCURRENCY = 12;
const PARTS = 3; // track calls per conversation, two messages each: the later ones append
const env = 'chaos-' + randomUUID().slice(0, 8);
let apiKey;

async function post(pathname, body, headers) {
  const res = await fetch(BASE + pathname, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  let json; try { json = JSON.parse(text); } catch { json = text; }
  return { status: res.status, json };
}

async function psql(sql) {
  const { stdout } = await run('psql', [DATABASE_URL, '-tAX', '-F', '\t', '-c', sql]);
  return stdout.trim();
}

before(async () => {
  assert.ok(DATABASE_URL, 'DATABASE_URL of the stack must be set (.run/e2e/stack.env)');
  const login = await post('/api/v1/auth/login', { email: process.env.SENSEI_ADMIN_EMAIL, password: process.env.SENSEI_ADMIN_PASSWORD });
  assert.equal(login.status, 200, JSON.stringify(login.json));
  const key = await post('/api/v1/api-keys', { name: 'chaos ' + env }, { Authorization: `Bearer ${login.json.access_token}` });
  assert.equal(key.status, 201, JSON.stringify(key.json));
  apiKey = key.json.key;
});

function part(conversationId, k) {
  const t0 = Date.parse('2026-11-30T10:00:00Z');
  const msg = (i) => ({
    id: `m${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: i % 2 === 0 ? `question ${i} about order ${conversationId}` : `answer ${i}: the order ships tomorrow`,
    timestamp: new Date(t0 + i * 1000).toISOString(),
  });
  return { conversation_id: conversationId, environment: env, user_id: 'u-' + conversationId, messages: [msg(2 * k), msg(2 * k + 1)] };
}

test('kill -9 of each service under load: every message sent is stored exactly once', { timeout: 600_000 }, async () => {
  const stats = { requests: 0, retries: 0, accepted: 0, maxAttempts: 0, byFailure: {} };
  const sent = []; // conversation ids whose every part got a 202
  let chaosDone = false;

  // one track call, retried until 202: connection refused/reset while a service restarts, 502/503/504 from the
  // gateway, 429; anything else (4xx) is a bug in this test or the product and fails the run
  async function deliver(body) {
    for (let attempt = 1; ; attempt++) {
      stats.requests++;
      let outcome;
      try {
        const res = await post('/api/v1/conversations/track', body, { 'X-API-Key': apiKey });
        if (res.status === 202) { stats.accepted++; stats.maxAttempts = Math.max(stats.maxAttempts, attempt); return; }
        if (![429, 502, 503, 504].includes(res.status)) throw new Error(`unexpected ${res.status}: ${JSON.stringify(res.json)}`);
        outcome = String(res.status);
      } catch (e) {
        if (e.message.startsWith('unexpected')) throw e;
        outcome = e.cause?.code ?? e.name;
      }
      stats.retries++;
      stats.byFailure[outcome] = (stats.byFailure[outcome] ?? 0) + 1;
      if (attempt > 400) throw new Error(`gave up after ${attempt} attempts (${outcome})`);
      await new Promise((r) => setTimeout(r, Math.min(1000, 50 * attempt)));
    }
  }

  async function conversationFlow(id) {
    for (let k = 0; k < PARTS; k++) await deliver(part(id, k));
    sent.push(id);
  }

  // the chaos: each victim killed in turn, a second and a half of load between restarts
  const chaos = (async () => {
    const log = [];
    for (const victim of VICTIMS) {
      await new Promise((r) => setTimeout(r, 1500));
      const t = Date.now();
      await run('bash', [path.join(ROOT, 'scripts/stack.sh'), 'kill9', victim, '--profile', PROFILE], { cwd: ROOT });
      log.push(`${victim} back in ${Date.now() - t} ms`);
    }
    chaosDone = true;
    return log;
  })();

  // the load: new conversations at RATE_PER_S / PARTS per second, at most CONCURRENCY in flight, until the chaos is over
  const inFlight = new Set();
  let n = 0;
  const interval = 1000 / (RATE_PER_S / PARTS);
  while (!chaosDone) {
    if (inFlight.size < CONCURRENCY) {
      const p = conversationFlow(`${env}-${String(n++).padStart(5, '0')}`).finally(() => inFlight.delete(p));
      inFlight.add(p);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
  const chaosLog = await chaos;
  await Promise.all(inFlight);
  assert.equal(sent.length, n, 'every conversation was delivered');

  // every accepted message reaches Postgres once the processor (killed twice) has caught up
  const expectedMessages = n * PARTS * 2;
  const deadline = Date.now() + 180_000;
  let stored;
  for (;;) {
    const [conversations, messages] = (await psql(
      `select (select count(*) from conversations where environment = '${env}'),
              (select count(*) from messages m join conversations c on c.id = m.conversation_id where c.environment = '${env}')`,
    )).split('\t').map(Number);
    stored = { conversations, messages };
    if ((conversations === n && messages === expectedMessages) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const perConversation = await psql(
    `select count(*) from (select c.external_id, count(m.id) n, count(distinct m.external_id) d
       from conversations c left join messages m on m.conversation_id = c.id
      where c.environment = '${env}' group by c.external_id) x where n <> ${PARTS * 2} or d <> ${PARTS * 2}`);
  const counters = await psql(`select count(*) from conversations where environment = '${env}' and message_count <> ${PARTS * 2}`);

  console.log(`chaos: ${chaosLog.join('; ')}`);
  console.log(`load: ${n} conversations, ${stats.accepted} track calls accepted, ${stats.requests} sent, ${stats.retries} retried `
    + `(${JSON.stringify(stats.byFailure)}), max ${stats.maxAttempts} attempts for one call`);
  console.log(`stored: ${stored.conversations}/${n} conversations, ${stored.messages}/${expectedMessages} messages; `
    + `conversations with a wrong message set: ${perConversation}, with a wrong message_count: ${counters}`);
  assert.equal(stats.accepted, n * PARTS);
  assert.equal(stored.conversations, n, 'no conversation lost or duplicated');
  assert.equal(stored.messages, expectedMessages, 'no message lost or duplicated');
  assert.equal(perConversation, '0');
  assert.equal(counters, '0');
});

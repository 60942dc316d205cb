#!/usr/bin/env node
// Load generator for the ingestion pipeline (make bench-ingest). Node 20+, no dependencies.
//
// What it does:
//   1. gets API keys: logs in as the admin and creates BENCH_KEYS keys (revoked again at the end), or uses
//      SENSEI_API_KEYS=key1,key2,...
//   2. for BENCH_SECONDS, BENCH_CONCURRENCY workers POST conversations to /api/v1/conversations/track (or /batch
//      when BENCH_BATCH > 0). About a third of the requests continue an earlier conversation and re-send its whole
//      transcript plus new turns (the way many SDKs do), which exercises idempotent re-sends.
//   3. samples 1 in BENCH_SAMPLE_EVERY new conversations: time from the 202 until all its messages are visible through
//      GET /api/v1/conversations/{id}/messages
//   4. waits for the processor to drain sensei:ingest, then compares what the database holds with what was accepted
//      (lost / duplicated messages) using psql, and reads the stream lag with redis-cli.
//
// Environment:
//   SENSEI_URL            gateway base URL (default http://localhost:8080); SENSEI_INGEST_URL overrides the track URL
//   SENSEI_ADMIN_EMAIL / SENSEI_ADMIN_PASSWORD   admin login (creates keys; reads the dashboard API)
//   SENSEI_API_KEYS       comma-separated keys to use instead of creating them (SENSEI_TOKEN: JWT for reads)
//   BENCH_SECONDS (60) BENCH_CONCURRENCY (32) BENCH_KEYS (4) BENCH_MESSAGES (6 new messages per request)
//   BENCH_BATCH (0: single track; n: n conversations per batch request) BENCH_SAMPLE_EVERY (100)
//   BENCH_DRAIN_TIMEOUT (180 s)
//   BENCH_RATE (0: as fast as the workers go; n: paced at n new messages/s in all, each request sent at its slot of a
//               fixed schedule, so latency is measured at a known load rather than at saturation)
//   DATABASE_URL (postgres://postgres:postgres@127.0.0.1:5432/sensei)  REDIS_URL (redis://127.0.0.1:6379)
import { execFile } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';

const run = promisify(execFile);
const env = (name, fallback) => (process.env[name] && process.env[name].trim() !== '' ? process.env[name].trim() : fallback);
const BASE = env('SENSEI_URL', 'http://localhost:8080').replace(/\/$/, '');
const INGEST = env('SENSEI_INGEST_URL', BASE).replace(/\/$/, '');
const SECONDS = Number(env('BENCH_SECONDS', '60'));
const CONCURRENCY = Number(env('BENCH_CONCURRENCY', '32'));
const KEY_COUNT = Number(env('BENCH_KEYS', '4'));
const NEW_MESSAGES = Number(env('BENCH_MESSAGES', '6'));
const BATCH = Number(env('BENCH_BATCH', '0'));
const SAMPLE_EVERY = Number(env('BENCH_SAMPLE_EVERY', '100'));
const DRAIN_TIMEOUT_S = Number(env('BENCH_DRAIN_TIMEOUT', '180'));
const RATE = Number(env('BENCH_RATE', '0'));
// one request carries NEW_MESSAGES new messages per conversation in it
const REQUEST_INTERVAL_MS = RATE > 0 ? (1000 * NEW_MESSAGES * Math.max(1, BATCH)) / RATE : 0;
const DATABASE_URL = env('DATABASE_URL', 'postgres://postgres:postgres@127.0.0.1:5432/sensei');
const REDIS_URL = env('REDIS_URL', 'redis://127.0.0.1:6379');
const RUN = `bench-${Date.now().toString(36)}`;

const log = (...args) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}]`, ...args);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => (sorted.length === 0 ? NaN
  : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]);
const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');

async function json(method, url, { token, body, headers = {} } = {}) {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  return { status: res.status, data };
}

// ---------------------------------------------------------------------------------------------- keys and login
async function setup() {
  let token = env('SENSEI_TOKEN', null);
  const email = env('SENSEI_ADMIN_EMAIL', null);
  const password = env('SENSEI_ADMIN_PASSWORD', null);
  if (!token && email && password) {
    const login = await json('POST', `${BASE}/api/v1/auth/login`, { body: { email, password } });
    if (login.status !== 200) throw new Error(`admin login failed: ${login.status} ${JSON.stringify(login.data)}`);
    token = login.data.access_token;
  }
  const given = env('SENSEI_API_KEYS', null);
  if (given) return { token, keys: given.split(',').map((k) => k.trim()).filter(Boolean), created: [] };
  if (!token) throw new Error('set SENSEI_ADMIN_EMAIL and SENSEI_ADMIN_PASSWORD (or SENSEI_API_KEYS)');
  const created = [];
  for (let i = 0; i < KEY_COUNT; i++) {
    const res = await json('POST', `${BASE}/api/v1/api-keys`, { token, body: { name: `${RUN}-${i}` } });
    if (res.status !== 201) throw new Error(`creating an API key failed: ${res.status} ${JSON.stringify(res.data)}`);
    created.push(res.data);
  }
  log(`created ${created.length} API keys (${created.map((k) => k.prefix).join(', ')})`);
  return { token, keys: created.map((k) => k.key), created };
}

async function cleanup({ token, created }) {
  for (const key of created) {
    await json('DELETE', `${BASE}/api/v1/api-keys/${key.id}`, { token }).catch(() => {});
  }
}

// ---------------------------------------------------------------------------------------------- conversations
const conversations = []; // { id, messages: [...], expected: Set(ids accepted) }
let conversationSeq = 0;
const words = ['order', 'refund', 'delivery', 'password', 'invoice', 'plan', 'upgrade', 'cancel', 'account', 'error',
  'thanks', 'please', 'still', 'not', 'working', 'again', 'help', 'agent', 'human', 'why'];
const sentence = (n) => Array.from({ length: n }, () => words[Math.floor(Math.random() * words.length)]).join(' ');

// a conversation belongs to the key that first sent it (another key gets 403), so each key continues its own
const conversationsOfKey = new Map();

function nextRequestBody(key) {
  const own = conversationsOfKey.get(key) ?? conversationsOfKey.set(key, []).get(key);
  const continuing = own.length > 50 && Math.random() < 0.33;
  const conv = continuing ? own[Math.floor(Math.random() * own.length)]
    : { id: `${RUN}-${++conversationSeq}`, messages: [], expected: new Set(), sample: conversationSeq % SAMPLE_EVERY === 0 };
  if (!continuing) { conversations.push(conv); own.push(conv); }
  const start = Date.now() - 60_000 + conv.messages.length * 1000;
  const fresh = [];
  for (let i = 0; i < NEW_MESSAGES; i++) {
    const n = conv.messages.length + fresh.length;
    fresh.push({
      id: `m${n}`,
      role: n % 2 === 0 ? 'user' : 'assistant',
      content: `${sentence(8 + (n % 12))} #${n}`,
      timestamp: new Date(start + i * 1000).toISOString(),
      ...(n % 2 === 1 ? { latency_ms: 200 + (n % 900), tokens: 20 + (n % 200) } : {}),
    });
  }
  // the whole transcript so far plus the new turns
  const messages = [...conv.messages, ...fresh];
  return { conv, fresh, body: { conversation_id: conv.id, environment: 'bench', user_id: `user-${conv.id.length % 7}`,
    metadata: { run: RUN, channel: 'bench' }, messages } };
}

// ---------------------------------------------------------------------------------------------- load
const latencies = [];
const visibility = [];
const statuses = new Map();
const itemStatuses = new Map(); // per conversation of a batch (the request itself answers 207)
let acceptedMessages = 0;
let acceptedConversations = 0;
let requests = 0;
let activeSamplers = 0;

async function sample(conv, acceptedAt, token, expectedCount) {
  if (!token || activeSamplers >= 8) return;
  activeSamplers++;
  try {
    const deadline = acceptedAt + 60_000;
    let id = null;
    while (performance.now() < deadline) {
      if (!id) {
        // the customer's id is unique per environment: an index lookup, not a full-text search that would load
        // the database under test (the search probe was 4 in 10 of its busy backends)
        const refs = await json('GET', `${BASE}/api/v1/conversations/by-external-id/${encodeURIComponent(conv.id)}?environment=bench`, { token });
        id = refs.status === 200 ? refs.data?.find((c) => c.external_id === conv.id)?.id : null;
      }
      if (id) {
        const msgs = await json('GET', `${BASE}/api/v1/conversations/${id}/messages?limit=200`, { token });
        if (msgs.status === 200 && (msgs.data?.items?.length ?? 0) >= expectedCount) {
          visibility.push(performance.now() - acceptedAt);
          return;
        }
      }
      await sleep(50);
    }
  } catch (e) {
    log('sampling failed:', e.message);
  } finally {
    activeSamplers--;
  }
}

let nextSlot = 0;
let paceStart = 0;

async function worker(keys, index, until, token) {
  const key = keys[index % keys.length];
  while (performance.now() < until) {
    if (REQUEST_INTERVAL_MS > 0) {
      const due = paceStart + (nextSlot++) * REQUEST_INTERVAL_MS;
      if (due >= until) break;
      if (due > performance.now()) await sleep(due - performance.now());
    }
    const items = BATCH > 0 ? Array.from({ length: BATCH }, () => nextRequestBody(key)) : [nextRequestBody(key)];
    const url = BATCH > 0 ? `${INGEST}/api/v1/conversations/track/batch` : `${INGEST}/api/v1/conversations/track`;
    const body = BATCH > 0 ? { conversations: items.map((i) => i.body) } : items[0].body;
    const t0 = performance.now();
    let res;
    try {
      res = await json('POST', url, { body, headers: { 'x-api-key': key } });
    } catch (e) {
      res = { status: `error:${e.cause?.code ?? e.message}` };
    }
    const t1 = performance.now();
    requests++;
    latencies.push(t1 - t0);
    statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    const itemStatus = (i) => (BATCH > 0 ? res.data?.results?.[i]?.status : res.status);
    items.forEach((item, i) => {
      if (BATCH > 0) itemStatuses.set(itemStatus(i) ?? 'none', (itemStatuses.get(itemStatus(i) ?? 'none') ?? 0) + 1);
      if (itemStatus(i) !== 202) return;
      acceptedConversations++;
      acceptedMessages += item.body.messages.length;
      item.fresh.forEach((m) => item.conv.messages.push(m));
      item.body.messages.forEach((m) => item.conv.expected.add(m.id));
      if (item.conv.sample && item.conv.expected.size === item.body.messages.length) {
        sample(item.conv, t1, token, item.conv.expected.size);
      }
    });
    if (res.status === 429 || res.status === 503) await sleep(200);
  }
}

// ---------------------------------------------------------------------------------------------- stream and database
async function redisCli(...args) {
  const { stdout } = await run('redis-cli', ['-u', REDIS_URL, '--no-raw', ...args], { timeout: 10_000 });
  return stdout;
}

async function streamState() {
  try {
    const length = Number((await redisCli('XLEN', 'sensei:ingest')).replace(/[^0-9]/g, '') || 0);
    const raw = (await run('redis-cli', ['-u', REDIS_URL, 'XINFO', 'GROUPS', 'sensei:ingest'], { timeout: 10_000 })).stdout;
    const lines = raw.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    const state = { length, pending: null, lag: null };
    for (let i = 0; i + 1 < lines.length; i++) {
      if (lines[i] === 'name' && lines[i + 1] === 'processor') {
        for (let j = i; j + 1 < lines.length && j < i + 14; j++) {
          if (lines[j] === 'pending') state.pending = Number(lines[j + 1]);
          if (lines[j] === 'lag') state.lag = lines[j + 1] === '' ? null : Number(lines[j + 1]);
        }
      }
    }
    return state;
  } catch (e) {
    return { error: `redis-cli: ${e.message.split('\n')[0]}` };
  }
}

async function databaseCounts() {
  const sql = `select c.external_id, count(m.id), c.message_count from conversations c left join messages m on m.conversation_id = c.id
               where c.environment = 'bench' and c.external_id like '${RUN}-%' group by c.id`;
  const { stdout } = await run('psql', [DATABASE_URL, '-At', '-F', '|', '-c', sql], { timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
  const rows = new Map();
  for (const line of stdout.split('\n')) {
    if (!line) continue;
    const [id, count, counter] = line.split('|');
    rows.set(id, { count: Number(count), counter: Number(counter) });
  }
  return rows;
}

function compare(rows) {
  let expected = 0;
  let stored = 0;
  let lost = 0;
  let duplicated = 0;
  let missingConversations = 0;
  let counterMismatch = 0;
  for (const conv of conversations) {
    if (conv.expected.size === 0) continue;
    expected += conv.expected.size;
    const row = rows.get(conv.id);
    if (!row) {
      missingConversations++;
      lost += conv.expected.size;
      continue;
    }
    stored += row.count;
    if (row.count < conv.expected.size) lost += conv.expected.size - row.count;
    if (row.count > conv.expected.size) duplicated += row.count - conv.expected.size;
    if (row.counter !== row.count) counterMismatch++;
  }
  return { expected, stored, lost, duplicated, missingConversations, counterMismatch };
}

// ---------------------------------------------------------------------------------------------- main
async function main() {
  const ctx = await setup();
  log(`run ${RUN}: ${SECONDS}s, ${CONCURRENCY} workers, ${ctx.keys.length} keys, ${NEW_MESSAGES} new messages/request,`
    + ` ${BATCH > 0 ? `batches of ${BATCH}` : 'single track requests'}${RATE > 0 ? `, paced at ${RATE} new messages/s` : ''}`
    + ` -> ${INGEST}`);
  const started = performance.now();
  paceStart = started;
  const until = started + SECONDS * 1000;
  const ticker = setInterval(() => log(`${requests} requests, ${acceptedMessages} messages accepted`), 10_000);
  await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => worker(ctx.keys, i, until, ctx.token)));
  clearInterval(ticker);
  const elapsed = (performance.now() - started) / 1000;
  const atEnd = await streamState();
  log(`load done after ${fmt(elapsed)}s; stream at end of load: ${JSON.stringify(atEnd)}; draining...`);

  const drainStart = performance.now();
  let drained = null;
  let result = null;
  while ((performance.now() - drainStart) / 1000 < DRAIN_TIMEOUT_S) {
    const state = await streamState();
    if (state.error || (state.pending === 0 && (state.lag === 0 || state.lag === null))) {
      try {
        result = compare(await databaseCounts());
        if (result.lost === 0 || state.error) { drained = state; break; }
      } catch (e) {
        log(`psql: ${e.message.split('\n')[0]}`);
        drained = state;
        break;
      }
    }
    await sleep(500);
  }
  const drainSeconds = (performance.now() - drainStart) / 1000;
  while (activeSamplers > 0 && (performance.now() - drainStart) < 70_000) await sleep(200);
  if (!result) {
    try { result = compare(await databaseCounts()); } catch (e) { result = { error: e.message.split('\n')[0] }; }
  }
  const finalState = await streamState();
  await cleanup(ctx);

  const sorted = [...latencies].sort((a, b) => a - b);
  const vis = [...visibility].sort((a, b) => a - b);
  const report = {
    run: RUN,
    duration_s: Number(fmt(elapsed)),
    requests,
    statuses: Object.fromEntries(statuses),
    ...(BATCH > 0 ? { item_statuses: Object.fromEntries(itemStatuses) } : {}),
    accepted_conversations: acceptedConversations,
    accepted_messages: acceptedMessages,
    accepted_messages_per_s: Number(fmt(acceptedMessages / elapsed)),
    accepted_requests_per_s: Number(fmt((statuses.get(BATCH > 0 ? 207 : 202) ?? 0) / elapsed)),
    // unique messages in the database per second of load + drain (what the pipeline sustained end to end)
    stored_unique_per_s: result && !result.error && drained
      ? Number(fmt((result.stored - result.duplicated) / (elapsed + drainSeconds))) : null,
    paced_rate_per_s: RATE || null,
    batch: BATCH,
    concurrency: CONCURRENCY,
    gateway_latency_ms: { p50: Number(fmt(percentile(sorted, 50))), p95: Number(fmt(percentile(sorted, 95))), p99: Number(fmt(percentile(sorted, 99))) },
    visible_after_202_ms: { samples: vis.length, p50: Number(fmt(percentile(vis, 50))), p95: Number(fmt(percentile(vis, 95))) },
    stream_at_end_of_load: atEnd,
    drain_s: drained ? Number(fmt(drainSeconds)) : `not drained within ${DRAIN_TIMEOUT_S}s`,
    stream_after_drain: finalState,
    messages: result,
  };
  console.log(JSON.stringify(report, null, 2));
  const ok = result && !result.error && result.lost === 0 && result.duplicated === 0;
  process.exitCode = ok ? 0 : 1;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 2;
});

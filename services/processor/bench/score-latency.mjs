#!/usr/bin/env node
// Processor scoring benchmark against a running stack (make run): time from the ingestion 202 to the health score
// being visible through the dashboard API, and conversations scored per second.
//
//   node services/processor/bench/score-latency.mjs [--conversations 500] [--concurrency 16] [--rate 100]
//                                                  [--messages 6] [--poll-ms 50] [--sample-every 20] [--target-ms 1000]
//                                                  [--timeout-s 120]
//
// --rate paces the sends (conversations/s) to measure latency at a given load; without it the senders go as fast as
// --concurrency allows, which measures throughput (and the latency of a backlog).
// Env: SENSEI_URL (gateway, default http://localhost:8080), SENSEI_ADMIN_EMAIL, SENSEI_ADMIN_PASSWORD.
// It logs in, creates a throw-away API key (revoked at the end) and tracks N conversations with unique ids (environment
// bench-score, metadata run=<run id>). Latency is sampled on 1 in --sample-every of them (default 20): each sample polls
// GET /api/v1/conversations/by-external-id/<id> (an index lookup) until it shows a health score; latency = that poll's
// answer - the moment the 202 arrived. The poll interval is --poll-ms, widened to a tenth of the sample's age, so a
// backlog neither floods the stack with probes nor loses resolution (10 %): at 100 conversations/s the probes are
// ~50-100 requests/s, where one per conversation every 50 ms was most of the box's CPU. Throughput: once a second
// GET /api/v1/conversations/count?tag=run:<run id>&health_min=0 counts the run's scored conversations; scored_per_s is
// the run's conversations over the time from the first send to the count reaching them all. The probes never search
// text: a full-text probe was 4 in 10 of the database's busy backends under load, i.e. it measured itself.
// Exit code 1 when p95 > --target-ms (default 1000) or some conversation never got scored within --timeout-s.

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const BASE = (process.env.SENSEI_URL || 'http://localhost:8080').replace(/\/$/, '');
const EMAIL = process.env.SENSEI_ADMIN_EMAIL || 'admin@sensei.local';
const PASSWORD = process.env.SENSEI_ADMIN_PASSWORD;
const N = Number(args.conversations || 500);
const CONCURRENCY = Number(args.concurrency || 16);
const MESSAGES = Number(args.messages || 6);
const POLL_MS = Number(args['poll-ms'] || 50);
const SAMPLE_EVERY = Math.max(1, Number(args['sample-every'] || 20));
const ENVIRONMENT = 'bench-score';
const TARGET_MS = Number(args['target-ms'] || 1000);
const TIMEOUT_S = Number(args['timeout-s'] || 120);
const RATE = args.rate ? Number(args.rate) : 0;
const RUN = `bench-${Date.now().toString(36)}`;

async function call(method, path, { token, apiKey, body } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  const res = await fetch(BASE + path, { method, headers, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  return { status: res.status, json, text };
}

const USER_LINES = [
  'Hi, I was charged twice for my subscription this month',
  'That did not help, I still see two charges on my card',
  'This is really frustrating, can I talk to a human please?',
  'Thanks, that fixed it. Great service!',
  'How do I reset my password? The link in the email expired',
  'The export to CSV keeps failing with an error',
];
const ASSISTANT_LINES = [
  'I am sorry about that. Let me look at your billing history.',
  'I can see the duplicate charge; a refund has been issued and will arrive in 3-5 days.',
  'I cannot help with that request.',
  'You can reset your password from Settings > Security > Reset password.',
  'The export failed because the file is too large; try filtering to a smaller date range.',
];

function conversation(i) {
  const start = Date.now() - MESSAGES * 2000;
  const messages = [];
  for (let m = 0; m < MESSAGES; m++) {
    const user = m % 2 === 0;
    const lines = user ? USER_LINES : ASSISTANT_LINES;
    messages.push({
      id: `m${m}`,
      role: user ? 'user' : 'assistant',
      content: lines[(i + m) % lines.length],
      timestamp: new Date(start + m * 2000).toISOString(),
      ...(user ? {} : { latency_ms: 400 + ((i * 37 + m * 101) % 2500) }),
    });
  }
  return { conversation_id: `${RUN}-${String(i).padStart(6, '0')}`, environment: ENVIRONMENT, metadata: { run: RUN },
    messages, ended: i % 3 === 0 };
}

function pct(sorted, p) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main() {
  if (!PASSWORD) throw new Error('set SENSEI_ADMIN_PASSWORD (and SENSEI_ADMIN_EMAIL) to the stack\'s admin login');
  const login = await call('POST', '/api/v1/auth/login', { body: { email: EMAIL, password: PASSWORD } });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${login.text}`);
  const token = login.json.access_token;
  const key = await call('POST', '/api/v1/api-keys', { token, body: { name: `${RUN} (score-latency bench)` } });
  if (key.status !== 201) throw new Error(`creating an API key failed: ${key.status} ${key.text}`);
  const apiKey = key.json.key;

  const accepted = new Map(); // external id -> ms when the 202 arrived
  const latencies = []; // of the sampled conversations
  const samples = [];
  let next = 0;
  let errors = 0;
  let probeErrors = 0;
  const sendStart = performance.now();
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

  async function sample(externalId, t202, deadline) {
    while (performance.now() < deadline) {
      const res = await call('GET', `/api/v1/conversations/by-external-id/${encodeURIComponent(externalId)}?environment=${ENVIRONMENT}`, { token });
      const now = performance.now();
      if (res.status === 200) {
        const ref = res.json.find((c) => c.external_id === externalId);
        if (ref && ref.health_score !== null && ref.health_score !== undefined) { latencies.push(now - t202); return; }
      } else if (res.status !== 404) {
        probeErrors++;
        if (probeErrors <= 5) console.error(`lookup ${res.status}: ${res.text.slice(0, 200)}`);
      }
      await sleep(Math.max(POLL_MS, (now - t202) / 10));
    }
  }

  const senders = Array.from({ length: CONCURRENCY }, async () => {
    while (next < N) {
      const i = next++;
      if (RATE > 0) {
        const due = sendStart + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
      }
      const body = conversation(i);
      const res = await call('POST', '/api/v1/conversations/track', { apiKey, body });
      const t202 = performance.now();
      if (res.status === 202) {
        accepted.set(body.conversation_id, t202);
        if (i % SAMPLE_EVERY === 0) samples.push(sample(body.conversation_id, t202, t202 + TIMEOUT_S * 1000));
      } else { errors++; if (errors <= 5) console.error(`track ${res.status}: ${res.text.slice(0, 200)}`); }
    }
  });

  let sending = true;
  let scoredCount = 0;
  let allScoredAt = null;
  const counter = (async () => {
    const deadline = performance.now() + TIMEOUT_S * 1000;
    const q = new URLSearchParams({ environment: ENVIRONMENT, tag: `run:${RUN}`, health_min: '0', timeframe: '24h' });
    while (performance.now() < deadline) {
      const res = await call('GET', `/api/v1/conversations/count?${q}`, { token });
      if (res.status === 200) scoredCount = res.json.count;
      else console.error(`count ${res.status}: ${res.text.slice(0, 200)}`);
      if (!sending && scoredCount >= accepted.size) { allScoredAt = performance.now(); break; }
      await sleep(1000);
    }
  })();

  await Promise.all(senders);
  sending = false;
  const sendSeconds = (performance.now() - sendStart) / 1000;
  await Promise.all([counter, ...samples]);

  latencies.sort((a, b) => a - b);
  const report = {
    run: RUN,
    conversations: N,
    accepted: accepted.size,
    track_errors: errors,
    probe_errors: probeErrors,
    scored: Math.min(scoredCount, accepted.size),
    sampled: samples.length,
    sampled_scored: latencies.length,
    ingest_rate_per_s: +(accepted.size / sendSeconds).toFixed(1),
    // null when the run's conversations were not all scored before --timeout-s
    scored_per_s: allScoredAt ? +(accepted.size / ((allScoredAt - sendStart) / 1000)).toFixed(1) : null,
    latency_ms: {
      p50: Math.round(pct(latencies, 50)), p95: Math.round(pct(latencies, 95)), p99: Math.round(pct(latencies, 99)),
      max: Math.round(latencies[latencies.length - 1] ?? NaN),
    },
    paced_rate_per_s: RATE || null,
    poll_ms: POLL_MS,
    target_p95_ms: TARGET_MS,
  };
  console.log(JSON.stringify(report, null, 2));

  await call('DELETE', `/api/v1/api-keys/${key.json.id}`, { token });
  const ok = report.scored === accepted.size && latencies.length === samples.length && report.latency_ms.p95 <= TARGET_MS;
  if (!ok) console.error(report.scored < accepted.size || latencies.length < samples.length
    ? `${accepted.size - report.scored} conversation(s) (${samples.length - latencies.length} sampled) not scored within ${TIMEOUT_S}s`
    : `p95 ${report.latency_ms.p95} ms is over the ${TARGET_MS} ms target`);
  process.exit(ok ? 0 : 1);
}

main().catch((e) => { console.error(e.message || e); process.exit(2); });

#!/usr/bin/env node
// OTLP/HTTP intake throughput through the gateway (make bench-otlp). Node 20+, no dependencies, loopback.
//
// For BENCH_SECONDS (20), BENCH_CONCURRENCY (16) workers POST protobuf ExportTraceServiceRequests of BENCH_SPANS
// (50) GenAI spans each (semconv gen_ai.input.messages / gen_ai.output.messages, one conversation per span, two
// messages) to <SENSEI_URL>/api/public/otel/v1/traces, spread over BENCH_KEYS (4) API keys it creates (and deletes
// again): the per-key rate limit counts conversations. Prints spans/s accepted (200 without rejections), requests/s,
// and request latency p50/p95/p99. A 429 is counted and retried after Retry-After, as an exporter would.
//
//   set -a; . .run/e2e/stack.env; set +a; node services/ingestion-gateway/bench/otlp-bench.mjs
import { performance } from 'node:perf_hooks';

const env = (name, fallback) => (process.env[name]?.trim() ? process.env[name].trim() : fallback);
const BASE = env('SENSEI_URL', 'http://localhost:8080').replace(/\/$/, '');
const SECONDS = Number(env('BENCH_SECONDS', '20'));
const CONCURRENCY = Number(env('BENCH_CONCURRENCY', '16'));
const SPANS = Number(env('BENCH_SPANS', '50'));
const KEYS = Number(env('BENCH_KEYS', '4'));
const RUN = `otlp-bench-${Date.now().toString(36)}`;

const host = new URL(BASE).hostname;
if (!['localhost', '127.0.0.1', '[::1]'].includes(host)) {
  console.error(`refusing to load ${BASE}: loopback only`);
  process.exit(2);
}

// --- a minimal protobuf writer: enough for ExportTraceServiceRequest ---------------------------------------------
const varint = (n) => { const out = []; let v = BigInt(n); do { let b = Number(v & 0x7fn); v >>= 7n; if (v) b |= 0x80; out.push(b); } while (v); return Buffer.from(out); };
const field = (no, bytes) => Buffer.concat([varint((no << 3) | 2), varint(bytes.length), bytes]);
const fixed64 = (no, v) => { const b = Buffer.alloc(9); b[0] = (no << 3) | 1; b.writeBigUInt64LE(v, 1); return b; };
const str = (s) => Buffer.from(s, 'utf8');
const kv = (k, v) => field(9, Buffer.concat([field(1, str(k)), field(2, typeof v === 'number'
  ? Buffer.concat([Buffer.from([0x18]), varint(v)]) : field(1, str(v)))]));
let spanSeq = 0;
function span(conversationId, startNanos) {
  const id = Buffer.alloc(8); id.writeBigUInt64BE(BigInt(++spanSeq));
  const trace = Buffer.alloc(16); trace.writeBigUInt64BE(BigInt(spanSeq), 8);
  return Buffer.concat([field(1, trace), field(2, id), field(5, str('chat gpt-4o')), Buffer.from([0x30, 3]),
    fixed64(7, startNanos), fixed64(8, startNanos + 900_000_000n),
    kv('gen_ai.operation.name', 'chat'), kv('gen_ai.conversation.id', conversationId), kv('gen_ai.request.model', 'gpt-4o'),
    kv('gen_ai.usage.input_tokens', 40), kv('gen_ai.usage.output_tokens', 12),
    kv('gen_ai.input.messages', JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `Where is order ${spanSeq}?` }] }])),
    kv('gen_ai.output.messages', JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'It ships tomorrow.' }], finish_reason: 'stop' }]))]);
}
function exportRequest(worker, n) {
  const now = BigInt(Date.now() - 5000) * 1_000_000n;
  const spans = Array.from({ length: SPANS }, (_, k) => field(2, span(`${RUN}-${worker}-${n}-${k}`, now)));
  const resource = field(1, Buffer.concat([field(1, str('service.name')), field(2, field(1, str('otlp-bench')))]));
  return field(1, Buffer.concat([field(1, resource), field(2, Buffer.concat(spans))]));
}

// --- keys -----------------------------------------------------------------------------------------------------------
async function post(path, body, headers) {
  const res = await fetch(BASE + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const json = await res.json().catch(() => ({}));
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const login = await post('/api/v1/auth/login', { email: env('SENSEI_ADMIN_EMAIL', ''), password: env('SENSEI_ADMIN_PASSWORD', '') });
const auth = { authorization: `Bearer ${login.access_token}` };
const keys = [];
for (let k = 0; k < KEYS; k++) keys.push(await post('/api/v1/api-keys', { name: `${RUN}-${k}` }, auth));

// --- load -----------------------------------------------------------------------------------------------------------
const latencies = [];
let acceptedSpans = 0; let requests = 0; let limited = 0; let errors = 0; let rejected = 0;
const deadline = performance.now() + SECONDS * 1000;
const started = performance.now();
async function worker(w) {
  const key = keys[w % keys.length].key;
  for (let n = 0; performance.now() < deadline; n++) {
    const body = exportRequest(w, n);
    const t = performance.now();
    let res;
    try {
      res = await fetch(`${BASE}/api/public/otel/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'x-sensei-api-key': key }, body });
    } catch {
      errors++; continue;
    }
    const answer = Buffer.from(await res.arrayBuffer());
    latencies.push(performance.now() - t);
    requests++;
    if (res.status === 200) {
      if (answer.length === 0) acceptedSpans += SPANS; else rejected++;
    } else if (res.status === 429) {
      limited++;
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
    } else {
      errors++;
    }
  }
}
await Promise.all(Array.from({ length: CONCURRENCY }, (_, w) => worker(w)));
const seconds = (performance.now() - started) / 1000;
for (const key of keys) await fetch(`${BASE}/api/v1/api-keys/${key.id}`, { method: 'DELETE', headers: auth });

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)]?.toFixed(1);
// BENCH_JSON=1 (scripts/bench.sh): the figures as one JSON object on stdout, the lines above on stderr
const say = process.env.BENCH_JSON === '1' ? (line) => console.error(line) : (line) => console.log(line);
say(`OTLP bench: ${seconds.toFixed(1)} s, ${CONCURRENCY} workers, ${SPANS} GenAI spans per export, ${KEYS} keys, through ${BASE}`);
say(`  ${(acceptedSpans / seconds).toFixed(0)} spans/s accepted (${acceptedSpans} spans, ${requests} requests, ${(requests / seconds).toFixed(0)} req/s)`);
say(`  request latency p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms; 429: ${limited}, partial: ${rejected}, errors: ${errors}`);
if (process.env.BENCH_JSON === '1') {
  console.log(JSON.stringify({
    seconds: Number(seconds.toFixed(1)), concurrency: CONCURRENCY, spans_per_export: SPANS, keys: KEYS,
    accepted_spans: acceptedSpans, spans_per_s: Math.round(acceptedSpans / seconds), requests,
    requests_per_s: Math.round(requests / seconds),
    latency_ms: { p50: Number(pct(50)), p95: Number(pct(95)), p99: Number(pct(99)) },
    rate_limited: limited, partial: rejected, errors,
  }, null, 2));
}
process.exit(errors || rejected ? 1 : 0);

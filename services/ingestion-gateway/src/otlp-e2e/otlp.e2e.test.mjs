// OTLP/HTTP intake end to end, with the real exporters: against a running stack (SENSEI_URL = the gateway, admin
// login in SENSEI_ADMIN_EMAIL / SENSEI_ADMIN_PASSWORD, as .run/e2e/stack.env sets them). It logs in, creates an API
// key, exports spans and polls dashboard-api until the conversation is there with its messages and a health score.
//  1. OpenLLMetry's OpenAI instrumentation (@traceloop/instrumentation-openai) around the real `openai` client, which
//     talks to a local OpenAI-compatible server started here; exported with @opentelemetry/exporter-trace-otlp-proto
//     to the public path (OTEL_EXPORTER_OTLP_ENDPOINT=<gateway>/api/public/otel). Three calls, each re-sending the
//     whole history: every message stored once, in order.
//  2. @opentelemetry/exporter-trace-otlp-http (JSON) to the plain /v1/traces, 20 conversations: export → scored time.
//  3. a span without any conversation id: partial success from the gateway, never a silent drop.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import { context, createContextKey } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { OTLPTraceExporter as ProtoExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OpenAIInstrumentation } from '@traceloop/instrumentation-openai';
import OpenAI from 'openai';

const base = process.env.SENSEI_URL?.replace(/\/+$/, '');
const email = process.env.SENSEI_ADMIN_EMAIL ?? 'admin@sensei.local';
const password = process.env.SENSEI_ADMIN_PASSWORD ?? '';
const skip = base ? false : 'SENSEI_URL is not set (needs a running stack, e.g. `make run`)';

let token = '';
let apiKey = '';
let apiKeyId = '';
let llm; // the local OpenAI-compatible server
let llmUrl = '';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

async function api(path, init = {}) {
  return fetch(base + path, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...init.headers } });
}

async function json(path) {
  const res = await api(path);
  if (!res.ok) throw new Error(`GET ${path} → ${res.status} ${await res.text()}`);
  return res.json();
}

/** Polls the conversation list (full-text search on a word only this conversation uses) until `until` holds. */
async function findConversation(externalId, word, until, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    const page = await json(`/api/v1/conversations?q=${encodeURIComponent(word)}&timeframe=30d&limit=50`);
    last = page.items.find((c) => c.external_id === externalId);
    if (last && until(last)) return last;
    await sleep(100);
  }
  throw new Error(`conversation ${externalId} not visible in time (last seen: ${JSON.stringify(last)})`);
}

async function messagesOf(id) {
  const page = await json(`/api/v1/conversations/${id}/messages?limit=200`);
  return Array.isArray(page) ? page : page.items;
}

/** Puts the conversation id of the current context on every span, as an app's own span processor would. */
const CONVERSATION = createContextKey('sensei.conversation');
const conversationProcessor = {
  onStart(span, parent) {
    const id = (parent ?? context.active()).getValue(CONVERSATION);
    if (id) span.setAttribute('gen_ai.conversation.id', id);
  },
  onEnd() {},
  forceFlush: async () => {},
  shutdown: async () => {},
};

/** Exports into the test, failing on anything but success (the exporter itself only logs failures). */
function checked(exporter, results) {
  return {
    export(spans, done) {
      exporter.export(spans, (result) => {
        results.push(result);
        done(result);
      });
    },
    shutdown: () => exporter.shutdown(),
    forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
  };
}

before(async () => {
  if (skip) return;
  const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }) });
  assert.equal(login.status, 200, await login.clone().text());
  token = (await login.json()).access_token;
  const created = await api('/api/v1/api-keys', { method: 'POST', body: JSON.stringify({ name: `otlp-e2e-${Date.now()}` }) });
  assert.equal(created.status, 201, await created.clone().text());
  ({ id: apiKeyId, key: apiKey } = await created.json());

  // an OpenAI-compatible chat completions endpoint: answers with a reply derived from the last user message
  llm = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url.endsWith('/chat/completions')) {
        res.writeHead(404).end();
        return;
      }
      const request = JSON.parse(body);
      const lastUser = [...request.messages].reverse().find((m) => m.role === 'user');
      const reply = `Answer to "${lastUser?.content}"`;
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          id: `chatcmpl-${randomUUID()}`, object: 'chat.completion', created: Math.floor(Date.now() / 1000),
          model: request.model, system_fingerprint: 'local',
          choices: [{ index: 0, message: { role: 'assistant', content: reply }, finish_reason: 'stop', logprobs: null }],
          usage: { prompt_tokens: 10 * request.messages.length, completion_tokens: 7, total_tokens: 10 * request.messages.length + 7 },
        }));
      }, 30);
    });
  });
  await new Promise((r) => llm.listen(0, '127.0.0.1', r));
  llmUrl = `http://127.0.0.1:${llm.address().port}/v1`;
});

after(async () => {
  llm?.close();
  if (apiKeyId) await api(`/api/v1/api-keys/${apiKeyId}`, { method: 'DELETE' });
});

test('OpenLLMetry + openai client, protobuf exporter, public path: 3 calls re-sending history → each message once, in order, scored', { skip }, async () => {
  const results = [];
  const exporter = new ProtoExporter({ url: `${base}/api/public/otel/v1/traces`, headers: { 'x-sensei-api-key': apiKey } });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'otlp-e2e-openllmetry' }),
    spanProcessors: [conversationProcessor, new SimpleSpanProcessor(checked(exporter, results))],
  });
  provider.register(); // the async-hooks context manager, so context.with() reaches the instrumentation
  const instrumentation = new OpenAIInstrumentation({ traceContent: true });
  instrumentation.setTracerProvider(provider);
  instrumentation.manuallyInstrument(OpenAI);
  instrumentation.enable();
  const client = new OpenAI({ apiKey: 'sk-local', baseURL: llmUrl });

  const word = `quokkafjord${randomUUID().slice(0, 8)}`;
  const conversationId = `otlp-e2e-${randomUUID()}`;
  const history = [{ role: 'system', content: `You answer about ${word}.` }];
  for (const question of ['Where is my parcel?', 'Can you check again?', 'Thanks!']) {
    history.push({ role: 'user', content: question });
    const completion = await context.with(context.active().setValue(CONVERSATION, conversationId),
      () => client.chat.completions.create({ model: 'gpt-4o-mini', messages: history }));
    history.push({ role: 'assistant', content: completion.choices[0].message.content });
  }
  await provider.forceFlush();
  await provider.shutdown();
  instrumentation.disable();
  assert.equal(results.length, 3, 'one export per call');
  for (const r of results) assert.equal(r.code, 0, `export failed: ${r.error}`);

  const found = await findConversation(conversationId, word, (c) => c.message_count === 7 && c.health_score != null);
  const messages = await messagesOf(found.id);
  assert.deepEqual(messages.map((m) => `${m.role}: ${m.content}`), history.map((m) => `${m.role}: ${m.content}`));
  // the last call's answer is never a history copy: it carries the span's latency, tokens and model. (An earlier
  // answer may be stored from the next call's history copy when that export arrives first: then without them.)
  const last = messages.at(-1);
  assert.ok(last.latency_ms != null && last.latency_ms >= 0, `latency from the span duration: ${JSON.stringify(last)}`);
  assert.equal(last.tokens, 7);
  assert.equal(last.metadata.model, 'gpt-4o-mini');
});

test('HTTP/JSON exporter, /v1/traces: 20 conversations, time from export to scored', { skip }, async () => {
  const exporter = new JsonExporter({ url: `${base}/v1/traces`, headers: { 'x-sensei-api-key': apiKey } });
  const results = [];
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'otlp-e2e-json', 'deployment.environment.name': 'production' }),
    spanProcessors: [new SimpleSpanProcessor(checked(exporter, results))],
  });
  const tracer = provider.getTracer('otlp-e2e');
  const runs = [];
  for (let i = 0; i < 20; i++) {
    const word = `wombatfjord${randomUUID().slice(0, 8)}`;
    const conversationId = `otlp-e2e-json-${randomUUID()}`;
    const span = tracer.startSpan('chat gpt-4o', { startTime: new Date(Date.now() - 2000) });
    span.setAttributes({
      'gen_ai.operation.name': 'chat', 'gen_ai.conversation.id': conversationId, 'gen_ai.request.model': 'gpt-4o',
      'gen_ai.usage.input_tokens': 20, 'gen_ai.usage.output_tokens': 9,
      'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: `My ${word} order never arrived.` }] }]),
      'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: 'Sorry to hear that, I have sent a replacement.' }], finish_reason: 'stop' }]),
    });
    const exportedAt = performance.now();
    span.end(new Date(Date.now() - 1000));
    runs.push({ word, conversationId, exportedAt });
  }
  await provider.forceFlush();
  assert.equal(results.length, 20);
  for (const r of results) assert.equal(r.code, 0, `export failed: ${r.error}`);
  const took = await Promise.all(runs.map(async (run) => {
    const found = await findConversation(run.conversationId, run.word, (c) => c.message_count === 2 && c.health_score != null);
    assert.ok(found.health_score >= 0 && found.health_score <= 100);
    return performance.now() - run.exportedAt;
  }));
  await provider.shutdown();
  took.sort((a, b) => a - b);
  console.log(`OTLP export → scored over ${took.length} conversations (real JSON exporter, through the gateway): `
    + `p50 ${percentile(took, 50).toFixed(0)} ms, p95 ${percentile(took, 95).toFixed(0)} ms, max ${took.at(-1).toFixed(0)} ms`);
});

test('a GenAI span without a conversation id → 200 partial success naming the attribute', { skip }, async () => {
  // the exporters only log a partial success, so this one posts the OTLP JSON itself to read the answer
  const now = `${Date.now()}000000`;
  const res = await fetch(`${base}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-sensei-api-key': apiKey },
    body: JSON.stringify({ resourceSpans: [{ scopeSpans: [{ spans: [{
      traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174', name: 'chat', kind: 3,
      startTimeUnixNano: now, endTimeUnixNano: now,
      attributes: [{ key: 'gen_ai.prompt.0.content', value: { stringValue: 'who am I?' } }],
    }] }] }] }),
  });
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.partialSuccess.rejectedSpans, '1');
  assert.match(body.partialSuccess.errorMessage, /gen_ai\.conversation\.id/);
  // and the wrong key is a 401 in the error envelope
  const denied = await fetch(`${base}/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sensei-api-key': 'sk_live_nope' }, body: '{}' });
  assert.equal(denied.status, 401);
  assert.equal((await denied.json()).code, 'unauthorized');
});

#!/usr/bin/env node
// Bounded fuzz of every endpoint of a running Sensei stack, loopback only (`make fuzz`; a small run is part of
// `make test`). Routes come from each service's /q/openapi, so new endpoints are covered without editing this file.
// A seeded generator makes N bad inputs — wrong types, missing/extra fields, huge/deep/broken JSON, NULs, lone
// surrogates, bad escapes, long URIs/headers, wrong content types, bad/forged tokens, bad ids and query params,
// methods not allowed — and checks every answer:
//   - no status >= 500;
//   - every 4xx is JSON in the error envelope {message, code, details[]};
//   - every 2xx JSON body is whole JSON;
//   - every 202 from ingestion is stored: after the run the processor drains and each accepted conversation and
//     message is looked up in PostgreSQL, and each accepted feedback item by its identity key in `feedback`;
//   - OTLP (/v1/traces, /api/public/otel/v1/traces; malformed protobuf, wrong content type, truncated gzip, spans
//     without ids...): 4xx to a protobuf request is a google.rpc.Status, to anything else the envelope (docs/otlp.md);
//     a span without a conversation id gets a 200 with rejected spans, never a silent drop.
// Ends with "N passed, N failed". Replay one input: --seed S --case I (prints the request and the answer).
//
//   set -a; . .run/e2e/stack.env; set +a; node services/gateway/src/fuzz/fuzz.mjs --size 10000 [--seed 1]
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';

const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => {
  if (a.startsWith('--')) acc.push([a.slice(2), all[i + 1] && !all[i + 1].startsWith('--') ? all[i + 1] : 'true']);
  return acc;
}, []));
const BASE = (args.base ?? process.env.SENSEI_URL ?? 'http://localhost:18080').replace(/\/$/, '');
const SIZE = Number(args.size ?? process.env.FUZZ_SIZE ?? 10000);
const SEED = Number(args.seed ?? process.env.FUZZ_SEED ?? 20261201);
const CONCURRENCY = Number(args.concurrency ?? 6);
const ONLY = args.case !== undefined ? Number(args.case) : null;
const EMAIL = process.env.SENSEI_ADMIN_EMAIL;
const PASSWORD = process.env.SENSEI_ADMIN_PASSWORD;
const DATABASE_URL = process.env.DATABASE_URL;
const DRAIN_SECONDS = Number(args.drain ?? 90);

const base = new URL(BASE);
if (!['localhost', '127.0.0.1', '[::1]'].includes(base.hostname)) {
  console.error(`refusing to fuzz ${BASE}: loopback only`);
  process.exit(2);
}
const port = Number(base.port || 80);
// each service's own port, for its OpenAPI document (the gateway does not route /q/*)
const SERVICES = { 'dashboard-api': port + 1, 'admin-api': port + 2, 'ingestion-gateway': port + 3 };

// ---------------------------------------------------------------------------------------------------- randomness
function mulberry32(a) {
  return () => {
    a |= 0; a = (a + 0x6D2B79F5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function caseRng(seed, i) {
  let h = 2166136261 ^ seed;
  for (const v of [i, i >>> 8, i >>> 16, 0x9e37]) { h = Math.imul(h ^ v, 16777619); }
  const r = mulberry32(h);
  const rng = {
    next: r,
    int: (n) => Math.floor(r() * n),
    pick: (xs) => xs[Math.floor(r() * xs.length)],
    chance: (p) => r() < p,
  };
  return rng;
}

// ------------------------------------------------------------------------------------------------------- values
const LONE = ['\ud800', '\udc00', 'a\udbff', '\udfffz'];
const WEIRD_STRINGS = [
  '', ' ', '\u0000', 'a\u0000b', '\ud800', 'x\udc00y', '\u202e\u0301', '😀'.repeat(50), 'ñ', '\t\n\r',
  '%00', '%zz', '../../etc/passwd', "'; drop table conversations; --", '<script>alert(1)</script>', '${jndi:ldap://127.0.0.1:1/x}',
  '\\', '"', '\u2028', '\uffff', '\ufeff', 'NaN', 'Infinity', '-0', '1e400', 'null', 'true',
];
const WEIRD_VALUES = () => [
  null, 0, -1, 1.5, -0, 1e308, 2 ** 63, -(2 ** 63), 9007199254740993, true, false, [], {}, [null], [[[]]], { a: 1 },
  'x'.repeat(300), 'y'.repeat(70_000), ...WEIRD_STRINGS,
];
const BAD_IDS = [
  'not-a-uuid', '0', '-1', '00000000-0000-0000-0000-000000000000', randomUUIDLike(), '1-2-3-4-5',
  '%00', 'a%00b', '%zz', '%', '%ED%A0%80', '%C0%AF', '..', '%2e%2e', '%2F', 'x'.repeat(300), 'z'.repeat(9000),
  '99999999999999999999-0', '1-18446744073709551616', '18446744073709551615-18446744073709551615', '1700000000000-0',
  'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ', encodeURIComponent('😀'), '%F0%9F', 'null', 'undefined', '{id}', ' ',
];
function randomUUIDLike() { return '3f1b2c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d'; }
const BAD_QUERY_VALUES = [
  '', '%00', 'a%00', '%zz', '%', '%E0%A4', '%ED%A0%80', '%C0%80', '-1', '0', '1e400', 'NaN', 'Infinity', '-Infinity',
  '99999999999999999999', '1.5', 'true', 'yes', '%20%20', 'x'.repeat(500), 'y'.repeat(5000), '2026-13-45T99:99:99Z',
  'not-a-date', '1700000000000', '%F0%9F%98%80', "'%20or%201=1", 'a,b,,c', ',,,', '%2C', '..%2F', 'null',
];
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];
const CONTENT_TYPES = [
  'text/plain', 'application/xml', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x',
  'application/octet-stream', 'application/json; charset=ISO-8859-1', 'application/jsonx', 'json', '', '*/*',
  'application/problem+json', 'text/json',
];

function deepJson(depth, open = '[', close = ']') { return open.repeat(depth) + close.repeat(depth); }

// ------------------------------------------------------------------------------------------------------- routes
async function fetchJson(url) {
  const res = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!res.ok) throw new Error(`${url}: ${res.status}`);
  return res.json();
}

function resolve(doc, schema, seen = 0) {
  if (!schema || seen > 8) return schema ?? {};
  if (schema.$ref) {
    const name = schema.$ref.split('/').pop();
    return resolve(doc, doc.components?.schemas?.[name] ?? {}, seen + 1);
  }
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s) => resolve(doc, s, seen + 1)));
  return schema;
}

async function loadRoutes() {
  const routes = [];
  for (const [service, p] of Object.entries(SERVICES)) {
    const doc = await fetchJson(`http://127.0.0.1:${p}/q/openapi?format=json`);
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      if (!path.startsWith('/api/')) continue;
      const methods = Object.keys(item).filter((m) => METHODS.includes(m.toUpperCase())).map((m) => m.toUpperCase());
      for (const method of methods) {
        const op = item[method.toLowerCase()];
        const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((x) => ({
          name: x.name, in: x.in, schema: resolve(doc, x.schema),
        }));
        const content = op.requestBody?.content ?? {};
        const bodyType = Object.keys(content)[0];
        const bodySchema = bodyType ? resolve(doc, content[bodyType].schema) : null;
        routes.push({ service, method, path, params, bodyType, bodySchema, doc, methods });
      }
    }
  }
  // OTLP/HTTP trace export has no OpenAPI body schema (protobuf): its cases are made by otlpCase()
  for (const path of ['/v1/traces', '/api/public/otel/v1/traces']) {
    routes.push({ service: 'otlp', method: 'POST', path, params: [], bodyType: null, bodySchema: null, methods: ['POST'] });
  }
  // the gateway's own routes (dashboard, runtime config) are not in any OpenAPI document
  for (const path of ['/', '/config.json', '/assets/none.js', '/conversations/some-page']) {
    routes.push({ service: 'gateway', method: 'GET', path, params: [], bodyType: null, bodySchema: null, methods: ['GET'] });
  }
  routes.sort((a, b) => (a.path + a.method).localeCompare(b.path + b.method));
  return routes;
}

// a plausible value for a schema, from which mutations start
function example(doc, schema, rng, depth = 0) {
  schema = resolve(doc, schema);
  if (depth > 6) return null;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'object': {
      const out = {};
      for (const [k, v] of Object.entries(schema.properties ?? {})) out[k] = example(doc, v, rng, depth + 1);
      return out;
    }
    case 'array': return [example(doc, schema.items ?? {}, rng, depth + 1)];
    case 'integer': return 1;
    case 'number': return 0.5;
    case 'boolean': return true;
    case 'string':
      if (schema.format === 'date-time') return new Date(Date.now() - 60_000).toISOString();
      if (schema.format === 'uuid') return randomUUIDLike();
      return 'fuzz';
    default: return {};
  }
}

// ------------------------------------------------------------------------------------------------ the requests
let ctx; // tokens, key, real ids: set up once per run

function validConversation(i, rng) {
  const t0 = Date.now() - 120_000;
  return {
    conversation_id: `fuzz-${SEED}-${i}`,
    environment: 'fuzz',
    user_id: 'fuzz-user',
    metadata: { run: String(SEED) },
    messages: [
      { id: 'm1', role: 'user', content: `fuzz case ${i}: my order never arrived`, timestamp: new Date(t0).toISOString() },
      { id: 'm2', role: 'assistant', content: 'Sorry about that.', timestamp: new Date(t0 + 5000).toISOString(), latency_ms: 300 },
    ],
    ...(rng.chance(0.2) ? { ended: true } : {}),
  };
}

function validFeedback(i, rng) {
  return {
    conversation_id: `fuzz-fb-${SEED}-${i}`,
    environment: 'fuzz',
    ...(rng.chance(0.5) ? { message_id: 'm2' } : {}),
    ...(rng.chance(0.5) ? { user_id: 'fuzz-user' } : {}),
    ...(rng.chance(0.5) ? { kind: 'thumbs', value: rng.pick([-1, 1]) } : { kind: 'rating', value: 1 + rng.int(5) }),
    ...(rng.chance(0.5) ? { comment: `fuzz case ${i}: it did not help` } : {}),
    ...(rng.chance(0.3) ? { timestamp: new Date(Date.now() - 30_000).toISOString() } : {}),
  };
}

// feedback rules a generic mutation rarely hits: kinds, values per kind, comment sizes, types, future timestamps
function feedbackMutation(body, rng) {
  const b = structuredClone(body);
  const item = Array.isArray(b.feedback) ? rng.pick(b.feedback) : b;
  const op = rng.int(7);
  if (op === 0) item.kind = rng.pick(['Thumbs', 'stars', '', 'thumbs ', 1, null, ['thumbs'], 'rating\u0000']);
  else if (op === 1) { item.kind = 'thumbs'; item.value = rng.pick([0, 2, -2, 1.5, '1', true, null, 1e400, -0.0001]); }
  else if (op === 2) { item.kind = 'rating'; item.value = rng.pick([0, 6, 3.5, 4.0000001, -1, '5', 99999999999, [3], {}]); }
  else if (op === 3) item.comment = rng.pick(['x'.repeat(4001), '😀'.repeat(4001), 'a\u0000b', 'x\ud800', 42, { t: 1 }, 'c'.repeat(900_000)]);
  else if (op === 4) item.timestamp = rng.pick([new Date(Date.now() + 3 * 86_400_000).toISOString(), '2026-13-45T99:99:99Z', 'now', 0, '1969-12-31T23:59:59Z']);
  else if (op === 5) item[rng.pick(['message_id', 'user_id', 'environment', 'conversation_id'])] = rng.pick(['', 'x'.repeat(257), 7, 'bad env', '\ud800', null]);
  else if (Array.isArray(b.feedback)) b.feedback = rng.pick([[], Array.from({ length: 101 }, () => item), 'x', null]);
  else return JSON.stringify([b]);
  return JSON.stringify(b);
}

function baseBody(route, i, rng) {
  if (route.path.endsWith('/feedback')) return validFeedback(i, rng);
  if (route.path.endsWith('/feedback/batch')) return { feedback: [validFeedback(`${i}a`, rng), validFeedback(`${i}b`, rng)] };
  if (route.path.endsWith('/conversations/track')) return validConversation(i, rng);
  if (route.path.endsWith('/conversations/track/batch')) {
    return { conversations: [validConversation(`${i}a`, rng), validConversation(`${i}b`, rng)] };
  }
  if (route.path.endsWith('/auth/login')) return { email: `fuzz-${i}@example.com`, password: 'wrong-password' };
  if (route.path.endsWith('/saved-views') || route.path.includes('/saved-views/')) {
    return { name: `fuzz ${i}`, scope: 'conversations', config: { environment: 'fuzz' } };
  }
  if (route.path.endsWith('/test-alert')) return {}; // never a real webhook: only what is already saved (or none)
  return route.bodySchema ? example(route.doc, route.bodySchema, rng) : {};
}

// JSON text with strings that JSON.stringify would not write as-is
function rawJsonMutation(body, rng) {
  const text = JSON.stringify(body);
  const variants = [
    () => text.slice(0, Math.max(1, rng.int(text.length))),              // truncated
    () => text + rng.pick(['x', '}', ',', ' {}', '\u0000', '[]']),        // trailing garbage
    () => text.replace(/"([^"\\]*)"/, '"$1\\q"'),                        // invalid escape
    () => text.replace(/"([^"\\]*)"/, '"$1\\u12"'),                      // short \u escape
    () => text.replace(/"([^"\\]*)"/, '"$1\\ud800"'),                    // lone high surrogate, escaped
    () => text.replace(/"([^"\\]*)"/, '"$1\\udc00\\ud800"'),             // reversed pair
    () => text.replace(/"([^"\\]*)"/, '"$1\\u0000"'),                    // NUL, escaped
    () => text.replace(/:\s*"[^"\\]*"/, ':"a\u0001b"'),                   // raw control character
    () => text.replace(/^\{/, '{"' + 'k'.repeat(rng.int(3) + 1) + '":1,'), // extra field
    () => text.replace(/^\{/, '{"a":1,"a":2,'),                           // duplicate key
    () => text.replace(/:\s*(\d+|true|false|"[^"]*")/, ':1e400'),         // number beyond double
    () => text.replace(/:\s*(\d+|true|false|"[^"]*")/, ':-1e400'),
    () => text.replace(/:\s*(\d+|true|false|"[^"]*")/, ':123456789012345678901234567890'),
    () => text.replace(/:\s*(\d+|true|false|"[^"]*")/, ':NaN'),
    () => text.replace(/:\s*(\d+|true|false|"[^"]*")/, ':' + deepJson(1000 + rng.int(4000))),
    () => text.replace(/:\s*(\d+|true|false|"[^"]*")/, ':' + '{"a":'.repeat(600) + '1' + '}'.repeat(600)),
    () => text.replace(/'/g, '"').replace(/"/g, "'"),                      // single quotes
    () => '\ufeff' + text,                                                 // BOM
    () => text.replace(/,/g, ',,'),
    () => '',
    () => ' ',
    () => 'null', () => '[]', () => '"a string"', () => '0', () => 'true', () => '{}', () => '[' + text + ']',
    () => deepJson(2000 + rng.int(20000)),
    () => '{"a":"' + 'x'.repeat(1_100_000) + '"}',                        // over the 1 MiB body limit
    () => 'not json at all',
  ];
  return rng.pick(variants)();
}

function valueMutation(body, rng) {
  // change one field (possibly nested) to a wrong-typed / weird value, delete it, or add extra ones
  const b = structuredClone(body ?? {});
  // a body documented as a scalar (a raw string or bytes, e.g. the waitlist sign-up read as bytes): replace it whole
  if (typeof b !== 'object' || b === null) return JSON.stringify(rng.pick(WEIRD_VALUES()));
  const holders = [];
  (function walk(o, d) {
    if (o && typeof o === 'object' && d < 4) {
      holders.push(o);
      for (const v of Object.values(o)) walk(v, d + 1);
    }
  })(b, 0);
  const target = rng.pick(holders.length ? holders : [b]);
  const keys = Object.keys(target);
  const op = rng.int(10);
  if (op < 6 && keys.length) {
    const k = rng.pick(keys);
    target[k] = rng.pick(WEIRD_VALUES());
  } else if (op < 8 && keys.length) {
    delete target[rng.pick(keys)];
  } else {
    target[rng.pick(['extra', '__proto__x', 'constructor', '', '\u0000', 'a'.repeat(1000), '\ud800'])] = rng.pick(WEIRD_VALUES());
  }
  return JSON.stringify(b);
}

function encodePathValue(v) {
  // values that already look percent-encoded go raw (to test the server's decoding); others are encoded
  return /%|^\.\.$/.test(v) ? v : encodeURIComponent(v);
}

function fillPath(route, rng, { bad }) {
  return route.path.replace(/\{([^}]+)\}/g, (_, name) => {
    if (!bad && ctx.realIds[name]) {
      const real = ctx.realIds[name](route);
      if (real) return real;
    }
    if (!bad) return randomUUID();
    return encodePathValue(rng.pick(BAD_IDS));
  });
}

function goodQuery(route) {
  return route.params.filter((p) => p.in === 'query' && p.name === 'limit').map(() => 'limit=5').join('&');
}

function badQuery(route, rng) {
  const declared = route.params.filter((p) => p.in === 'query');
  const parts = [];
  const n = 1 + rng.int(3);
  for (let k = 0; k < n; k++) {
    const name = declared.length && rng.chance(0.8) ? rng.pick(declared).name : rng.pick(['x', '%zz', 'a%00', '', 'limit[]', '%ED%A0%80']);
    parts.push(`${name}=${rng.pick(BAD_QUERY_VALUES)}`);
  }
  if (rng.chance(0.1)) parts.push(rng.pick(['&&&', '=', '==', '%', '?']));
  return parts.join('&');
}

const ENVELOPE_FREE_OK = new Set([]); // statuses allowed without an envelope (none)

function authHeaders(route, kind) {
  if (route.service === 'ingestion-gateway') return kind === 'none' ? {} : { 'X-API-Key': ctx.apiKey };
  if (route.path.endsWith('/auth/login')) return {};
  return kind === 'none' ? {} : { Authorization: `Bearer ${ctx.token}` };
}

function b64url(s) { return Buffer.from(s).toString('base64url'); }

function badAuth(route, rng) {
  const now = Math.floor(Date.now() / 1000);
  const [h, p, s] = ctx.token.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
  const forged = { ...claims, app_metadata: { sensei_role: 'admin' }, sub: 'attacker', exp: now + 3600 };
  const choices = [
    {},
    { Authorization: 'Bearer' },
    { Authorization: 'Bearer ' },
    { Authorization: 'Bearer not.a.jwt' },
    { Authorization: 'Bearer ' + 'x'.repeat(rng.pick([10, 5000, 15000])) },
    { Authorization: `Bearer ${b64url('{"alg":"none","typ":"JWT"}')}.${b64url(JSON.stringify(forged))}.` },
    { Authorization: `Bearer ${h}.${b64url(JSON.stringify(forged))}.${s}` },             // payload swapped
    { Authorization: `Bearer ${h}.${p}.${s.slice(0, -4)}AAAA` },                          // signature broken
    { Authorization: `Bearer ${h}.${b64url(JSON.stringify({ ...claims, exp: now - 10 }))}.${s}` }, // "expired", unsigned
    { Authorization: `Bearer ${b64url('{"alg":"HS256"}')}.${b64url('{}')}.${b64url('sig')}` },
    { Authorization: `Basic ${b64url('admin:admin')}` },
    { Authorization: `bearer ${ctx.token}x` },
    { Authorization: `Bearer ${ctx.token}`, 'X-API-Key': 'sk_' + 'f'.repeat(40) },
    { 'X-API-Key': 'sk_not_a_key' },
    { 'X-API-Key': 'sk_' + 'a'.repeat(rng.pick([1, 64, 4000])) },
    { Authorization: 'Bearer sk_live_000000000000000000000000' },
    { Authorization: `Bearer ${ctx.apiKey}` },                                              // a key where a JWT goes
    { Authorization: `Bearer ${ctx.apiKey.slice(0, -2)}zz` },
  ];
  return rng.pick(choices);
}

// ------------------------------------------------------------------------------------------------- OTLP cases
/** Protobuf varint / length-delimited field encoders: enough to build an ExportTraceServiceRequest by hand. */
function varint(n) { const out = []; let v = BigInt(n); do { let b = Number(v & 0x7fn); v >>= 7n; if (v) b |= 0x80; out.push(b); } while (v); return Buffer.from(out); }
function field(no, bytes) { return Buffer.concat([varint((no << 3) | 2), varint(bytes.length), bytes]); }
function str(s) { return Buffer.from(s, 'utf8'); }
function kv(k, v) { return Buffer.concat([field(1, str(k)), field(2, field(1, str(v)))]); } // KeyValue{key, AnyValue{string_value}}
/** One span (trace_id 1, span_id 2, name 5, start 7 / end 8 as fixed64, attributes 9) in one ResourceSpans. */
function otlpProto(rng, { withId }) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const fixed64 = (no, v) => { const b = Buffer.alloc(9); b[0] = (no << 3) | 1; b.writeBigUInt64LE(v, 1); return b; };
  const attrs = [kv('gen_ai.prompt.0.content', rng.pick(['hi', 'x'.repeat(40_000), '\u0000', 'ok']))];
  if (withId) attrs.push(kv('gen_ai.conversation.id', `fuzz-otlp-${SEED}-${rng.int(1e9)}`));
  const span = Buffer.concat([field(1, Buffer.alloc(16, 7)), field(2, Buffer.alloc(8, 9)), field(5, str('chat')),
    fixed64(7, now), fixed64(8, now + 1_000_000n), ...attrs.map((a) => field(9, a))]);
  return field(1, field(2, field(2, span)));
}
function otlpJson(rng, { withId }) {
  const attributes = [{ key: 'gen_ai.prompt.0.content', value: { stringValue: 'hello' } }];
  if (withId) attributes.push({ key: 'gen_ai.conversation.id', value: { stringValue: `fuzz-otlp-${SEED}-${rng.int(1e9)}` } });
  return { resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: rng.pick(['5b8efff798038103d269b633813fc60c', 'zz', '', 12]),
    spanId: 'eee19b7ec3c1b174', name: 'chat', kind: rng.pick([3, 'SPAN_KIND_CLIENT', 99, 'nope']), startTimeUnixNano: `${Date.now()}000000`, attributes }] }] }] };
}

function otlpCase(route, i, rng) {
  const headers = { 'x-sensei-api-key': ctx.apiKey };
  const kind = rng.pick(['otlp-bad-protobuf', 'otlp-content-type', 'otlp-truncated-gzip', 'otlp-no-ids', 'otlp-json-raw',
    'otlp-json-value', 'otlp-auth', 'otlp-valid-gzip', 'otlp-bomb']);
  let contentType = 'application/x-protobuf';
  let body;
  switch (kind) {
    case 'otlp-bad-protobuf': {
      const good = otlpProto(rng, { withId: true });
      const variants = [Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]), good.subarray(0, rng.int(good.length)),
        Buffer.from(Array.from({ length: 64 }, () => rng.int(256))), Buffer.concat([good, Buffer.from([0x0f])]), str('{"resourceSpans":[]}')];
      body = rng.pick(variants);
      break;
    }
    case 'otlp-content-type':
      contentType = rng.pick(['text/plain', 'application/protobuf', 'application/grpc', 'multipart/form-data', '', 'application/x-protobuf;x']);
      body = otlpProto(rng, { withId: true });
      break;
    case 'otlp-truncated-gzip': {
      const z = gzipSync(otlpProto(rng, { withId: true }));
      headers['Content-Encoding'] = rng.pick(['gzip', 'gzip', 'deflate', 'br']);
      body = z.subarray(0, Math.max(1, rng.int(z.length - 1)));
      break;
    }
    case 'otlp-no-ids':
      if (rng.chance(0.5)) body = otlpProto(rng, { withId: false });
      else { contentType = 'application/json'; body = JSON.stringify(otlpJson(rng, { withId: false })); }
      break;
    case 'otlp-json-raw':
      contentType = 'application/json';
      body = rawJsonMutation(otlpJson(rng, { withId: true }), rng);
      break;
    case 'otlp-json-value':
      contentType = 'application/json';
      body = valueMutation(otlpJson(rng, { withId: true }), rng);
      break;
    case 'otlp-auth':
      delete headers['x-sensei-api-key'];
      Object.assign(headers, rng.pick([{}, { 'x-sensei-api-key': 'sk_nope' }, { Authorization: 'Bearer ' }, { 'X-API-Key': 'x'.repeat(5000) }]));
      body = otlpProto(rng, { withId: true });
      break;
    case 'otlp-valid-gzip':
      headers['Content-Encoding'] = 'gzip';
      body = gzipSync(otlpProto(rng, { withId: true }));
      break;
    case 'otlp-bomb':
      headers['Content-Encoding'] = 'gzip';
      body = gzipSync(Buffer.alloc(rng.pick([2, 8]) * 1024 * 1024));
      break;
    default: break;
  }
  if (contentType) headers['Content-Type'] = contentType;
  return { i, route, kind, method: 'POST', url: BASE + route.path, headers, body };
}

/** A google.rpc.Status: only fields 1 (code, varint) and 2 (message, string) and a non-empty message. */
function isStatus(buf) {
  let i = 0; let message = false;
  const readVarint = () => { let shift = 0n; let v = 0n; for (;;) { if (i >= buf.length) return null; const b = buf[i++]; v |= BigInt(b & 0x7f) << shift; if (!(b & 0x80)) return v; shift += 7n; } };
  while (i < buf.length) {
    const tag = readVarint();
    if (tag === 8n) { if (readVarint() === null) return false; }
    else if (tag === 18n) { const len = readVarint(); if (len === null || i + Number(len) > buf.length) return false; i += Number(len); message = len > 0n; }
    else if (tag === 26n) { const len = readVarint(); if (len === null) return false; i += Number(len); }
    else return false;
  }
  return message;
}

function otlpProblem(c, r) {
  if (r.status === 0) return c.kind === 'otlp-bomb' ? null : `no answer (${r.error})`;
  if (r.status >= 500) return `status ${r.status}: ${String(r.text).slice(0, 300)}`;
  const protobufRequest = (c.headers['Content-Type'] ?? '').split(';')[0].trim() === 'application/x-protobuf';
  if (r.status >= 400) {
    if (protobufRequest) {
      if (!r.type.startsWith('application/x-protobuf') || !isStatus(r.raw)) return `${r.status} to a protobuf request is not a google.rpc.Status`;
      return null;
    }
    let j;
    try { j = JSON.parse(r.text); } catch { return `${r.status} body is not valid JSON: ${r.text.slice(0, 200)}`; }
    if (typeof j?.message !== 'string' || typeof j?.code !== 'string' || !Array.isArray(j?.details)) return `${r.status} is not the error envelope: ${r.text.slice(0, 200)}`;
    return null;
  }
  if (r.status === 200 && c.kind === 'otlp-no-ids') {
    if (protobufRequest) {
      // ExportTraceServiceResponse{partial_success(1){rejected_spans(1)=n, ...}}: 0x0a <varint len> 0x08 n ...
      let i = 1;
      while (i < r.raw.length && r.raw[i] & 0x80) i++;
      if (r.raw[0] !== 0x0a || r.raw[i + 1] !== 0x08 || !(r.raw[i + 2] >= 1)) return 'span without an id was not reported as rejected';
    } else if (!(Number(JSON.parse(r.text)?.partialSuccess?.rejectedSpans) >= 1)) {
      return 'span without an id was not reported as rejected';
    }
  }
  return null;
}

/** The request for case i: deterministic in (seed, i) and the run's setup. */
function makeCase(routes, i) {
  const rng = caseRng(SEED, i);
  const route = routes[i % routes.length];
  if (route.service === 'otlp') return otlpCase(route, i, rng);
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
  const kinds = ['auth', 'method', 'query', 'headers', 'uri'];
  if (route.path.includes('{')) kinds.push('path', 'path');
  if (hasBody) kinds.push('body-value', 'body-value', 'body-raw', 'body-raw', 'content-type');
  // the feedback intake (POST /api/v1/feedback[/batch]), not dashboard-api's GET /conversations/{id}/feedback
  const isFeedback = hasBody && /\/api\/v1\/feedback(\/batch)?$/.test(route.path);
  if (isFeedback) kinds.push('body-feedback', 'body-feedback', 'body-feedback');
  if (route.params.some((p) => p.in === 'query')) kinds.push('query');
  const kind = rng.pick(kinds);
  let method = route.method;
  let path = fillPath(route, rng, { bad: kind === 'path' });
  let query = kind === 'query' ? badQuery(route, rng) : goodQuery(route);
  let headers = authHeaders(route, 'ok');
  let body;
  let contentType = hasBody ? 'application/json' : undefined;
  const start = hasBody ? baseBody(route, i, rng) : undefined;
  if (hasBody) body = JSON.stringify(start);

  switch (kind) {
    case 'auth': headers = badAuth(route, rng); break;
    case 'method': {
      const others = METHODS.filter((m) => !route.methods.includes(m));
      method = others.length ? rng.pick(others) : rng.pick(['PATCH', 'DELETE']);
      if (['POST', 'PUT', 'PATCH'].includes(method)) { body = '{}'; contentType = 'application/json'; } else { body = undefined; contentType = undefined; }
      break;
    }
    case 'headers': {
      const which = rng.int(4);
      if (which === 0) headers = { ...headers, 'X-Fuzz': 'h'.repeat(rng.pick([17_000, 40_000])) };
      else if (which === 1) for (let k = 0; k < 200; k++) headers[`x-fuzz-${k}`] = 'v'.repeat(100);
      else if (which === 2) headers = { ...headers, Accept: rng.pick(['application/xml', 'text/html', 'image/png', '*/*;q=x', '']) };
      else headers = { ...headers, 'X-Request-Id': 'r'.repeat(rng.pick([129, 5000])), 'X-Forwarded-For': rng.pick(['::::', '1.2.3', 'x'.repeat(300)]) };
      break;
    }
    case 'uri': {
      const pad = rng.pick([9_000, 20_000, 60_000]);
      query = (query ? query + '&' : '') + 'pad=' + 'p'.repeat(pad);
      break;
    }
    case 'content-type': contentType = rng.pick(CONTENT_TYPES); if (rng.chance(0.3)) body = 'name=x&scope=y'; break;
    case 'body-value': body = valueMutation(start, rng); break;
    case 'body-raw': body = rawJsonMutation(start, rng); break;
    case 'body-feedback': body = feedbackMutation(start, rng); break;
    default: break;
  }
  if (contentType !== undefined && contentType !== '') headers = { ...headers, 'Content-Type': contentType };
  const url = BASE + path + (query ? '?' + query : '');
  return { i, route, kind, method, url, headers, body };
}

async function send(c) {
  const started = Date.now();
  try {
    const res = await fetch(c.url, {
      method: c.method, headers: c.headers, body: c.body, redirect: 'manual', signal: AbortSignal.timeout(30_000),
    });
    const raw = Buffer.from(await res.arrayBuffer());
    return { status: res.status, type: res.headers.get('content-type') ?? '', text: raw.toString('utf8'), raw, ms: Date.now() - started };
  } catch (e) {
    return { status: 0, error: `${e.name}: ${e.cause?.code ?? e.cause?.message ?? e.message}`, ms: Date.now() - started };
  }
}

/** Paths opened from an email by a person: a page for a browser, the envelope for any other client. */
const EMAILED_LINKS = new Set(['/api/v1/email/unsubscribe', '/api/v1/waitlist/confirm']);

/** Why this answer breaks the rules, or null. */
function problem(c, r) {
  if (c.route.service === 'otlp') return otlpProblem(c, r);
  const oversized = (c.body?.length ?? 0) > 1024 * 1024;
  if (r.status === 0) {
    // an over-limit body may be refused (413) before it is all sent; the server then closes the connection
    return oversized ? null : `no answer (${r.error})`;
  }
  if (r.status >= 500) return `status ${r.status}: ${r.text.slice(0, 300)}`;
  if (r.status >= 400) {
    if (ENVELOPE_FREE_OK.has(r.status)) return null;
    // the links in emails answer a browser (Accept: text/html) with a page, every other client with the envelope
    if (EMAILED_LINKS.has(c.route.path) && /text\/html/.test(c.headers?.Accept ?? '') && r.type.includes('text/html')) return null;
    if (!r.type.includes('application/json')) return `${r.status} is not JSON (content-type "${r.type}"): ${r.text.slice(0, 200)}`;
    let j;
    try { j = JSON.parse(r.text); } catch { return `${r.status} body is not valid JSON: ${r.text.slice(0, 200)}`; }
    if (typeof j?.message !== 'string' || typeof j?.code !== 'string' || !Array.isArray(j?.details)) {
      return `${r.status} is not the error envelope: ${r.text.slice(0, 200)}`;
    }
    return null;
  }
  if (r.type.includes('json') && r.text.length) {
    try { JSON.parse(r.text); } catch { return `${r.status} with invalid JSON (truncated?): ...${r.text.slice(-120)}`; }
  }
  return null;
}

// ------------------------------------------------------------------------------------ every 202 is stored
const accepted = []; // { env, ext, msgs: [ids], case }
const acceptedFeedback = []; // { env, ext, msg, user, case }: the identity key of each accepted feedback item

function hasLoneSurrogate(s) { return typeof s === 'string' && s !== s.toWellFormed?.() ; }

function noteAccepted(c, r) {
  if (c.route.service !== 'ingestion-gateway' || (r.status !== 202 && r.status !== 207 && r.status !== 200)) return null;
  let sent;
  // RFC 8259 section 8.1 lets a parser ignore a leading byte order mark (Jackson does); JSON.parse does not
  const text = typeof c.body === 'string' && c.body.startsWith('\ufeff') ? c.body.slice(1) : c.body;
  try { sent = JSON.parse(text); } catch { return r.status === 202 ? 'ingestion answered 202 to a body that is not JSON' : null; }
  const items = [];
  const feedback = /\/feedback(\/batch)?$/.test(c.route.path);
  if (c.route.path.endsWith('/batch')) {
    let res;
    try { res = JSON.parse(r.text); } catch { return 'batch answer is not JSON'; }
    for (const item of res.results ?? res.items ?? []) {
      if (item.status === 202) items.push((feedback ? sent.feedback : sent.conversations)?.[item.index]);
    }
  } else if (r.status === 202) {
    items.push(sent);
  }
  if (feedback) {
    for (const f of items) {
      if (!f || typeof f !== 'object') return 'accepted something that is not a feedback object';
      const key = { env: f.environment ?? 'production', ext: f.conversation_id, msg: f.message_id ?? '', user: f.user_id ?? '' };
      if (Object.values(key).some(hasLoneSurrogate)) return `accepted a lone surrogate in feedback: ${JSON.stringify(key.ext)}`;
      if (!(f.kind === 'thumbs' ? [-1, 1].includes(f.value) : f.kind === 'rating' && Number.isInteger(f.value) && f.value >= 1 && f.value <= 5)) {
        return `accepted feedback with kind ${JSON.stringify(f.kind)} and value ${JSON.stringify(f.value)}`;
      }
      if (typeof f.comment === 'string' && [...f.comment].length > 4000) return 'accepted a comment over 4000 characters';
      acceptedFeedback.push({ ...key, case: c.i });
    }
    return null;
  }
  for (const conv of items) {
    if (!conv || typeof conv !== 'object') return 'accepted something that is not a conversation';
    const env = conv.environment ?? 'production';
    const ext = conv.conversation_id;
    const msgs = (Array.isArray(conv.messages) ? conv.messages : []).map((m) => m?.id).filter((id) => typeof id === 'string');
    if ([env, ext, ...msgs].some(hasLoneSurrogate)) return `accepted a lone surrogate (it cannot be stored as sent): ${JSON.stringify(ext)}`;
    accepted.push({ env, ext, msgs: [...new Set(msgs)], case: c.i });
  }
  return null;
}

function psql(sql) {
  return execFileSync('psql', [DATABASE_URL, '-X', '-q', '-tA', '-v', 'ON_ERROR_STOP=1', '-f', '-'], { input: sql, encoding: 'utf8', maxBuffer: 64 << 20 }).trim();
}

function missingInDb() {
  if (!accepted.length) return [];
  const tag = 'fz' + randomUUID().replace(/-/g, '');
  const data = JSON.stringify(accepted.map(({ env, ext, msgs }, k) => ({ k, env, ext, msgs })));
  const out = psql(`
    with want as (select * from json_to_recordset($${tag}$${data}$${tag}$::json) as w(k int, env text, ext text, msgs text[]))
    select coalesce(json_agg(w.k), '[]') from want w
    left join conversations c on c.environment = w.env and c.external_id = w.ext
    where c.id is null
       or (select count(distinct m.external_id) from messages m where m.conversation_id = c.id and m.external_id = any(w.msgs))
          < cardinality(w.msgs);`);
  return JSON.parse(out).map((k) => accepted[k]);
}

function missingFeedbackInDb() {
  if (!acceptedFeedback.length) return [];
  const tag = 'fz' + randomUUID().replace(/-/g, '');
  const data = JSON.stringify(acceptedFeedback.map(({ env, ext, msg, user }, k) => ({ k, env, ext, msg, user })));
  const out = psql(`
    with want as (select * from json_to_recordset($${tag}$${data}$${tag}$::json) as w(k int, env text, ext text, msg text, "user" text))
    select coalesce(json_agg(w.k), '[]') from want w
    where not exists (select 1 from feedback f where f.environment = w.env and f.conversation_external_id = w.ext
                        and f.message_external_id = w.msg and f.user_id = w."user");`);
  return JSON.parse(out).map((k) => acceptedFeedback[k]);
}

// --------------------------------------------------------------------------------------------------------- setup
async function setup(routes) {
  if (!EMAIL || !PASSWORD) throw new Error('SENSEI_ADMIN_EMAIL and SENSEI_ADMIN_PASSWORD must be set (. .run/e2e/stack.env)');
  const post = async (path, body, headers = {}) => {
    const res = await fetch(BASE + path, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const json = await res.json().catch(() => ({}));
    if (res.status >= 300) throw new Error(`setup ${path}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  };
  const login = await post('/api/v1/auth/login', { email: EMAIL, password: PASSWORD });
  const token = login.access_token;
  const auth = { Authorization: `Bearer ${token}` };
  const key = await post('/api/v1/api-keys', { name: `fuzz ${SEED}` }, auth);
  const view = await post('/api/v1/saved-views', { name: `fuzz target ${SEED}-${randomUUID().slice(0, 6)}`, scope: 'conversations', config: {} }, auth);
  await post('/api/v1/conversations/track', validConversation('setup', caseRng(SEED, -1)), { 'X-API-Key': key.key });
  // the setup conversation's row id, for routes that take a conversation id
  let conversationId = null;
  for (let k = 0; k < 60 && !conversationId; k++) {
    const res = await fetch(`${BASE}/api/v1/conversations?environment=fuzz&q=${encodeURIComponent('fuzz case setup')}`, { headers: auth });
    const j = await res.json().catch(() => ({}));
    conversationId = j.items?.find((x) => x.external_id === `fuzz-${SEED}-setup`)?.id ?? null;
    if (!conversationId) await new Promise((r) => setTimeout(r, 500));
  }
  ctx = {
    token, apiKey: key.key,
    realIds: {
      // a real row behind the id: bodies and params are then checked past the lookup too
      id: (route) => (route.path.includes('/saved-views/') ? view.id : route.path.includes('/conversations/') ? conversationId : null),
    },
  };
  void routes;
}

// ---------------------------------------------------------------------------------------------------------- main
function reproducer(c) {
  const h = Object.entries(c.headers).map(([k, v]) => `-H '${k}: ${v.length > 80 ? v.slice(0, 40) + '...' : v}'`).join(' ');
  const b = c.body === undefined ? '' : typeof c.body !== 'string' ? ` --data-binary '<${c.body.length} bytes of ${c.kind}>'` : c.body.length > 200 ? ` --data-binary '<${c.body.length} bytes>'` : ` --data-binary ${JSON.stringify(c.body)}`;
  const url = c.url.length > 200 ? c.url.slice(0, 160) + `...<${c.url.length} chars>` : c.url;
  return `node services/gateway/src/fuzz/fuzz.mjs --seed ${SEED} --case ${c.i}   # curl -X ${c.method} '${url}' ${h}${b}`;
}

async function main() {
  const t0 = Date.now();
  const routes = await loadRoutes();
  await setup(routes);
  console.log(`fuzz: ${routes.length} routes (${[...new Set(routes.map((r) => r.service))].join(', ')}), ${ONLY ?? SIZE} inputs, seed ${SEED}, against ${BASE}`);

  if (ONLY !== null) {
    const c = makeCase(routes, ONLY);
    const r = await send(c);
    console.log(JSON.stringify({ kind: c.kind, method: c.method, url: c.url.slice(0, 500), headers: Object.keys(c.headers), body: c.body?.slice(0, 500) }, null, 2));
    console.log(`-> ${r.status} ${r.type} ${r.error ?? ''}\n${(r.text ?? '').slice(0, 1000)}`);
    const p = problem(c, r) ?? noteAccepted(c, r);
    console.log(p ? `FAILED: ${p}` : 'ok');
    console.log(p ? '0 passed, 1 failed' : '1 passed, 0 failed');
    process.exit(p ? 1 : 0);
  }

  const byEndpoint = new Map();
  const failures = [];
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < SIZE) {
      const c = makeCase(routes, next++);
      const r = await send(c);
      const p = problem(c, r) ?? noteAccepted(c, r);
      const ep = `${c.route.method.padEnd(6)} ${c.route.path}`;
      const counts = byEndpoint.get(ep) ?? new Map();
      const key = r.status === 0 ? 'closed' : String(r.status);
      counts.set(key, (counts.get(key) ?? 0) + 1);
      byEndpoint.set(ep, counts);
      if (p) failures.push({ c, p, status: r.status });
      if (++done % 1000 === 0) console.log(`  ${done}/${SIZE} sent, ${failures.length} failed, ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const sentSeconds = (Date.now() - t0) / 1000;

  // every 202 is stored: wait for the processor to drain, then look each accepted conversation up
  let missing = [];
  if (accepted.length || acceptedFeedback.length) {
    if (!DATABASE_URL) throw new Error('DATABASE_URL must be set to check that accepted conversations are stored');
    const deadline = Date.now() + DRAIN_SECONDS * 1000;
    do {
      missing = [...missingInDb(), ...missingFeedbackInDb()];
      if (!missing.length) break;
      await new Promise((r) => setTimeout(r, 1000));
    } while (Date.now() < deadline);
  }

  console.log('\nanswers per endpoint (status:count):');
  for (const [ep, counts] of [...byEndpoint].sort()) {
    console.log(`  ${ep.padEnd(58)} ${[...counts].sort().map(([s, n]) => `${s}:${n}`).join(' ')}`);
  }
  const statusTotals = new Map();
  for (const counts of byEndpoint.values()) for (const [s, n] of counts) statusTotals.set(s, (statusTotals.get(s) ?? 0) + n);
  console.log(`  all: ${[...statusTotals].sort().map(([s, n]) => `${s}:${n}`).join(' ')}`);
  const fourxx = [...statusTotals].filter(([s]) => s.startsWith('4')).reduce((a, [, n]) => a + n, 0);
  const fivexx = [...statusTotals].filter(([s]) => s.startsWith('5')).reduce((a, [, n]) => a + n, 0);
  const badEnvelope = failures.filter((f) => f.status >= 400 && f.status < 500).length;
  console.log(`\n${SIZE} inputs in ${sentSeconds.toFixed(1)} s; ${fivexx} answers >= 500; ${fourxx} 4xx of which ${badEnvelope} outside the envelope; `
    + `${accepted.length} conversations and ${acceptedFeedback.length} feedback items accepted by ingestion, `
    + `${accepted.length + acceptedFeedback.length - missing.length} found stored`);

  if (failures.length || missing.length) {
    const groups = new Map();
    for (const f of failures) {
      const g = `${f.c.method} ${f.c.route.path} [${f.c.kind}] ${f.p.replace(/:.*$/s, '')}`;
      groups.set(g, (groups.get(g) ?? 0) + 1);
    }
    console.log(`\nfailures by endpoint and kind:`);
    for (const [g, n] of [...groups].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(5)}  ${g}`);
    console.log(`\nfailures (${failures.length + missing.length}; first 60 shown, each with a reproducer):`);
    for (const f of failures.slice(0, 60)) console.log(`  [${f.c.kind}] ${f.c.method} ${f.c.route.path}: ${f.p}\n      ${reproducer(f.c)}`);
    for (const m of missing.slice(0, 20)) console.log(`  [stored] 202 but not in PostgreSQL: environment=${JSON.stringify(m.env)} conversation_id=${JSON.stringify(m.ext)} ${m.msgs ? `messages=${JSON.stringify(m.msgs)}` : `feedback message_id=${JSON.stringify(m.msg)} user_id=${JSON.stringify(m.user)}`} (case ${m.case})`);
  }
  const checks = SIZE + accepted.length + acceptedFeedback.length;
  const failed = failures.length + missing.length;
  console.log(`\n${checks - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

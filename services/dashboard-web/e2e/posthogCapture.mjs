// A local stand-in for a PostHog ingestion host: a real HTTP server on loopback that answers what posthog-js calls
// (/flags, /decide, remote config, /e/, /i/v0/e/, /batch/, /capture/, /s/), decodes gzip / base64 / form bodies and
// records every request and every event, so a browser test can see exactly what left the page.
import { createServer } from 'node:http';
import { gunzipSync } from 'node:zlib';

const EVENT_PATHS = [
  /^\/e\/?$/,
  /^\/i\/v0\/e\/?$/,
  /^\/batch\/?$/,
  /^\/capture\/?$/,
  /^\/track\/?$/,
  /^\/engage\/?$/,
  /^\/s\/?$/,
];
const FLAG_PATHS = [/^\/flags\/?$/, /^\/decide\/?$/];

export function decodeBody(buf, query, headers) {
  if (!buf.length) return null;
  let b = buf;
  const gz =
    query.get('compression') === 'gzip-js' ||
    headers['content-encoding'] === 'gzip' ||
    (b[0] === 0x1f && b[1] === 0x8b);
  if (gz) b = gunzipSync(b);
  let s = b.toString('utf8');
  if (s.startsWith('data=')) s = Buffer.from(decodeURIComponent(s.slice(5).split('&')[0]), 'base64').toString('utf8');
  else if (query.get('compression') === 'base64') s = Buffer.from(s, 'base64').toString('utf8');
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}

function eventsOf(body) {
  if (!body || typeof body !== 'object') return [];
  if (Array.isArray(body)) return body.filter((e) => e && typeof e === 'object' && 'event' in e);
  if (Array.isArray(body.batch)) return body.batch;
  if ('event' in body) return [body];
  return [];
}

export function startCaptureServer() {
  const requests = [];
  const events = [];
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url, 'http://capture.local');
      const cors = {
        'Access-Control-Allow-Origin': req.headers.origin ?? '*',
        'Access-Control-Allow-Credentials': 'true',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
        'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      };
      if (req.method === 'OPTIONS') {
        res.writeHead(204, cors).end();
        return;
      }
      let body = null;
      let decodeError = null;
      try {
        body = decodeBody(Buffer.concat(chunks), url.searchParams, req.headers);
      } catch (e) {
        decodeError = e.message;
      }
      const entry = {
        method: req.method,
        path: url.pathname,
        query: url.search,
        headers: req.headers,
        body,
        decodeError,
        raw: Buffer.concat(chunks),
      };
      requests.push(entry);
      if (EVENT_PATHS.some((p) => p.test(url.pathname))) {
        for (const e of eventsOf(body)) events.push({ ...e, _path: url.pathname });
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{"status":1}');
      } else if (FLAG_PATHS.some((p) => p.test(url.pathname))) {
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end(
          JSON.stringify({
            featureFlags: {},
            featureFlagPayloads: {},
            errorsWhileComputingFlags: false,
            sessionRecording: false,
            supportedCompression: ['gzip-js'],
            autocapture_opt_out: true,
          }),
        );
      } else {
        // remote config (/array/<key>/config) and anything else: an empty but valid answer
        res.writeHead(200, { ...cors, 'Content-Type': 'application/json' }).end('{}');
      }
    });
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({
        server,
        requests,
        events,
        url: `http://127.0.0.1:${server.address().port}`,
        reset() {
          requests.length = 0;
          events.length = 0;
        },
      }),
    ),
  );
}

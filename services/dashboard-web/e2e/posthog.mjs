#!/usr/bin/env node
// Product analytics in a real browser. A second gateway process is started with POSTHOG_KEY and POSTHOG_HOST
// pointing at a local capture server (e2e/posthogCapture.mjs), in front of the same running stack; the stack's own
// gateway has no key. Asserted:
//   - no key → not one request to the analytics host and the posthog-js chunk is never fetched;
//   - Do Not Track (navigator.doNotTrack, and the DNT: 1 header) → the same;
//   - a user who opted out → the same;
//   - with a key → "signed in" and "api key created" arrive, under a hashed id, with no email, key or message text;
//   - opting out in Settings stops sending at once, and the next load does not fetch the script.
// Ends with "N passed, N failed".
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BASE,
  EMAIL,
  apiLogin,
  assert,
  finish,
  http,
  launch,
  loginInBrowser,
  sleep,
  step,
  stop,
  until,
} from './lib.mjs';
import { startCaptureServer } from './posthogCapture.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '../../..');
const DIST = resolve(HERE, '../dist');
const KEY = 'phc_e2e_local_key';

function freePort() {
  return new Promise((r) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => r(port));
    });
  });
}

/** The posthog-js chunk of this build, from Vite's manifest: the file a page must never fetch when analytics is off. */
function posthogChunk() {
  const manifest = JSON.parse(readFileSync(join(DIST, '.vite', 'manifest.json'), 'utf8'));
  const key = Object.keys(manifest).find((k) => k.includes('posthog-js/dist/module.no-external'));
  assert(key, 'the build has a posthog-js chunk (npm run build first)');
  return manifest[key].file;
}

/** A second gateway in front of the running stack's services, with analytics configured. */
async function startKeyedGateway(captureUrl) {
  const jar = join(ROOT, 'services/gateway/target/quarkus-app/quarkus-run.jar');
  assert(existsSync(jar), `missing ${jar}: build the gateway first`);
  const stackPort = Number(new URL(BASE).port || 80);
  const port = await freePort();
  const env = {
    ...process.env,
    QUARKUS_HTTP_PORT: String(port),
    QUARKUS_HTTP_HOST: '127.0.0.1',
    SENSEI_DASHBOARD_API_URL: `http://127.0.0.1:${stackPort + 1}`,
    SENSEI_ADMIN_API_URL: `http://127.0.0.1:${stackPort + 2}`,
    SENSEI_INGESTION_URL: `http://127.0.0.1:${stackPort + 3}`,
    SENSEI_WEB_ROOT: DIST,
    SENSEI_PUBLIC_URL: `http://127.0.0.1:${port}`,
    POSTHOG_KEY: KEY,
    POSTHOG_HOST: captureUrl,
    POSTHOG_REPLAY: 'false',
  };
  const child = spawn('java', ['-Xmx128m', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1', '-jar', jar], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  const base = `http://127.0.0.1:${port}`;
  await until(
    'the keyed gateway to start',
    async () => {
      if (child.exitCode !== null) throw new Error(`gateway exited: ${log.slice(-2000)}`);
      const r = await fetch(`${base}/q/health/ready`).catch(() => null);
      return r?.ok;
    },
    90_000,
    300,
  );
  return { base, child, stop: () => child.kill('SIGTERM') };
}

async function main() {
  console.log(`analytics e2e against ${BASE}`);
  const capture = await startCaptureServer();
  const captureHost = new URL(capture.url).host;
  let token;
  let subject;
  let prefsApi = true;
  let gw;
  let chunk;

  const setAnalyticsPreference = async (on) => {
    const r = await http('PATCH', '/me/preferences', { token, body: { product_analytics: on } });
    if (r.status === 404) prefsApi = false;
    else
      assert(
        r.status === 200 && r.body.product_analytics === on,
        `PATCH product_analytics answered ${r.status}: ${JSON.stringify(r.body)}`,
      );
  };

  (await step("setup: stack login, a gateway with POSTHOG_KEY in front of it, the build's posthog chunk", async () => {
    token = await apiLogin();
    const me = await http('GET', '/auth/me', { token });
    subject = me.body.sub ?? me.body.subject;
    assert(subject, 'the admin has a subject');
    await setAnalyticsPreference(true);
    // the tour is not what this suite looks at
    await http('PATCH', '/me/preferences', { token, body: { onboarding: { tour_dismissed: true } } });
    chunk = posthogChunk();
    gw = await startKeyedGateway(capture.url);
    const cfg = await (await fetch(`${gw.base}/config.json`)).json();
    assert(
      cfg.posthog?.key === KEY && cfg.posthog.host === capture.url,
      `keyed gateway config: ${JSON.stringify(cfg)}`,
    );
    const csp = (await fetch(`${gw.base}/`)).headers.get('content-security-policy');
    assert(csp.includes(`connect-src 'self' ${capture.url}`), `CSP names the analytics host: ${csp}`);
  })) || stop();

  const browser = await launch();

  /**
   * Signs in and walks a few pages in a fresh context; returns every URL the page requested.
   * `local`: this browser's local preference record (only used by a stack without /me/preferences).
   */
  async function session(base, { initScript, headers, local, walk } = {}) {
    const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version().split('.')[0]}.0.0.0 Safari/537.36`;
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      extraHTTPHeaders: headers,
      userAgent,
    });
    context.setDefaultTimeout(15_000);
    const seeds = [
      `localStorage.setItem('sensei.prefs.${subject}', ${JSON.stringify(JSON.stringify({ ...(local ?? {}), onboarding: { tour_dismissed: true } }))});`,
    ];
    // posthog-js drops automated browsers' events as bots (navigator.webdriver, "HeadlessChrome"): this page plays a
    // person's desktop Chrome
    seeds.push("Object.defineProperty(Navigator.prototype, 'webdriver', { get: () => false });");
    if (initScript) seeds.push(initScript);
    await context.addInitScript({ content: seeds.join('\n') });
    const page = await context.newPage();
    const urls = [];
    const errors = [];
    page.on('request', (r) => urls.push(r.url()));
    const logs = [];
    page.on('console', (m) => logs.push(`${m.type()}: ${m.text().slice(0, 240)}`));
    page.on('pageerror', (e) => errors.push(e.message));
    page.on(
      'console',
      (m) => m.type() === 'error' && /Content Security Policy/.test(m.text()) && errors.push(m.text()),
    );
    await loginInBrowser(page, base);
    for (const path of walk ?? ['/conversations', '/failures', '/settings']) {
      await page.goto(`${base}${path}`, { waitUntil: 'networkidle' });
    }
    return { context, page, urls, errors, logs };
  }

  const noAnalytics = async (s) => {
    await sleep(1500); // posthog-js would have flushed its first batch by now
    assert(
      capture.requests.length === 0,
      `${capture.requests.length} request(s) reached the analytics host: ${capture.requests.map((r) => r.path).join(', ')}`,
    );
    const fetched = s.urls.filter((u) => u.includes(chunk));
    assert(fetched.length === 0, `the posthog chunk was fetched: ${fetched[0]}`);
    assert(!s.urls.some((u) => u.includes(captureHost)), 'the page requested the analytics host');
  };

  try {
    await step(
      "no key (the stack's own gateway): zero requests to the analytics host, posthog chunk not fetched",
      async () => {
        capture.reset();
        const s = await session(BASE, { local: { product_analytics: true } });
        try {
          await noAnalytics(s);
        } finally {
          await s.context.close();
        }
      },
    );

    await step('Do Not Track (navigator.doNotTrack = "1"): zero requests, chunk not fetched', async () => {
      capture.reset();
      const s = await session(gw.base, {
        local: { product_analytics: true },
        initScript: "Object.defineProperty(Navigator.prototype, 'doNotTrack', { get: () => '1' });",
      });
      try {
        await noAnalytics(s);
      } finally {
        await s.context.close();
      }
    });

    await step(
      'Do Not Track header (DNT: 1) and Global Privacy Control: zero requests, chunk not fetched',
      async () => {
        for (const headers of [{ DNT: '1' }, { 'Sec-GPC': '1' }]) {
          capture.reset();
          const s = await session(gw.base, { local: { product_analytics: true }, headers });
          try {
            await noAnalytics(s);
          } finally {
            await s.context.close();
          }
        }
        capture.reset();
        const s = await session(gw.base, {
          local: { product_analytics: true },
          initScript: "Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true });",
        });
        try {
          await noAnalytics(s);
        } finally {
          await s.context.close();
        }
      },
    );

    await step('a user who opted out: zero requests, chunk not fetched', async () => {
      await setAnalyticsPreference(false);
      capture.reset();
      const s = await session(gw.base, { local: { product_analytics: false } });
      try {
        await noAnalytics(s);
      } finally {
        await s.context.close();
        await setAnalyticsPreference(true);
      }
    });

    await step(
      'with a key: "signed in" and "api key created" reach the capture server, hashed id, nothing personal',
      async () => {
        capture.reset();
        const s = await session(gw.base, {
          local: { product_analytics: true },
          walk: ['/conversations?q=my%20secret%20search'],
        });
        try {
          assert(
            s.urls.some((u) => u.includes(chunk)),
            'the posthog chunk was loaded',
          );
          await s.page.goto(`${gw.base}/api-keys`, { waitUntil: 'networkidle' });
          await s.page.getByRole('button', { name: 'Create API key' }).first().click();
          const form = s.page.getByRole('dialog', { name: 'Create API key' });
          await form.getByLabel('Name').fill('analytics e2e key');
          await form.getByRole('button', { name: 'Create key' }).click();
          const shown = s.page.getByRole('dialog', { name: 'Your new API key' });
          const secret = (await shown.getByTestId('new-api-key').textContent()).trim();
          await shown.getByRole('button', { name: 'I have copied the key' }).click();
          try {
            await until(
              '"signed in" and "api key created" at the capture server',
              async () => {
                if (capture.events.length === 0 && capture.requests.length > 0)
                  console.log(`    (so far: ${capture.requests.map((r) => r.path).join(' ')})`);
                const names = capture.events.map((e) => e.event);
                return names.includes('signed in') && names.includes('api key created');
              },
              30_000,
              500,
            );
          } catch (e) {
            console.log(
              `    capture requests: ${capture.requests.map((r) => `${r.method} ${r.path}${r.query} ${r.decodeError ?? ''} ${JSON.stringify(r.body)?.slice(0, 160)}`).join(' | ')}`,
            );
            console.log(`    page console: ${s.logs.slice(-25).join(' | ')}`);
            throw e;
          }
          const signedIn = capture.events.find((e) => e.event === 'signed in');
          assert(
            signedIn.properties.provider === 'local',
            `signed in properties: ${JSON.stringify(signedIn.properties).slice(0, 300)}`,
          );
          assert(
            /^[0-9a-f]{64}$/.test(signedIn.properties.distinct_id ?? signedIn.distinct_id),
            `distinct id is the subject hash: ${signedIn.properties.distinct_id}`,
          );
          assert(signedIn.properties.token === KEY, 'events carry the project key');
          const everything = capture.requests.map((r) => JSON.stringify(r.body)).join('\n');
          for (const secretText of [EMAIL, subject, secret, 'my secret search', 'my%20secret%20search']) {
            assert(!everything.includes(secretText), `the analytics host received ${secretText}`);
          }
          const paths = [...new Set(capture.requests.map((r) => r.path))];
          assert(
            paths.every((p) => /^\/(e|i\/v0\/e|batch|flags|decide|s|array\/[^/]+\/config(\.js)?)\/?$/.test(p)),
            `unexpected analytics paths: ${paths}`,
          );
          assert(!capture.requests.some((r) => r.decodeError), 'every body decoded');
          assert(s.errors.length === 0, `browser errors: ${s.errors.join('\n')}`);
          console.log(
            `    ${capture.events.length} events (${[...new Set(capture.events.map((e) => e.event))].join(', ')}) over ${paths.join(' ')}`,
          );

          // opting out in Settings: stops at once, no reload needed
          await s.page.goto(`${gw.base}/settings`, { waitUntil: 'networkidle' });
          const toggle = s.page.getByRole('checkbox', { name: /anonymous usage analytics/ });
          await toggle.uncheck();
          await s.page.getByText('Product analytics off').waitFor();
          await sleep(500);
          const sent = capture.requests.length;
          for (const path of ['/conversations', '/failures', '/patterns'])
            await s.page.getByRole('link', { name: path.slice(1).replace(/^./, (c) => c.toUpperCase()) }).click();
          await sleep(4000);
          assert(capture.requests.length === sent, `${capture.requests.length - sent} request(s) after opting out`);
          // ... and the next load does not fetch the script at all
          const before = s.urls.length;
          await s.page.reload({ waitUntil: 'networkidle' });
          await sleep(1500);
          assert(!s.urls.slice(before).some((u) => u.includes(chunk)), 'the chunk was fetched after opting out');
          assert(capture.requests.length === sent, 'requests after the reload');
        } finally {
          await s.context.close();
        }
      },
    );
  } finally {
    await browser.close();
    await setAnalyticsPreference(true).catch(() => undefined);
    gw?.stop();
    capture.server.close();
  }
  if (!prefsApi) console.log('    (this stack has no /me/preferences: the per-user choice came from the local record)');
  finish();
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

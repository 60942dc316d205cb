#!/usr/bin/env node
// End-to-end test of the dashboard in a real browser (Debian chromium driven by playwright-core) against a running
// Sensei stack. It first sends conversations through the ingestion API like a customer app would, waits until the
// processor has analysed them, then walks the dashboard as a person would and screenshots every page into
// docs/screenshots/. Ends with "N passed, N failed"; exits non-zero when anything failed.
//
//   SENSEI_URL=http://localhost:8080 SENSEI_ADMIN_EMAIL=... SENSEI_ADMIN_PASSWORD=... npm run test:e2e
//
// Optional: CHROME_PATH (default /usr/bin/chromium), SENSEI_E2E_HEADFUL=1, SENSEI_E2E_TIMEOUT_MS (analysis wait).
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { assert, sleep, startSlackStandIn, until } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = resolve(HERE, '../../../docs/screenshots');
const BASE = (process.env.SENSEI_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const EMAIL = process.env.SENSEI_ADMIN_EMAIL;
const PASSWORD = process.env.SENSEI_ADMIN_PASSWORD;
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';
const ANALYSIS_TIMEOUT = Number(process.env.SENSEI_E2E_TIMEOUT_MS ?? 120_000);
const RUN = `e2e-${Date.now().toString(36)}`;

// ---------------------------------------------------------------------------------------------- tiny runner
const results = [];
let stopAll = false;
async function step(name, fn) {
  if (stopAll) {
    results.push({ name, ok: false, error: 'skipped: an earlier required step failed' });
    console.log(`✗ ${name} (skipped: an earlier required step failed)`);
    return false;
  }
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`✓ ${name} (${Date.now() - t0} ms)`);
    return true;
  } catch (e) {
    if (e instanceof Skip) {
      results.push({ name, ok: true, skipped: e.message });
      console.log(`- ${name} (skipped: ${e.message})`);
      return true;
    }
    results.push({ name, ok: false, error: e?.message ?? String(e) });
    console.log(
      `✗ ${name} (${Date.now() - t0} ms)\n    ${String(e?.stack ?? e)
        .split('\n')
        .slice(0, 4)
        .join('\n    ')}`,
    );
    return false;
  }
}
/** Thrown by a step that cannot apply to this stack (e.g. an API it predates): reported, not counted as failed. */
class Skip extends Error {}
// ---------------------------------------------------------------------------------------------- API helpers
async function http(method, path, { token, apiKey, body } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (apiKey) headers.Authorization = `Bearer ${apiKey}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${BASE}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

function conversationsToSend() {
  const t = Date.now() - 10 * 60_000;
  const at = (s) => new Date(t + s * 1000).toISOString();
  const conv = (suffix, messages, extra = {}) => ({
    conversation_id: `${RUN}-${suffix}`,
    environment: 'e2e',
    user_id: `user-${suffix}`,
    ended: true,
    messages: messages.map(([role, content, s, more], i) => ({
      id: `${suffix}-m${i + 1}`,
      role,
      content,
      timestamp: at(s),
      ...more,
    })),
    ...extra,
  });
  return {
    ok: [
      conv('happy-1', [
        ['user', 'Hi! How do I reset my password?', 0],
        [
          'assistant',
          'Click "Forgot password" on the sign-in page and follow the link in the email we send you.',
          2,
          { latency_ms: 800 },
        ],
        ['user', 'That worked, thank you so much!', 60],
        ['assistant', 'Glad I could help. Have a great day!', 62, { latency_ms: 600 }],
      ]),
      conv('happy-2', [
        ['user', 'What are your opening hours on Saturday?', 0],
        ['assistant', 'We are open from 9am to 5pm on Saturdays.', 1, { latency_ms: 700 }],
        ['user', 'Perfect, thanks!', 20],
      ]),
    ],
    failing: [
      conv(
        'frustrated',
        [
          ['user', 'My order #4411 never arrived and I was charged twice.', 0],
          ['assistant', "I'm sorry, I can't help with billing questions.", 3, { latency_ms: 900 }],
          ['user', 'This is useless!! I already told you my order number three times. This is ridiculous.', 40],
          ['assistant', "I'm sorry, I can't help with billing questions.", 43, { latency_ms: 950 }],
          ['user', 'I want to talk to a human agent right now. Worst support ever.', 70],
        ],
        { metadata: { channel: 'web-chat', plan: 'pro', locale: 'en-US' } },
      ),
      conv('error', [
        ['user', 'Can you check the status of my subscription?', 0],
        [
          'assistant',
          'Error: 500 Internal Server Error. Something went wrong while processing your request.',
          15,
          { latency_ms: 14_000 },
        ],
        ['user', 'Hello? It just shows an error.', 60],
        ['assistant', 'An error occurred. Please try again later.', 80, { latency_ms: 12_000 }],
      ]),
      conv('pii', [
        ['user', 'What card do you have on file for me?', 0],
        [
          'assistant',
          'The card on file is 4111 1111 1111 1111, expiring 12/27, billed to jane.doe@example.com, phone +1 415 555 0100.',
          2,
          { latency_ms: 700 },
        ],
        ['user', 'Why are you showing me the full number?? That is terrible, not okay.', 30],
      ]),
    ],
  };
}

// ---------------------------------------------------------------------------------------------- the run
async function main() {
  console.log(`dashboard e2e against ${BASE} (run ${RUN})`);
  mkdirSync(SHOTS, { recursive: true });
  let token;
  let ingestKey;
  let originalSettings = null;
  let startedEmpty = false;
  const { ok, failing } = conversationsToSend();
  const all = [...ok, ...failing];
  const slack = await startSlackStandIn('e2e');

  (await step('admin can log in through the API', async () => {
    assert(EMAIL && PASSWORD, 'set SENSEI_ADMIN_EMAIL and SENSEI_ADMIN_PASSWORD');
    const r = await until(
      'the stack to answer',
      async () => {
        const res = await http('POST', '/auth/login', { body: { email: EMAIL, password: PASSWORD } });
        if (res.status >= 500 || res.status === 0) throw new Error(`login answered ${res.status}`);
        return res;
      },
      60_000,
      2000,
    );
    assert(r.status === 200, `login answered ${r.status}: ${JSON.stringify(r.body)}`);
    token = r.body.access_token;
    const s = await http('GET', '/settings', { token });
    if (s.status === 200) originalSettings = s.body;
    // the first-run tour (docs/onboarding.md; e2e/onboarding.mjs covers it) would sit over the pages walked here
    await http('PATCH', '/me/preferences', { token, body: { onboarding: { tour_dismissed: true } } });
    const summary = await http('GET', '/analytics/summary?timeframe=30d', { token });
    startedEmpty = summary.status === 200 && summary.body.total_conversations === 0;
  })) || (stopAll = true);

  const browser = await chromium.launch({
    executablePath: CHROME,
    headless: process.env.SENSEI_E2E_HEADFUL !== '1',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  context.setDefaultTimeout(15_000);
  // this suite's data lives in the "e2e" environment: every scoped page opens there (the scope the tab remembers),
  // whatever other suites put into production
  await context.addInitScript(() => {
    try {
      sessionStorage.setItem('sensei.scope', JSON.stringify({ env: 'e2e', tag: null }));
    } catch {
      // no storage: pages fall back to the default scope
    }
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of (401|404|409)/.test(m.text())) consoleErrors.push(m.text());
  });
  const shot = (name, opts = {}) => page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: false, ...opts });
  const goto = async (path) => {
    await page.goto(`${BASE}${path}`, { waitUntil: 'domcontentloaded' });
  };

  try {
    if (!stopAll && startedEmpty) {
      await step('first run: overview shows the onboarding checklist', async () => {
        await loginInBrowser(page, goto);
        await page.getByRole('heading', { name: /send your first conversation/i }).waitFor();
        await page.getByRole('button', { name: 'Create API key' }).waitFor();
        await shot('onboarding');
      });
    }

    (await step('ingestion: create an API key and send conversations (incl. failing ones)', async () => {
      const k = await http('POST', '/api-keys', { token, body: { name: `${RUN} ingestion` } });
      assert(k.status === 201 || k.status === 200, `create key answered ${k.status}: ${JSON.stringify(k.body)}`);
      ingestKey = k.body.key;
      assert(/^sk_/.test(ingestKey), 'the created key starts with sk_');
      for (const c of all) {
        const r = await http('POST', '/conversations/track', { apiKey: ingestKey, body: c });
        assert(r.status === 202, `track ${c.conversation_id} answered ${r.status}: ${JSON.stringify(r.body)}`);
      }
    })) || (stopAll = true);

    (await step('processor: every conversation is stored, scored and the failing ones flagged', async () => {
      await until(
        'the conversations to be analysed',
        async () => {
          const r = await http('GET', `/conversations?q=${RUN}&limit=50`, { token });
          if (r.status !== 200) throw new Error(`list answered ${r.status}`);
          const items = r.body.items.filter((c) => c.external_id.startsWith(RUN));
          const scored = items.filter((c) => c.health_score !== null);
          const flagged = items.filter((c) => c.has_failures).map((c) => c.external_id);
          return (
            items.length === all.length &&
            scored.length === all.length &&
            failing.every((f) => flagged.includes(f.conversation_id))
          );
        },
        ANALYSIS_TIMEOUT,
        1500,
      );
    })) || (stopAll = true);

    // feedback goes in through the feedback API like a customer app's; a stack built before that API answers 404
    let feedbackSkip = null;
    let frustratedId;
    await step('feedback: sent through POST /api/v1/feedback and stored', async () => {
      const probe = await http('POST', '/feedback', { apiKey: ingestKey, body: {} });
      if (probe.status === 404) {
        feedbackSkip = 'POST /api/v1/feedback answers 404 on this stack (built before the feedback API)';
        throw new Skip(feedbackSkip);
      }
      const sends = [
        {
          conversation_id: `${RUN}-frustrated`,
          environment: 'e2e',
          message_id: 'frustrated-m4',
          user_id: 'user-frustrated',
          kind: 'thumbs',
          value: -1,
          comment: 'Same useless answer again. Call me on jane.doe@example.com',
        },
        {
          conversation_id: `${RUN}-frustrated`,
          environment: 'e2e',
          user_id: 'user-frustrated',
          kind: 'rating',
          value: 2,
        },
        {
          conversation_id: `${RUN}-happy-1`,
          environment: 'e2e',
          message_id: 'happy-1-m2',
          user_id: 'user-happy-1',
          kind: 'thumbs',
          value: 1,
        },
      ];
      for (const f of sends) {
        const r = await http('POST', '/feedback', { apiKey: ingestKey, body: f });
        assert(
          r.status === 202 && r.body?.accepted === true,
          `feedback on ${f.conversation_id} answered ${r.status}: ${JSON.stringify(r.body)}`,
        );
      }
      const bad = await http('POST', '/feedback', {
        apiKey: ingestKey,
        body: { conversation_id: `${RUN}-happy-2`, kind: 'rating', value: 9 },
      });
      assert(
        bad.status === 400 && Array.isArray(bad.body?.details),
        `an out-of-range rating answered ${bad.status}: ${JSON.stringify(bad.body)}`,
      );
      const list = await http('GET', `/conversations?q=${RUN}-frustrated&limit=5`, { token });
      frustratedId = list.body.items.find((c) => c.external_id === `${RUN}-frustrated`)?.id;
      assert(frustratedId, 'the frustrated conversation is listed');
      await until(
        'the feedback to be stored',
        async () => {
          const r = await http('GET', `/conversations/${frustratedId}/feedback`, { token });
          return r.status === 200 && r.body.length === 2;
        },
        30_000,
        500,
      );
    });

    (await step('login page: sign in and land on the overview', async () => {
      await context.clearCookies();
      await page.evaluate(() => localStorage.clear()).catch(() => undefined);
      await goto('/login');
      await page.getByRole('heading', { name: 'Sign in' }).waitFor();
      await shot('login');
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill('definitely-wrong');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByText('Wrong email or password.').waitFor();
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${BASE}/`);
    })) || (stopAll = true);

    await step('overview shows the sent conversations in KPIs, charts and lowest-health list', async () => {
      await goto('/?timeframe=24h');
      const kpi = page.getByRole('region', { name: 'Conversations' });
      const value = await until(
        'the conversations KPI',
        async () => {
          const t = (await kpi.locator('.kpi-value').textContent({ timeout: 2000 }))?.replace(/[^\d]/g, '');
          return t ? Number(t) : null;
        },
        20_000,
        500,
      );
      assert(value >= all.length, `Conversations KPI shows ${value}, expected at least ${all.length}`);
      await page.getByRole('heading', { name: 'Health distribution' }).waitFor();
      await page.locator('.chart svg rect').first().waitFor();
      await page.getByRole('region', { name: 'Open failures' }).locator('.kpi-value').waitFor();
      await page
        .getByRole('region', { name: 'Lowest health conversations' })
        .locator('table, .state')
        .first()
        .waitFor();
      await sleep(300);
      await shot('overview', { fullPage: true });
    });

    let failingCount = 0;
    await step('conversations: filter to failures (URL holds the filters)', async () => {
      await goto(`/conversations?timeframe=24h&q=${RUN}`);
      const rows = page.locator('tbody tr').filter({ has: page.locator(`a.row-link`) });
      await until(`${all.length} rows`, async () => (await rows.count()) === all.length, 15_000, 300);
      await page.getByLabel('Failures', { exact: true }).selectOption('true');
      await page.waitForURL(/has_failures=true/);
      await until(
        `only the ${failing.length} failing rows`,
        async () => (await rows.count()) === failing.length,
        15_000,
        300,
      );
      failingCount = await rows.count();
      const url = new URL(page.url());
      assert(
        url.searchParams.get('q') === RUN && url.searchParams.get('has_failures') === 'true',
        `URL is ${page.url()}`,
      );
      // the filtered URL is shareable: a fresh load shows the same rows
      await page.reload({ waitUntil: 'domcontentloaded' });
      await until('the same rows after reload', async () => (await rows.count()) === failing.length, 15_000, 300);
      await shot('conversations', { fullPage: true });
    });

    const viewName = `Failing ${RUN}`;
    await step('saved view: save the filters, then reopen it from a clean list', async () => {
      await page.getByRole('button', { name: 'Save view' }).click();
      const dialog = page.getByRole('dialog', { name: /save current filters/i });
      await dialog.getByLabel('View name').fill(viewName);
      await dialog.getByRole('button', { name: 'Save view' }).click();
      await page.waitForURL(/view=/);
      await goto('/conversations');
      await page.getByRole('button', { name: /saved views/i }).click();
      await page.getByRole('button', { name: viewName, exact: true }).click();
      await page.waitForURL(/has_failures=true/);
      const url = new URL(page.url());
      assert(url.searchParams.get('q') === RUN, `reopened view URL is ${page.url()}`);
      const rows = page.locator('tbody tr').filter({ has: page.locator('a.row-link') });
      await until('the saved view rows', async () => (await rows.count()) === failingCount, 15_000, 300);
      // clean up: delete the view (exercises the confirmation dialog)
      await page.getByRole('button', { name: new RegExp(viewName) }).click();
      await page.getByRole('button', { name: `Delete view ${viewName}` }).click();
      await page
        .getByRole('dialog', { name: 'Delete saved view?' })
        .getByRole('button', { name: 'Delete view' })
        .click();
      await page.getByText(`View “${viewName}” deleted`).waitFor();
    });

    await step(
      'conversations: "Has negative feedback" filter (URL holds it), feedback counts on the rows',
      async () => {
        if (feedbackSkip) throw new Skip(feedbackSkip);
        await goto(`/conversations?timeframe=24h&q=${RUN}`);
        const rows = page.locator('tbody tr').filter({ has: page.locator('a.row-link') });
        await until(`${all.length} rows`, async () => (await rows.count()) === all.length, 15_000, 300);
        await page.getByLabel('Feedback', { exact: true }).selectOption('true');
        await page.waitForURL(/has_negative_feedback=true/);
        await until(
          'only the conversation with negative feedback',
          async () => (await rows.count()) === 1,
          15_000,
          300,
        );
        await page.getByRole('link', { name: `${RUN}-frustrated` }).waitFor();
        await page.getByLabel('2 negative, 0 positive feedback').waitFor();
        await page.reload({ waitUntil: 'domcontentloaded' });
        await until('the same row after reload', async () => (await rows.count()) === 1, 15_000, 300);
        assert(
          (await page.getByLabel('Feedback', { exact: true }).inputValue()) === 'true',
          'the filter control shows the URL value',
        );
      },
    );

    let conversationUrl;
    await step('conversation detail: timeline, health breakdown, failures with highlighted evidence', async () => {
      await goto(`/conversations?timeframe=24h&q=${RUN}-frustrated`);
      await page.getByRole('link', { name: `${RUN}-frustrated` }).click();
      await page.waitForURL(/\/conversations\/[0-9a-f-]{36}$/);
      conversationUrl = page.url();
      const timeline = page.getByRole('list', { name: 'Message timeline' });
      await timeline.waitFor();
      assert((await timeline.getByRole('listitem').count()) === 5, 'the timeline shows the 5 messages');
      await page.getByLabel('Health breakdown').waitFor();
      assert((await page.locator('.breakdown-item').count()) > 0, 'the health breakdown has components');
      const cards = page.locator('article.failure');
      await cards.first().waitFor();
      assert((await page.locator('.msg.evidence').count()) > 0, 'evidence messages are highlighted in the timeline');
      await shot('conversation-detail', { fullPage: true });
    });

    await step('resolve a failure: optimistic update, persisted after reload', async () => {
      assert(conversationUrl, 'needs the conversation detail step');
      const card = page
        .locator('article.failure')
        .filter({ has: page.getByRole('button', { name: /^Resolve / }) })
        .first();
      const label = await card.getAttribute('aria-label');
      await card.getByRole('button', { name: /^Resolve / }).click();
      const same = page.locator(`article.failure[aria-label="${label}"]`);
      await same.locator('.badge', { hasText: 'Resolved' }).waitFor({ timeout: 3000 });
      await page.getByText('Failure marked resolved').waitFor();
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.locator(`article.failure[aria-label="${label}"] .badge`, { hasText: 'Resolved' }).waitFor();
    });

    await step('conversation detail: feedback badge on the rated message, conversation feedback on top', async () => {
      if (feedbackSkip) throw new Skip(feedbackSkip);
      assert(frustratedId, 'needs the feedback step');
      await goto(`/conversations/${frustratedId}`);
      const top = page.getByRole('region', { name: 'Conversation feedback' });
      await top.getByLabel('Rated 2 of 5').waitFor();
      const rated = page.getByRole('list', { name: 'Message timeline' }).getByRole('listitem').nth(3);
      await rated.getByLabel('Thumbs down').waitFor();
      // the comment is customer text: masked like the transcript
      await rated.getByText('Call me on j***@example.com').waitFor();
      assert(
        (await page.getByText('jane.doe@example.com').count()) === 0,
        'the clear e-mail address is not shown before a reveal',
      );
      await shot('conversation-feedback', { fullPage: true });
    });

    await step('overview: feedback KPI card', async () => {
      if (feedbackSkip) throw new Skip(feedbackSkip);
      await goto('/?timeframe=24h');
      const card = page.getByRole('region', { name: 'Feedback received' });
      const value = await until(
        'the feedback KPI',
        async () => {
          const t = (await card.locator('.kpi-value').textContent({ timeout: 2000 }))?.trim();
          return t && t !== '—' ? t : null;
        },
        20_000,
        500,
      );
      assert(/^\d+(\.\d)?%$/.test(value) && Number.parseFloat(value) > 0, `Feedback KPI shows ${value}`);
      await card.getByLabel('negative').waitFor();
    });

    await step('failures page: trend chart, filters, bulk acknowledge', async () => {
      await goto('/failures?timeframe=24h');
      await page.getByRole('heading', { name: 'Failures per day by type' }).waitFor();
      const ours = page.locator('tbody tr').filter({ has: page.locator(`a.row-link`, { hasText: RUN }) });
      await ours.first().waitFor();
      await page.locator('.chart svg rect').first().waitFor();
      await shot('failures', { fullPage: true });
      const n = Math.min(2, await ours.count());
      for (let i = 0; i < n; i++) await ours.nth(i).getByRole('checkbox').check();
      const bar = page.getByRole('region', { name: 'Bulk actions' });
      await bar.getByText(`${n} selected`).waitFor();
      await bar.getByRole('button', { name: 'Acknowledge' }).click();
      await page.getByText(new RegExp(`(${n} failures|Failure) marked acknowledged`)).waitFor();
      await page.getByLabel('Status').selectOption('ack');
      await page.waitForURL(/status=ack/);
      await page
        .locator('tbody tr')
        .filter({ has: page.locator('a.row-link', { hasText: RUN }) })
        .first()
        .waitFor();
      const api = await http('GET', '/failures?status=ack&limit=200', { token });
      const acked = api.body.items.filter((f) => (f.conversation_external_id ?? '').startsWith(RUN));
      assert(acked.length >= n, `API lists ${acked.length} acknowledged failures of this run, expected ${n}`);
    });

    await step('patterns: "Analyse now" runs, shows progress, then the patterns', async () => {
      await goto('/patterns');
      await page.getByRole('heading', { name: 'Patterns', exact: true }).waitFor();
      await page.getByRole('button', { name: 'Analyse e2e now' }).click();
      await page
        .getByRole('button', { name: 'Analysing…' })
        .waitFor({ timeout: 5000 })
        .catch(() => undefined);
      await page.getByRole('button', { name: 'Analyse e2e now' }).waitFor({ timeout: ANALYSIS_TIMEOUT });
      // the run of the environment the button analysed (without ?environment= the API answers the all-environments
      // run, which only exists when an earlier suite started one)
      const latest = await http('GET', '/analytics/patterns?environment=e2e', { token });
      assert(
        latest.status === 200 && latest.body.run,
        `no succeeded run: ${JSON.stringify(latest.body)?.slice(0, 300)}`,
      );
      assert(!(await page.getByText('The analysis failed').count()), 'the analysis failed');
      if (latest.body.patterns.length > 0) await page.locator('article.pattern').first().waitFor();
      await shot('patterns', { fullPage: true });
    });

    await step('settings: validation at the field, save, persist, test alert answered by the webhook', async () => {
      await goto('/settings');
      const url = page.getByLabel('Incoming webhook URL');
      await url.waitFor();
      await url.fill('http://hooks.example.com/not-https');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.locator('#s-slack_webhook_url-error').waitFor();
      await url.fill(slack.url);
      await page.getByLabel('Alert when health drops below').fill('35');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved').waitFor();
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.getByLabel('Incoming webhook URL').waitFor();
      // saved, and shown masked from then on (never in clear): its origin, the secret path hidden
      const shown = await page.getByLabel('Incoming webhook URL').inputValue();
      assert(
        shown !== slack.url && shown.includes('••••') && shown.startsWith(new URL(slack.url).origin),
        `webhook URL persisted, masked: ${shown}`,
      );
      assert((await page.getByLabel('Alert when health drops below').inputValue()) === '35', 'threshold persisted');
      const before = slack.received.length;
      await page.getByRole('button', { name: 'Send test alert' }).click();
      const result = page.getByTestId('test-alert-result');
      await result.waitFor();
      const text = await result.textContent();
      assert(/Delivered/.test(text) && /HTTP 200/.test(text), `test alert result: ${text}`);
      assert(slack.received.length > before, 'the webhook stand-in received the test alert');
      await shot('settings', { fullPage: true });
    });

    await step('API keys: create (secret shown once), use it, revoke it (refused afterwards)', async () => {
      await goto('/api-keys');
      await page.getByRole('button', { name: 'Create API key' }).first().click();
      const form = page.getByRole('dialog', { name: 'Create API key' });
      await form.getByLabel('Name').fill(`${RUN} browser key`);
      await form.getByRole('button', { name: 'Create key' }).click();
      const shown = page.getByRole('dialog', { name: 'Your new API key' });
      const key = (await shown.getByTestId('new-api-key').textContent())?.trim();
      assert(key && /^sk_[A-Za-z0-9]+_/.test(key), `shown key ${key}`);
      await shown.getByText('It will not be shown again').waitFor();
      await shot('api-key-created');
      await shown.getByRole('button', { name: 'I have copied the key' }).click();
      await shown.waitFor({ state: 'hidden' });
      assert(!(await page.content()).includes(key), 'the full key is gone from the page');
      const use = await http('POST', '/conversations/track', {
        apiKey: key,
        body: {
          conversation_id: `${RUN}-by-new-key`,
          messages: [{ role: 'user', content: 'hello', timestamp: new Date().toISOString() }],
        },
      });
      assert(use.status === 202, `the new key is accepted (got ${use.status})`);
      // the page's copy-paste curl example works as shown, once the key is filled in
      const curl = (await page.getByLabel('curl example').textContent()).replace('YOUR_API_KEY', key);
      const code = execFileSync('bash', ['-c', `${curl} -s -o /dev/null -w '%{http_code}'`], {
        encoding: 'utf8',
        timeout: 15_000,
      });
      assert(code.trim() === '202', `the page's curl example answered ${code}`);
      const row = page.locator('tbody tr', { hasText: `${RUN} browser key` });
      await row.getByRole('button', { name: /^Revoke key/ }).click();
      await page.getByRole('dialog', { name: 'Revoke API key?' }).getByRole('button', { name: 'Revoke key' }).click();
      await row.getByText(/^Revoked/).waitFor();
      await shot('api-keys');
      const refused = await until(
        'the revoked key to be refused',
        async () => {
          const r = await http('POST', '/conversations/track', {
            apiKey: key,
            body: {
              conversation_id: `${RUN}-revoked`,
              messages: [{ role: 'user', content: 'x', timestamp: new Date().toISOString() }],
            },
          });
          return r.status === 401 ? r : null;
        },
        10_000,
        500,
      );
      assert(refused.status === 401, 'revoked key refused');
    });

    await step('session expiry: a 401 returns to login and back to the same page', async () => {
      await goto('/failures?status=ack');
      await page.getByRole('heading', { name: 'Failures', exact: true }).waitFor();
      await page.evaluate(() => {
        const s = JSON.parse(localStorage.getItem('sensei.session'));
        localStorage.setItem('sensei.session', JSON.stringify({ ...s, token: 'expired.invalid.token' }));
      });
      await page.getByLabel('Severity').selectOption('critical');
      await page.waitForURL(/\/login\?next=/);
      const next = new URL(page.url()).searchParams.get('next');
      assert(next.startsWith('/failures?') && next.includes('status=ack'), `next=${next}`);
      await page.getByLabel('Email').fill(EMAIL);
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((u) => u.pathname === '/failures' && u.searchParams.get('status') === 'ack');
    });

    if (!startedEmpty && !stopAll) {
      // the stack already had data (other suites ran first): the checklist is shown with the summary's total
      // rewritten to 0 for this one screenshot; every other request is real
      await step('onboarding screenshot (first-run view)', async () => {
        await page.route('**/api/v1/analytics/summary**', async (route) => {
          const res = await route.fetch();
          const json = await res.json();
          await route.fulfill({ response: res, json: { ...json, total_conversations: 0 } });
        });
        await goto('/');
        await page.getByRole('heading', { name: /send your first conversation/i }).waitFor();
        await shot('onboarding');
        await page.unroute('**/api/v1/analytics/summary**');
      });
    }

    await step('no uncaught errors in the browser console', async () => {
      assert(consoleErrors.length === 0, consoleErrors.slice(0, 5).join('\n'));
    });
  } finally {
    // leave the stack's alert settings as they were (the webhook stand-in dies with this process)
    if (originalSettings) {
      await http('PUT', '/settings', {
        token,
        body: {
          slack_webhook_url: originalSettings.slack_webhook_url,
          alert_thresholds: originalSettings.alert_thresholds,
        },
      }).catch(() => undefined);
    }
    await browser.close().catch(() => undefined);
    slack.server.close();
  }

  // a skipped step is neither passed nor failed
  const skipped = results.filter((r) => r.skipped);
  const passed = results.filter((r) => r.ok && !r.skipped).length;
  const failed = results.filter((r) => !r.ok).length;
  if (skipped.length)
    console.log(`${skipped.length} skipped: ${[...new Set(skipped.map((r) => r.skipped))].join('; ')}`);
  console.log(`screenshots in ${SHOTS}`);
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

async function loginInBrowser(page, goto) {
  await goto('/login');
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

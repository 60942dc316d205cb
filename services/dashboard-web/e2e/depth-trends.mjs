#!/usr/bin/env node
// Trends and drill-down in a real browser against a running stack: conversations spread over the last hours (and the
// previous day) with two model values give the Overview's 24h view an hourly health and failure-rate line, the dashed
// previous period and a marker where gpt-4o first appears; a KPI, a health bar and a point each open the list they
// count, with the same number of conversations; /c/<the customer's id> opens its detail page and an unknown id says
// so. Ends with "N passed, N failed". Screenshots: docs/screenshots/trends-*.png.
//
// The intake stamps a conversation's activity with its arrival time, so after sending, the suite moves each of its
// own conversations (a private environment) back to its hour in the stack's database (DATABASE_URL, as stack.env
// gives it): the only way to have "three hours ago" without waiting three hours.
//
//   set -a; . .run/e2e/stack.env; set +a; node e2e/depth-trends.mjs
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, apiLogin, assert, finish, http, launch, loginInBrowser, step, stop, until } from './lib.mjs';

const RUN = `trends-${Date.now().toString(36)}`;
const ENV = RUN; // a private environment: every figure below counts only this suite's conversations
const SHOTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const HOUR = 3_600_000;

const HAPPY = [
  ['user', 'Hi! How do I reset my password?'],
  ['assistant', 'Click "Forgot password" on the sign-in page and follow the link in the email we send you.'],
  ['user', 'That worked, thank you so much!'],
  ['assistant', 'Glad I could help. Have a great day!'],
];
const FRUSTRATED = [
  ['user', 'My order #4411 never arrived and I was charged twice.'],
  ['assistant', "I'm sorry, I can't help with billing questions."],
  ['user', 'This is useless!! I already told you my order number three times. This is ridiculous.'],
  ['assistant', "I'm sorry, I can't help with billing questions."],
  ['user', 'I want to talk to a human agent right now. Worst support ever.'],
];

/** [suffix, hours ago, model, transcript]: gpt-4o-mini until 6 h ago and the day before, gpt-4o from 4 h ago. */
const PLAN = [
  ['prev-1', 28, 'gpt-4o-mini', HAPPY],
  ['prev-2', 27, 'gpt-4o-mini', FRUSTRATED],
  ['prev-3', 26, 'gpt-4o-mini', HAPPY],
  ['a', 10, 'gpt-4o-mini', HAPPY],
  ['b', 8, 'gpt-4o-mini', FRUSTRATED],
  ['c', 6, 'gpt-4o-mini', HAPPY],
  ['d', 4, 'gpt-4o', HAPPY],
  ['e', 3, 'gpt-4o', FRUSTRATED],
  ['f', 2, 'gpt-4o', HAPPY],
  ['g', 2, 'gpt-4o', HAPPY],
];
const CURRENT = PLAN.filter(([, h]) => h < 24);

function conversation([suffix, hoursAgo, model, transcript]) {
  const start = Date.now() - hoursAgo * HOUR - 10 * 60_000;
  return {
    conversation_id: `${RUN}-${suffix}`,
    environment: ENV,
    user_id: `user-${suffix}`,
    ended: true,
    metadata: { model, prompt_version: model === 'gpt-4o' ? 'v2' : 'v1' },
    messages: transcript.map(([role, content], i) => ({
      id: `${suffix}-m${i + 1}`,
      role,
      content,
      timestamp: new Date(start + i * 30_000).toISOString(),
    })),
  };
}

function psql(sql) {
  const url = process.env.DATABASE_URL;
  assert(url, 'DATABASE_URL is not set (source the stack.env of the stack under test)');
  return execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qAtc', sql], { encoding: 'utf8' });
}

async function main() {
  console.log(`trends e2e against ${BASE} (run ${RUN})`);
  mkdirSync(SHOTS, { recursive: true });
  let token;
  let key;
  /** external id -> stored conversation, once scored */
  const stored = new Map();

  (await step('admin logs in; the first-run tour is out of the way', async () => {
    token = await apiLogin();
    await http('PATCH', '/me/preferences', { token, body: { onboarding: { tour_dismissed: true } } });
  })) || stop();

  (await step('an API key sends conversations with two model values', async () => {
    const k = await http('POST', '/api-keys', { token, body: { name: `${RUN} ingestion` } });
    assert(k.status === 201 || k.status === 200, `create key answered ${k.status}: ${JSON.stringify(k.body)}`);
    key = k.body.key;
    for (const plan of PLAN) {
      // a 503 is the intake's "try again" (e.g. the database out of connections on a busy machine), as SDKs do
      const res = await until(`track ${plan[0]}`, async () => {
        const r = await fetch(`${BASE}/api/v1/conversations/track`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(conversation(plan)),
        });
        return r.status === 503 ? false : r;
      });
      assert(res.status === 202, `track ${plan[0]} answered ${res.status}: ${await res.text()}`);
    }
  })) || stop();

  (await step('every conversation is stored and scored', async () => {
    await until(
      'the conversations to be scored',
      async () => {
        const r = await http('GET', `/conversations?environment=${ENV}&limit=50`, { token });
        if (r.status !== 200) throw new Error(`list answered ${r.status}`);
        const scored = r.body.items.filter((c) => c.health_score !== null);
        if (scored.length !== PLAN.length) return false;
        scored.forEach((c) => stored.set(c.external_id, c));
        return true;
      },
      90_000,
      1500,
    );
    assert(
      [...stored.values()].some((c) => c.has_failures),
      'the frustrated conversations were flagged (the failing share is what the drill-down checks)',
    );
  })) || stop();

  (await step('each conversation is moved back to its hour (arrival time is what the dashboard counts)', async () => {
    const values = PLAN.map(([suffix, h]) => `('${RUN}-${suffix}', ${h})`).join(', ');
    psql(`update conversations c set last_activity_at = now() - make_interval(hours => v.h),
            first_message_at = now() - make_interval(hours => v.h, mins => 10),
            last_message_at = now() - make_interval(hours => v.h, mins => 8)
          from (values ${values}) as v(id, h)
          where c.environment = '${ENV}' and c.external_id = v.id`);
    const r = await http('GET', `/analytics/timeseries?timeframe=24h&environment=${ENV}`, { token });
    assert(r.status === 200, `timeseries answered ${r.status}: ${JSON.stringify(r.body)}`);
    assert(r.body.bucket === 'hour', `24h is hourly, got ${r.body.bucket}`);
    const busy = r.body.points.filter((p) => p.conversations > 0);
    assert(busy.length >= 5, `conversations fall into several hours: ${busy.length}`);
    const total = r.body.points.reduce((n, p) => n + p.conversations, 0);
    assert(total === CURRENT.length, `the buckets hold the period's ${CURRENT.length} conversations: ${total}`);
    const before = r.body.previous.reduce((n, p) => n + p.conversations, 0);
    assert(before === PLAN.length - CURRENT.length, `the previous period holds the day before: ${before}`);
  })) || stop();

  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const overview = `${BASE}/?timeframe=24h&environment=${encodeURIComponent(ENV)}`;
  // The list may first show what react-query cached for the same filters, then the refetched rows: the count that
  // matters is the one the list settles on (the same for 1 s, nothing loading), at most 10 s after the click.
  const listRows = async () => {
    await page.locator('table tbody tr a.row-link').first().waitFor();
    let last = -1;
    let since = Date.now();
    for (const end = Date.now() + 10_000; Date.now() < end; await page.waitForTimeout(100)) {
      const now = await page.evaluate(() =>
        document.querySelector('[aria-busy="true"]')
          ? -1
          : document.querySelectorAll('table tbody tr a.row-link').length,
      );
      if (now !== last) {
        last = now;
        since = Date.now();
      } else if (now >= 0 && Date.now() - since >= 1000) {
        return now;
      }
    }
    return last;
  };
  const failing = CURRENT.filter(([s]) => stored.get(`${RUN}-${s}`)?.has_failures).length;

  try {
    (await step(
      'Overview 24h: hourly lines, the previous period dashed and a marker where gpt-4o appears',
      async () => {
        await loginInBrowser(page);
        await page.goto(overview, { waitUntil: 'domcontentloaded' });
        const health = page.getByRole('group', { name: 'Average health per hour' });
        await health.waitFor();
        const points = health.getByRole('link');
        await until('the hourly points', async () => (await points.count()) > 1, 10_000, 300);
        assert((await points.count()) >= 5, `one point per busy hour: ${await points.count()}`);
        assert(
          (await page.locator('polyline[data-series="health-previous"]').count()) >= 1,
          'the previous period is drawn (dashed)',
        );
        assert(
          (await page.locator('polyline[data-series="health-previous"]').first().getAttribute('stroke-dasharray')) ===
            '5 4',
          'the previous period line is dashed',
        );
        const marker = page.getByRole('img', {
          name: /^model → gpt-4o, first seen .* · 4 conversations \(before: gpt-4o-mini\)$/,
        });
        // the markers come with their own (second) request
        await marker.first().waitFor();
        assert((await marker.count()) === 2, `one gpt-4o marker per chart: ${await marker.count()}`);
        assert(
          (await page.getByRole('img', { name: /^model → gpt-4o-mini/ }).count()) === 0,
          'gpt-4o-mini was used the day before: not a change',
        );
        await marker.first().hover();
        await page.getByRole('tooltip').filter({ hasText: 'model → gpt-4o' }).waitFor();
        await page
          .locator('section[aria-labelledby="ts-title"]')
          .screenshot({ path: join(SHOTS, 'trends-overview.png') });
        await page.screenshot({ path: join(SHOTS, 'trends-overview-page.png') });
      },
    )) || stop();

    await step('the marker key picker offers the period’s keys and marks prompt_version v2', async () => {
      await page.getByLabel('Mark changes of').selectOption('prompt_version');
      await page
        .getByRole('img', { name: /^prompt_version → v2, first seen/ })
        .first()
        .waitFor();
      assert(new URL(page.url()).searchParams.get('marker') === 'prompt_version', 'the choice is in the URL');
      await page.getByLabel('Mark changes of').selectOption('model');
    });

    await step('the Conversations KPI opens the list with as many conversations', async () => {
      await page.goto(overview, { waitUntil: 'domcontentloaded' });
      const kpi = page.getByRole('link', { name: /^Conversations: \d+\. Open the conversations$/ });
      const label = await kpi.getAttribute('aria-label');
      assert(label.startsWith(`Conversations: ${CURRENT.length}.`), `KPI says ${label}`);
      await kpi.click();
      await page.waitForURL((u) => u.pathname === '/conversations');
      assert(new URL(page.url()).searchParams.get('env') === ENV, 'the list keeps the environment');
      const rows = await listRows();
      assert(rows === CURRENT.length, `the list shows ${rows}, the KPI ${CURRENT.length}`);
    });

    await step('the Failure rate KPI opens the conversations with failures', async () => {
      await page.goto(overview, { waitUntil: 'domcontentloaded' });
      await page.getByRole('link', { name: /^Failure rate: .*Open the conversations with failures$/ }).click();
      await page.waitForURL((u) => u.searchParams.get('has_failures') === 'true');
      const rows = await listRows();
      assert(rows === failing, `the list shows ${rows} failing, the period has ${failing}`);
    });

    await step('a health-distribution bar opens the conversations of that band', async () => {
      await page.goto(overview, { waitUntil: 'domcontentloaded' });
      const bar = page.getByRole('link', { name: /^Health \d+–\d+: [1-9]\d* conversations?\. Open them$/ }).first();
      const label = await bar.getAttribute('aria-label');
      const expected = Number(/: (\d+) conversation/.exec(label)[1]);
      await bar.click();
      await page.waitForURL((u) => u.searchParams.has('health_min'));
      const rows = await listRows();
      assert(rows === expected, `${label}, the list shows ${rows}`);
    });

    await step('a point of the failure-rate line opens its hour', async () => {
      await page.goto(overview, { waitUntil: 'domcontentloaded' });
      const chart = page.getByRole('group', { name: 'Failure rate per hour' });
      await chart.waitFor();
      // the two conversations sent 2 h ago share a bucket
      const r = await http('GET', `/analytics/timeseries?timeframe=24h&environment=${ENV}`, { token });
      const idx = r.body.points.findIndex((p) => p.conversations === 2);
      assert(idx >= 0, 'a bucket with two conversations');
      const busy = r.body.points.slice(0, idx).filter((p) => p.conversations > 0).length;
      const point = chart.getByRole('link').nth(busy);
      await point.focus();
      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.searchParams.get('has_failures') === 'true' && u.searchParams.has('from'));
      const url = new URL(page.url());
      assert(url.searchParams.get('from') === new Date(r.body.points[idx].start).toISOString(), 'the bucket start');
      // the list of the bucket's failing conversations: both there are happy, so the list is empty; without the
      // failure filter it holds the bucket's two
      url.searchParams.delete('has_failures');
      await page.goto(url.toString(), { waitUntil: 'domcontentloaded' });
      const rows = await listRows();
      assert(rows === 2, `the bucket's list shows ${rows}, the bucket counts 2`);
    });

    await step('/c/<conversation id> opens that conversation', async () => {
      const external = `${RUN}-e`;
      await page.goto(`${BASE}/c/${encodeURIComponent(external)}`, { waitUntil: 'domcontentloaded' });
      await page.waitForURL((u) => u.pathname === `/conversations/${stored.get(external).id}`);
      await page.getByRole('heading', { level: 1, name: external }).waitFor();
    });

    await step('/c/<unknown id> says the conversation is not found', async () => {
      await page.goto(`${BASE}/c/${RUN}-nope.v1`, { waitUntil: 'domcontentloaded' });
      await page.getByText('Conversation not found').waitFor();
      await page.getByText(`${RUN}-nope.v1`).waitFor();
      await page.screenshot({ path: join(SHOTS, 'trends-not-found.png') });
    });

    await step('phone (390 px): the trend charts fit and a point still opens its hour', async () => {
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const p = await phone.newPage();
      await loginInBrowser(p);
      await p.goto(overview, { waitUntil: 'domcontentloaded' });
      const section = p.locator('section[aria-labelledby="ts-title"]');
      await section.getByRole('group', { name: 'Average health per hour' }).getByRole('link').first().waitFor();
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert(overflow <= 0, `no sideways scroll: ${overflow}px`);
      await section.scrollIntoViewIfNeeded();
      await section.screenshot({ path: join(SHOTS, 'trends-overview-phone.png') });
      await section.getByRole('group', { name: 'Average health per hour' }).getByRole('link').first().tap();
      await p.waitForURL((u) => u.pathname === '/conversations' && u.searchParams.has('from'));
      await phone.close();
    });

    await step('no script errors on the way', async () => {
      assert(errors.length === 0, errors.join('\n'));
    });
  } finally {
    await browser.close();
  }
  finish();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

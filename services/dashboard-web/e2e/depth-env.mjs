// Dashboard depth: the environment + metadata-tag scope (issue 13 item 1), in a real browser against the e2e stack.
// Ingests its own conversations in production and staging (distinct counts and failure rates) tagged with this run's
// id, then checks: the default scope is production, switching changes the URL and the numbers, the scope survives
// navigation and reload, and a tag narrows to exactly this run's conversations. Other suites' data may share the
// stack, so untagged numbers are compared with what the API answers for the same scope, tagged ones with our own.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BASE,
  apiLogin,
  assert,
  finish,
  http,
  launch,
  loginInBrowser,
  step,
  stop,
  until,
  PHONE,
  MIN_TARGET,
} from './lib.mjs';

const RUN = `env${Date.now().toString(36)}`;
const TAG_KEY = 'e2e_env_run';
const TAG = `${TAG_KEY}:${RUN}`;
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const DESKTOP = { width: 1440, height: 900 };

const happy = [
  ['user', 'Hi! How do I reset my password?'],
  ['assistant', 'Click "Forgot password" on the sign-in page and follow the link in the email we send you.'],
  ['user', 'That worked, thank you so much!'],
  ['assistant', 'Glad I could help. Have a great day!'],
];
const failing = [
  ['user', 'My order #4411 never arrived and I was charged twice.'],
  ['assistant', "I'm sorry, I can't help with billing questions."],
  ['user', 'This is useless!! I already told you my order number three times. This is ridiculous.'],
  ['assistant', "I'm sorry, I can't help with billing questions."],
  ['user', 'I want to talk to a human agent right now. Worst support ever.'],
];
// production: 3 conversations, 1 failing; staging: 6, 4 failing
const PLAN = [
  ...[happy, happy, failing].map((m, i) => ({ env: 'production', id: `${RUN}-prod-${i}`, messages: m })),
  ...[failing, failing, failing, failing, happy, happy].map((m, i) => ({
    env: 'staging',
    id: `${RUN}-staging-${i}`,
    messages: m,
  })),
];
const count = (env) => PLAN.filter((c) => c.env === env).length;

function body(c) {
  const t0 = Date.now() - 120_000;
  return {
    conversation_id: c.id,
    environment: c.env,
    metadata: { [TAG_KEY]: RUN, model: c.env === 'production' ? 'gpt-4o' : 'gpt-4o-mini' },
    messages: c.messages.map(([role, content], i) => ({
      role,
      content,
      timestamp: new Date(t0 + i * 15_000).toISOString(),
      ...(role === 'assistant' ? { latency_ms: 800 } : {}),
    })),
    ended: true,
  };
}

/** The KPI card's value as the dashboard prints it (plain below 10 000, compact above). */
function shown(n) {
  return n >= 10_000
    ? new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 }).format(n)
    : new Intl.NumberFormat('en-US').format(n);
}

async function kpi(page, label) {
  const card = page.getByRole('region', { name: label, exact: true });
  await card.waitFor();
  return card;
}

/** Waits until the Conversations KPI shows `n` (the card re-renders when its query answers). */
async function conversationsKpiIs(page, n) {
  const card = await kpi(page, 'Conversations');
  await until(
    `the Conversations KPI to show ${shown(n)}`,
    async () => {
      const text = await card.textContent();
      return text.includes(shown(n)) ? text : null;
    },
    15_000,
    250,
  );
}

async function summaryCount(token, query) {
  const r = await http('GET', `/analytics/summary?timeframe=7d&${new URLSearchParams(query)}`, { token });
  assert(r.status === 200, `summary answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.conversations.current;
}

async function main() {
  console.log(`dashboard depth: environment scope against ${BASE} (run ${RUN})`);
  mkdirSync(SHOTS, { recursive: true });
  let token;
  let key;
  let rows = [];

  (await step('log in and create an ingest key', async () => {
    token = await apiLogin();
    const r = await http('POST', '/api-keys', { token, body: { name: `${RUN} scope` } });
    assert(r.status === 201 && r.body?.key, `POST /api-keys answered ${r.status}: ${JSON.stringify(r.body)}`);
    key = r.body.key;
  })) || stop();

  (await step('ingest 3 production and 6 staging conversations tagged with this run', async () => {
    for (const c of PLAN) {
      const r = await http('POST', '/conversations/track', { token: key, body: body(c) });
      assert(r.status === 202, `track ${c.id} answered ${r.status}: ${JSON.stringify(r.body)}`);
    }
    rows = await until(
      'all nine to be scored',
      async () => {
        const r = await http('GET', `/conversations?tag=${encodeURIComponent(TAG)}&limit=50`, { token });
        const items = r.body?.items ?? [];
        return items.length === PLAN.length && items.every((i) => i.health_score !== null) ? items : null;
      },
      120_000,
      1500,
    );
    const failingIn = (env) => rows.filter((r) => r.environment === env && r.has_failures).length;
    assert(
      failingIn('staging') / count('staging') > failingIn('production') / count('production'),
      `staging fails more often than production (${failingIn('staging')}/6 vs ${failingIn('production')}/3)`,
    );
  })) || stop();

  await step(
    'the API: viewers and admins read the scope options; no token is refused; a bad tag is a 400',
    async () => {
      const r = await http('GET', '/scope', { token });
      assert(r.status === 200, `GET /scope answered ${r.status}`);
      const names = r.body.environments.map((e) => e.name);
      assert(names.includes('production') && names.includes('staging'), `environments ${names}`);
      assert(
        r.body.tags.some((t) => t.key === TAG_KEY && t.values.some((v) => v.value === RUN)),
        "this run's tag is offered",
      );
      const anon = await http('GET', '/scope');
      assert(anon.status === 401, `unauthenticated GET /scope answered ${anon.status}`);
      const bad = await http('GET', '/analytics/summary?tag=nocolon', { token });
      assert(
        bad.status === 400 && bad.body.details?.some((d) => d.field === 'tag'),
        `bad tag: ${JSON.stringify(bad.body)}`,
      );
    },
  );

  const browser = await launch();
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US' });
  const page = await context.newPage();
  const apiCalls = [];
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.pathname.startsWith('/api/v1/')) apiCalls.push(u);
  });
  const lastCall = (path) => apiCalls.filter((u) => u.pathname === `/api/v1${path}`).at(-1);

  try {
    (await step('Overview defaults to production and its KPIs are production-only', async () => {
      await loginInBrowser(page);
      await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('env') === 'production');
      const env = page.getByRole('combobox', { name: 'Environment' });
      assert((await env.inputValue()) === 'production', 'the picker shows production');
      const production = await summaryCount(token, { environment: 'production' });
      const everything = await summaryCount(token, {});
      assert(production < everything, `production (${production}) is fewer than all (${everything})`);
      await conversationsKpiIs(page, production);
      assert(
        apiCalls
          .filter((u) => u.pathname === '/api/v1/analytics/summary')
          .every((u) => u.searchParams.get('environment') === 'production'),
        'no summary was asked outside production',
      );
      await page.screenshot({ path: join(SHOTS, 'env-overview-production.png') });
    })) || stop();

    await step('switching to staging changes the URL and the numbers', async () => {
      await page.getByRole('combobox', { name: 'Environment' }).selectOption('staging');
      await page.waitForURL((u) => u.searchParams.get('env') === 'staging');
      const staging = await summaryCount(token, { environment: 'staging' });
      assert(staging !== (await summaryCount(token, { environment: 'production' })), 'staging and production differ');
      await conversationsKpiIs(page, staging);
      assert(lastCall('/analytics/summary').searchParams.get('environment') === 'staging', 'asked for staging');
    });

    await step("a tag narrows to this run's staging conversations (count and failure rate)", async () => {
      await page.getByRole('combobox', { name: 'Tag' }).selectOption(TAG);
      await page.waitForURL((u) => u.searchParams.get('tag') === TAG && u.searchParams.get('env') === 'staging');
      await conversationsKpiIs(page, count('staging'));
      const failingStaging = rows.filter((r) => r.environment === 'staging' && r.has_failures).length;
      const rate = `${((failingStaging / count('staging')) * 100).toFixed(1).replace(/\.0+$/, '')}%`;
      const rateCard = await kpi(page, 'Failure rate');
      await until(
        `the failure rate to show ${rate}`,
        async () => (await rateCard.textContent()).includes(rate),
        10_000,
        250,
      );
      await page.screenshot({ path: join(SHOTS, 'env-overview-staging-tag.png') });
    });

    await step('Failures keeps the scope and lists only the scoped failures', async () => {
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Failures' }).click();
      // the page is a lazy chunk: the previous page stays on screen until it has loaded
      await page.getByRole('heading', { level: 1, name: 'Failures' }).waitFor();
      await page.waitForURL(
        (u) =>
          u.pathname === '/failures' && u.searchParams.get('env') === 'staging' && u.searchParams.get('tag') === TAG,
      );
      const expected = await http(
        'GET',
        `/failures?environment=staging&tag=${encodeURIComponent(TAG)}&status=open&limit=50`,
        { token },
      );
      const n = expected.body.items.length;
      assert(n > 0, 'this run has open staging failures');
      await until(
        `${n} failure rows`,
        async () => (await page.locator('tbody tr[data-failure-id]').count()) === n,
        15_000,
        300,
      );
      const call = lastCall('/failures');
      assert(
        call.searchParams.get('environment') === 'staging' && call.searchParams.get('tag') === TAG,
        `failures asked ${call}`,
      );
      assert(lastCall('/analytics/failures/trends').searchParams.get('environment') === 'staging', 'trends scoped');
      await page.screenshot({ path: join(SHOTS, 'env-failures.png') });
    });

    await step("Conversations keeps the scope: exactly this run's six staging conversations", async () => {
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Conversations' }).click();
      // the page is a lazy chunk: the previous page stays on screen until it has loaded
      await page.getByRole('heading', { level: 1, name: 'Conversations' }).waitFor();
      await page.waitForURL((u) => u.pathname === '/conversations' && u.searchParams.get('env') === 'staging');
      for (const c of PLAN) {
        const link = page.getByRole('link', { name: c.id, exact: true });
        if (c.env === 'staging') await link.first().waitFor({ timeout: 15_000 });
      }
      assert((await page.getByRole('link', { name: `${RUN}-prod-0`, exact: true }).count()) === 0, 'no production row');
      assert((await page.locator('tbody tr').count()) === count('staging'), 'six rows');
    });

    await step('reload keeps the scope', async () => {
      await page.reload({ waitUntil: 'domcontentloaded' });
      const u = new URL(page.url());
      assert(u.searchParams.get('env') === 'staging' && u.searchParams.get('tag') === TAG, `after reload ${u}`);
      await page.getByRole('link', { name: `${RUN}-staging-0`, exact: true }).waitFor({ timeout: 15_000 });
      assert((await page.getByRole('combobox', { name: 'Environment' }).inputValue()) === 'staging', 'picker kept');
      assert((await page.getByRole('combobox', { name: 'Tag' }).inputValue()) === TAG, 'tag kept');
      await page.screenshot({ path: join(SHOTS, 'env-conversations.png') });
    });

    await step('"All environments" is explicit in the URL and shows both', async () => {
      await page.getByRole('combobox', { name: 'Environment' }).selectOption('all');
      await page.waitForURL((u) => u.searchParams.get('env') === 'all');
      await page.getByRole('link', { name: `${RUN}-prod-0`, exact: true }).waitFor({ timeout: 15_000 });
      await until('nine rows', async () => (await page.locator('tbody tr').count()) === PLAN.length, 10_000, 300);
      assert(!lastCall('/conversations').searchParams.has('environment'), 'all environments sends no environment');
      // back on the Overview the explicit choice still holds (no fallback to production)
      await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Overview' }).click();
      await page.waitForURL((u) => u.pathname === '/' && u.searchParams.get('env') === 'all');
      await conversationsKpiIs(page, PLAN.length);
    });

    await step('phone: the picker fits a 390 px screen', async () => {
      const phone = await browser.newContext({ viewport: PHONE, locale: 'en-US', isMobile: true, hasTouch: true });
      const p = await phone.newPage();
      await loginInBrowser(p);
      await p.goto(`${BASE}/?env=staging&tag=${encodeURIComponent(TAG)}`, { waitUntil: 'domcontentloaded' });
      const select = p.getByRole('combobox', { name: 'Environment' });
      await select.waitFor();
      const box = await select.boundingBox();
      assert(
        box && box.x >= 0 && box.x + box.width <= PHONE.width && box.height >= MIN_TARGET,
        `picker box ${JSON.stringify(box)}`,
      );
      await conversationsKpiIs(p, count('staging'));
      await p.screenshot({ path: join(SHOTS, 'env-phone-overview.png') });
      await phone.close();
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

// Dashboard depth: lists (issue 13 item 5), in a real browser against the e2e stack through the gateway.
// Ingests 300 conversations of its own (external ids start with this run's id; 60 of them with a "-b-" infix, the
// filter of the export checks), then checks: the header shows the server's total, past 200 loaded rows only a window
// of rows is in the DOM, the header stays stuck while the rows scroll, `/` focuses the search, j / k move the row
// focus and o opens it, and the CSV / JSONL exports download through the gateway with the filter applied (as many
// rows as the filtered count). Then the Failures page: 250 failing conversations of a second id prefix (so the
// conversation filters above never see them) give 250 failures; past 200 loaded only a window of them is in the DOM,
// and j / k / o (expand) / x (select) / Enter (open) work on the virtualised rows. Other suites' data may share the
// stack: every filter includes this run's id or its detection window.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, apiLogin, assert, finish, http, launch, loginInBrowser, step, stop, until, PHONE } from './lib.mjs';

const RUN = `lists${Date.now().toString(36)}`;
const TOTAL = 300;
const NARROW = 60;
// the Failures case: conversations whose ids do not contain RUN, each with one user frustration failure
const FRUN = `lfails${Date.now().toString(36)}`;
const FAILING = 250;
const failFrom = new Date(Date.now() - 5_000).toISOString();
const failTo = new Date(Date.now() + 3_600_000).toISOString();
const failuresQuery = `from=${encodeURIComponent(failFrom)}&to=${encodeURIComponent(failTo)}&type=user_frustration`;
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const DESKTOP = { width: 1440, height: 900 };

function conversation(i) {
  const narrow = i < NARROW;
  const t0 = Date.now() - 600_000 + i * 1000;
  return {
    conversation_id: `${RUN}-${narrow ? 'b' : 'a'}-${String(i).padStart(3, '0')}`,
    environment: 'production',
    messages: [
      { role: 'user', content: `Question ${i}: how do I change my plan?`, timestamp: new Date(t0).toISOString() },
      {
        role: 'assistant',
        // a formula-looking reply: the CSV must neutralise it
        content: i === 0 ? '=HYPERLINK("http://evil.example","click")' : `Open Settings, then Billing (${i}).`,
        timestamp: new Date(t0 + 5000).toISOString(),
        latency_ms: 700,
      },
    ],
    ended: true,
  };
}

function failingConversation(i) {
  const t0 = Date.now() - 120_000 + i * 100;
  const at = (sec) => new Date(t0 + sec * 1000).toISOString();
  return {
    conversation_id: `${FRUN}-${String(i).padStart(3, '0')}`,
    environment: 'production',
    messages: [
      { role: 'user', content: `My parcel ${2000 + i} never arrived`, timestamp: at(0) },
      { role: 'assistant', content: 'Could you share the order number?', timestamp: at(5), latency_ms: 700 },
      { role: 'user', content: 'This is useless. I want to talk to a real person now.', timestamp: at(20) },
    ],
    ended: true,
  };
}

/** Sends batches of 100 (a key created a moment ago may answer 503 with Retry-After: send again). */
async function ingest(key, all) {
  for (let i = 0; i < all.length; i += 100) {
    const r = await until(
      'the batch to be accepted',
      async () => {
        const res = await http('POST', '/conversations/track/batch', {
          token: key,
          body: { conversations: all.slice(i, i + 100) },
        });
        return res.status === 503 ? null : res;
      },
      30_000,
      2000,
    );
    assert(r.status === 207 || r.status === 202, `batch answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`);
  }
}

/** The export through the gateway as the API answers it (status, headers, body text). */
async function rawExport(path, token) {
  const res = await fetch(`${BASE}/api/v1${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

let token;
let browser;
let page;
mkdirSync(SHOTS, { recursive: true });
const shot = (name) => page.screenshot({ path: join(SHOTS, `lists-${name}.png`) });
const domRows = () => page.locator('section[aria-label="Conversation list"] tbody tr[data-index]').count();

try {
  (await step(
    `ingest ${TOTAL} conversations (${NARROW} in the narrow filter) and wait until they are listed`,
    async () => {
      token = await apiLogin();
      const key = await http('POST', '/api-keys', { token, body: { name: `${RUN} lists` } });
      assert(key.status === 201 && key.body?.key, `POST /api-keys answered ${key.status}`);
      await ingest(
        key.body.key,
        Array.from({ length: TOTAL }, (_, i) => conversation(i)),
      );
      // the failing ones are analysed while the conversation steps run; the Failures step waits for them
      await ingest(
        key.body.key,
        Array.from({ length: FAILING }, (_, i) => failingConversation(i)),
      );
      await until(
        `${TOTAL} conversations of this run`,
        async () => {
          const r = await http('GET', `/conversations/count?timeframe=24h&q=${RUN}`, { token });
          return r.status === 200 && r.body.count === TOTAL && r.body.exact;
        },
        120_000,
        2000,
      );
    },
  )) || stop();

  await step(
    'count and export endpoints through the gateway: exact filtered count, streamed, refused without a token',
    async () => {
      const count = await http('GET', `/conversations/count?timeframe=24h&q=${RUN}-b`, { token });
      assert(
        count.status === 200 && count.body.count === NARROW && count.body.method === 'exact',
        JSON.stringify(count.body),
      );
      const csv = await rawExport(`/conversations/export?format=csv&timeframe=24h&q=${RUN}`, token);
      assert(csv.status === 200, `export answered ${csv.status}`);
      assert(csv.headers.get('content-type').startsWith('text/csv'), csv.headers.get('content-type'));
      assert(
        /attachment; filename="sensei-conversations-\d{4}-\d{2}-\d{2}\.csv"/.test(
          csv.headers.get('content-disposition'),
        ),
        'dated attachment',
      );
      assert(!csv.headers.get('content-length'), 'streamed (no Content-Length): the gateway did not buffer it');
      const lines = csv.text.split('\r\n').filter(Boolean);
      assert(lines.length === TOTAL + 1, `${lines.length - 1} CSV rows for ${TOTAL}`);
      assert(
        csv.text.includes(`"'=HYPERLINK(""http://evil.example"",""click"")"`),
        'the formula cell is prefixed and quoted',
      );
      const refused = await rawExport(`/conversations/export?format=csv&q=${RUN}`);
      assert(refused.status === 401, `without a token: ${refused.status}`);
      const bad = await http('GET', `/conversations/export?format=xlsx`, { token });
      assert(bad.status === 400 && bad.body.details[0].field === 'format', JSON.stringify(bad.body));
    },
  );

  browser = await launch();
  const context = await browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  page = await context.newPage();
  await loginInBrowser(page);
  const listUrl = `${BASE}/conversations?timeframe=24h&q=${RUN}`;

  (await step('conversations header shows the total for the filter', async () => {
    await page.goto(listUrl);
    await page
      .getByTestId('list-total')
      .filter({ hasText: `${TOTAL} conversations` })
      .waitFor({ timeout: 15_000 });
  })) || stop();

  await step('past 200 loaded rows the table is virtualised: fewer DOM rows than loaded ones', async () => {
    const footer = page.getByRole('status').filter({ hasText: /^Showing/ });
    await footer.waitFor();
    const loaded = async () => Number((await footer.textContent()).match(/Showing ([\d,]+)/)[1].replace(/,/g, ''));
    // more than 200 rows switches to the virtualised table
    for (let i = 0; i < 6 && (await loaded()) <= 200; i++) {
      const before = await loaded();
      await page.getByRole('button', { name: 'Load more' }).click();
      await until('the next page', async () => (await loaded()) > before, 15_000, 200);
    }
    // the rest loads as the end of the loaded rows scrolls into view
    await until(
      'all 300 rows loaded',
      async () => {
        await page
          .locator('.list-scroll')
          .first()
          .evaluate((el) => (el.scrollTop = el.scrollHeight));
        return /Showing 300/.test(await footer.textContent());
      },
      20_000,
      500,
    );
    const rendered = await domRows();
    assert(rendered > 0 && rendered < 100, `${rendered} rows in the DOM for 300 loaded`);
    assert((await page.getByRole('table').getAttribute('aria-rowcount')) === '301', 'aria-rowcount names every row');
  });

  await step('the header stays stuck to the top of the scrolling table', async () => {
    const wrap = page.locator('.list-scroll').first();
    await wrap.evaluate((el) => (el.scrollTop = 4000));
    await page.waitForTimeout(300);
    const [wrapTop, headTop, scrolled] = await wrap.evaluate((el) => [
      el.getBoundingClientRect().top,
      el.querySelector('thead th').getBoundingClientRect().top,
      el.scrollTop,
    ]);
    assert(scrolled > 1000, `scrolled ${scrolled}px`);
    assert(Math.abs(headTop - wrapTop) <= 1.5, `header at ${headTop}px, table top at ${wrapTop}px`);
    await shot('conversations-desktop');
  });

  await step('"/" focuses the search, typing there fires no shortcut', async () => {
    await page.locator('h1').click();
    await page.keyboard.press('/');
    assert(await page.evaluate(() => document.activeElement?.id === 'f-q'), 'search focused');
    await page.keyboard.type('j');
    assert((await page.locator('tr.row-focused').count()) === 0, 'j inside the search moved no row');
    await page.keyboard.press('Backspace');
  });

  await step('j / k move the row focus, o opens the focused conversation', async () => {
    await page.goto(listUrl);
    await page.locator('tbody tr[data-index="2"]').waitFor();
    await page.locator('h1').click();
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    const focused = page.locator('tr.row-focused');
    await focused.waitFor();
    assert((await focused.getAttribute('data-index')) === '1', 'second row focused after j j j k');
    const href = await focused.locator('a.row-link').getAttribute('href');
    assert(await focused.locator('a.row-link').evaluate((a) => a === document.activeElement), 'its link has focus');
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await shot('shortcuts-help');
    await page.getByRole('button', { name: 'Close' }).click();
    await page.keyboard.press('o');
    await page.waitForURL((u) => u.pathname === href);
  });

  const download = async (format) => {
    await page
      .getByRole('button', { name: /^Export/ })
      .first()
      .click();
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 30_000 }).catch(async (e) => {
        const toasts = await page.locator('.toast').allTextContents();
        throw new Error(`no download (${toasts.join(' | ') || 'no toast'}): ${e.message}`);
      }),
      page.getByRole('menuitem', { name: format === 'csv' ? /CSV/ : /JSON Lines/ }).click(),
    ]);
    return { name: file.suggestedFilename(), text: readFileSync(await file.path(), 'utf8') };
  };

  await step('export CSV and JSONL from the browser through the gateway, with the filter applied', async () => {
    await page.goto(`${BASE}/conversations?timeframe=24h&q=${RUN}-b`);
    await page
      .getByTestId('list-total')
      .filter({ hasText: `${NARROW} conversations` })
      .waitFor({ timeout: 15_000 });
    await page
      .getByRole('button', { name: /^Export/ })
      .first()
      .click();
    await page.getByRole('menu').waitFor();
    await shot('export-menu');
    await page.keyboard.press('Escape');
    const csv = await download('csv');
    assert(/^sensei-conversations-\d{4}-\d{2}-\d{2}\.csv$/.test(csv.name), csv.name);
    const rows = csv.text.split('\r\n').filter(Boolean);
    assert(rows[0].startsWith('id,external_id,'), rows[0]);
    assert(rows.length - 1 === NARROW, `${rows.length - 1} CSV rows for the filtered ${NARROW}`);
    assert(
      rows.slice(1).every((r) => r.includes(`${RUN}-b-`)),
      'only the filtered conversations',
    );
    const jsonl = await download('jsonl');
    assert(jsonl.name.endsWith('.jsonl'), jsonl.name);
    const objects = jsonl.text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    assert(objects.length === NARROW, `${objects.length} JSONL rows for ${NARROW}`);
    assert(
      objects.every((o) => o.external_id.startsWith(`${RUN}-b-`)),
      'only the filtered conversations',
    );
  });

  await step('failures page: total and export in the header, sticky table header', async () => {
    await page.goto(`${BASE}/failures?status=all&timeframe=24h`);
    const api = await http('GET', '/failures/count?timeframe=24h', { token });
    assert(api.status === 200, `failures count ${api.status}`);
    await page.getByTestId('list-total').waitFor({ timeout: 15_000 });
    const shown = await page.getByTestId('list-total').textContent();
    assert(/failures?$/.test(shown), shown);
    const csv = await download('csv');
    assert(csv.name.startsWith('sensei-failures-'), csv.name);
    assert(csv.text.startsWith('id,conversation_id,conversation_external_id,type,'), csv.text.slice(0, 80));
    const position = await page
      .locator('.list-scroll thead th')
      .first()
      .evaluate((th) => getComputedStyle(th).position);
    assert(position === 'sticky', `th position ${position}`);
    await shot('failures-desktop');
  });

  await step(`failures: past 200 loaded failures only a window is in the DOM; j / k / o / x / Enter work`, async () => {
    await until(
      `${FAILING} user frustration failures of this run`,
      async () => {
        const r = await http('GET', `/failures/count?${failuresQuery}`, { token });
        return r.status === 200 && r.body.count >= FAILING;
      },
      180_000,
      2000,
    );
    await page.goto(`${BASE}/failures?${failuresQuery}`);
    const list = page.getByRole('region', { name: 'Failure list' });
    const footer = list.getByRole('status').filter({ hasText: /^Showing/ });
    await footer.waitFor({ timeout: 15_000 });
    const loaded = async () => Number((await footer.textContent()).match(/Showing ([\d,]+)/)[1].replace(/,/g, ''));
    for (let i = 0; i < 8 && (await loaded()) <= 200; i++) {
      const before = await loaded();
      await list.getByRole('button', { name: 'Load more' }).click();
      await until('the next page of failures', async () => (await loaded()) > before, 15_000, 200);
    }
    const rowsLoaded = await loaded();
    assert(rowsLoaded > 200, `${rowsLoaded} failures loaded`);
    const items = list.locator('tbody[data-index]');
    const rendered = await items.count();
    assert(rendered > 0 && rendered < rowsLoaded / 2, `${rendered} failures in the DOM for ${rowsLoaded} loaded`);
    const rowcount = Number(await list.getByRole('table').getAttribute('aria-rowcount'));
    assert(rowcount === rowsLoaded + 1, `aria-rowcount ${rowcount} for ${rowsLoaded} rows`);

    // forty j from the top walk past the rendered window: the focused row is scrolled in and its link focused
    await list.locator('.list-scroll').evaluate((el) => (el.scrollTop = 0));
    await page.locator('h1').click();
    for (let i = 0; i < 40; i++) await page.keyboard.press('j');
    await page.keyboard.press('k');
    const focused = list.locator('tbody[data-index="38"] tr.row-focused');
    await focused.waitFor({ timeout: 5000 });
    assert(
      await focused.locator('a.row-link').evaluate((a) => a === document.activeElement),
      'the 39th failure has focus',
    );
    const scrolled = await list.locator('.list-scroll').evaluate((el) => el.scrollTop);
    assert(scrolled > 500, `the list scrolled to the focused row (${scrolled}px)`);

    // o expands the focused failure in place: its detail row is part of the same measured item
    await page.keyboard.press('o');
    const item = list.locator('tbody[data-index="38"]');
    await item.locator('.triage-detail-row').waitFor();
    assert(
      (await item.getByRole('button', { name: /details and notes/ }).getAttribute('aria-expanded')) === 'true',
      'o expanded the focused failure',
    );
    assert(
      Number(await list.getByRole('table').getAttribute('aria-rowcount')) === rowsLoaded + 2,
      'detail row counted',
    );
    // and scrolls so that the whole expanded failure is in the list's viewport
    await until(
      'the expanded failure scrolled into view',
      async () => {
        const [itemBottom, viewBottom] = await item.evaluate((el) => [
          el.getBoundingClientRect().bottom,
          el.closest('.list-scroll').getBoundingClientRect().bottom,
        ]);
        return itemBottom <= viewBottom + 1;
      },
      5000,
      100,
    );
    const below = await list.locator('tbody[data-index="39"]').evaluate((el) => el.getBoundingClientRect().top);
    const detailBottom = await item.evaluate((el) => el.getBoundingClientRect().bottom);
    assert(
      below >= detailBottom - 1,
      `the next failure (${below}px) starts below the expanded one (${detailBottom}px)`,
    );
    await list.locator('.list-scroll').screenshot({ path: join(SHOTS, 'lists-failures-virtualised-expanded.png') });

    // x toggles the focused failure's checkbox (and with it the bulk bar)
    await page.keyboard.press('x');
    assert(await item.locator('tr.row-focused input[type="checkbox"]').isChecked(), 'x selected the focused failure');
    await list.getByText(/1 selected/).waitFor();
    await page.keyboard.press('x');
    assert(!(await item.locator('tr.row-focused input[type="checkbox"]').isChecked()), 'x again unselected it');

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Select or unselect the focused row').waitFor();
    await help.getByRole('button', { name: 'Close' }).click();

    // Enter on the focused failure opens its conversation
    const href = await focused.locator('a.row-link').getAttribute('href');
    await focused.locator('a.row-link').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === href);
  });

  await step('phone: list with total and export', async () => {
    await page.setViewportSize(PHONE);
    await page.goto(listUrl);
    await page
      .getByTestId('list-total')
      .filter({ hasText: `${TOTAL} conversations` })
      .waitFor({ timeout: 15_000 });
    await shot('conversations-phone');
  });
} catch (e) {
  await step('unexpected error', () => {
    throw e;
  });
} finally {
  await browser?.close();
  finish();
}

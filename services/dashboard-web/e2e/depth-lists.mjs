// Dashboard depth: lists (issue 13 item 5), in a real browser against the e2e stack through the gateway.
// Ingests 300 conversations of its own (external ids start with this run's id; 60 of them with a "-b-" infix, the
// filter of the export checks), then checks: the header shows the server's total, past 200 loaded rows only a window
// of rows is in the DOM, the header stays stuck while the rows scroll, `/` focuses the search, j / k move the row
// focus and o opens it, and the CSV / JSONL exports download through the gateway with the filter applied (as many
// rows as the filtered count). Other suites' data may share the stack: every filter includes this run's id.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, apiLogin, assert, finish, http, launch, loginInBrowser, step, stop, until } from './lib.mjs';

const RUN = `lists${Date.now().toString(36)}`;
const TOTAL = 300;
const NARROW = 60;
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

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
      const all = Array.from({ length: TOTAL }, (_, i) => conversation(i));
      for (let i = 0; i < all.length; i += 100) {
        // a key created a moment ago may not be verifiable yet (503 with Retry-After): send again
        const r = await until(
          'the batch to be accepted',
          async () => {
            const res = await http('POST', '/conversations/track/batch', {
              token: key.body.key,
              body: { conversations: all.slice(i, i + 100) },
            });
            return res.status === 503 ? null : res;
          },
          30_000,
          2000,
        );
        assert(
          r.status === 207 || r.status === 202,
          `batch answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`,
        );
      }
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

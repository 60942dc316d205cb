// Dashboard depth: triage at scale (issue 13 item 3), in a real browser against the e2e stack through the gateway.
// Ingests 120 failing conversations of its own (ids start with this run's id), so the Failures page holds more than
// one page (50 rows) of them; every filter is bounded to the detection window of this run and checked to hold only
// this run's conversations. Then: select the loaded rows → "Select all 120 matching" → acknowledge all 120 → the open
// count of that filter is 0; group by type; mark one false positive and add a note, reload → both persisted; Reopen
// only on rows that are not open; a stale confirmed count is refused (409).
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, apiLogin, assert, finish, http, launch, loginInBrowser, step, stop, until, PHONE } from './lib.mjs';

const RUN = `triage${Date.now().toString(36)}`;
const TOTAL = 120;
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../../docs/screenshots');
const DESKTOP = { width: 1440, height: 900 };

function conversation(i) {
  const t0 = Date.now() - 120_000 + i * 100;
  const at = (s) => new Date(t0 + s * 1000).toISOString();
  return {
    conversation_id: `${RUN}-${String(i).padStart(3, '0')}`,
    environment: 'production',
    messages: [
      { role: 'user', content: `Hi, I was charged twice for my order ${1000 + i} this month`, timestamp: at(0) },
      {
        role: 'assistant',
        content: "I'm sorry to hear that. Could you tell me more about the charge on your account?",
        timestamp: at(5),
        latency_ms: 800,
      },
      { role: 'user', content: 'I already told you, I was charged twice! This is ridiculous.', timestamp: at(20) },
      {
        role: 'assistant',
        content: "I'm sorry to hear that. Could you tell me more about the charge on your account?",
        timestamp: at(25),
        latency_ms: 800,
      },
      { role: 'user', content: 'This is useless. I want to talk to a real person now.', timestamp: at(40) },
    ],
    ended: true,
  };
}

let token;
let browser;
let page;
// failures of this run are detected after `from`; `to` is fixed so the list, the count and the bulk action see the
// same set (a look-back would keep moving)
const from = new Date(Date.now() - 5_000).toISOString();
const to = new Date(Date.now() + 3_600_000).toISOString();
const window = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
const frustration = `${window}&type=user_frustration`;
mkdirSync(SHOTS, { recursive: true });
const shot = (name) => page.screenshot({ path: join(SHOTS, `triage-${name}.png`) });
const count = async (query) => {
  const r = await http('GET', `/failures/count?${query}`, { token });
  assert(r.status === 200, `count answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.count;
};

try {
  (await step(`ingest ${TOTAL} failing conversations and wait for their failures`, async () => {
    token = await apiLogin();
    const key = await http('POST', '/api-keys', { token, body: { name: `${RUN} triage` } });
    assert(key.status === 201 && key.body?.key, `POST /api-keys answered ${key.status}`);
    const all = Array.from({ length: TOTAL }, (_, i) => conversation(i));
    for (let i = 0; i < all.length; i += 60) {
      const r = await http('POST', '/conversations/track/batch', {
        token: key.body.key,
        body: { conversations: all.slice(i, i + 60) },
      });
      assert(
        r.status === 207 || r.status === 202,
        `batch answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`,
      );
    }
    await until(
      `${TOTAL} open user frustration failures of this run`,
      async () => (await count(`${frustration}&status=open`)) === TOTAL,
      180_000,
      2000,
    );
    // the window holds this run's conversations only (another suite's would be acknowledged too)
    let cursor = null;
    const seen = new Set();
    do {
      const r = await http(
        'GET',
        `/failures?${window}&limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        {
          token,
        },
      );
      assert(r.status === 200, `list answered ${r.status}: ${JSON.stringify(r.body)}`);
      for (const f of r.body.items) {
        assert(
          f.conversation_external_id?.startsWith(RUN),
          `foreign failure in the window: ${f.conversation_external_id}`,
        );
        seen.add(f.conversation_external_id);
      }
      cursor = r.body.next_cursor;
    } while (cursor);
    assert(seen.size === TOTAL, `failures of ${seen.size} conversations, expected ${TOTAL}`);
  })) || stop();

  browser = await launch();
  page = await browser.newPage({ viewport: DESKTOP });
  await loginInBrowser(page);

  await step(
    'select the loaded rows, then "Select all 120 matching", acknowledge all: the open count drops to 0',
    async () => {
      await page.goto(`${BASE}/failures?${frustration}`, { waitUntil: 'domcontentloaded' });
      const list = page.getByRole('region', { name: 'Failure list' });
      await list.locator('tbody tr[data-failure-id]').nth(49).waitFor();
      assert((await list.locator('tbody tr[data-failure-id]').count()) === 50, 'one page of 50 rows is loaded');
      await page.getByText(`Showing 50 of ${TOTAL} failures`).waitFor();
      await page.getByRole('checkbox', { name: 'Select all failures on this page' }).check();
      await page.getByRole('button', { name: `Select all ${TOTAL} matching` }).click();
      const bar = page.getByRole('region', { name: 'Bulk actions' });
      await bar.getByText(`${TOTAL} matching selected`).waitFor();
      await page.getByText(`All ${TOTAL} failures matching these filters are selected.`).waitFor();
      await shot('select-all');
      await bar.getByRole('button', { name: `Acknowledge all ${TOTAL}` }).click();
      await page.getByText(`${TOTAL} failures marked acknowledged`).waitFor();
      await page.getByText('No open failures').waitFor();
      assert((await count(`${frustration}&status=open`)) === 0, 'no open failure is left for the filter');
      assert((await count(`${frustration}&status=ack`)) === TOTAL, `all ${TOTAL} are acknowledged`);
    },
  );

  await step('a stale confirmed count is refused with 409 and changes nothing', async () => {
    const open = await count(`${window}&status=open`);
    assert(open > 0, 'other failure types of this run are still open');
    const r = await http('POST', '/failures/bulk-status', {
      token,
      body: { filter: { from, to, status: 'open' }, expected_count: open - 1, status: 'resolved' },
    });
    assert(r.status === 409 && r.body.details?.[0]?.field === 'expected_count', `answered ${r.status}`);
    assert((await count(`${window}&status=open`)) === open, 'nothing changed');
  });

  await step('group by type: counts per type for the filter, a group narrows the list', async () => {
    await page.goto(`${BASE}/failures?${window}&status=all`, { waitUntil: 'domcontentloaded' });
    await page.getByRole('group', { name: 'Group by' }).getByRole('button', { name: 'Type' }).click();
    const groups = page.getByRole('list', { name: 'Failures by type' });
    const frustrationGroup = groups.getByRole('button', { name: /User frustration/ });
    await frustrationGroup.waitFor();
    const api = await http('GET', `/failures/groups?by=type&${window}`, { token });
    const expected = api.body.groups.find((g) => g.key === 'user_frustration');
    assert(expected?.count === TOTAL, `groups: ${JSON.stringify(api.body)}`);
    assert(
      (await frustrationGroup.textContent()).includes(String(TOTAL)),
      `the group shows ${TOTAL}: ${await frustrationGroup.textContent()}`,
    );
    assert((await groups.getByRole('button').count()) === api.body.groups.length, 'one row per group');
    await shot('groups');
    await frustrationGroup.click();
    await page.waitForURL((u) => u.searchParams.get('type') === 'user_frustration' && !u.searchParams.has('group'));
  });

  await step('Reopen is offered only on rows that are not open', async () => {
    await page.goto(`${BASE}/failures?${window}&status=all`, { waitUntil: 'domcontentloaded' });
    const rows = page.getByRole('region', { name: 'Failure list' }).locator('tbody tr[data-failure-id]');
    await rows.first().waitFor();
    const n = await rows.count();
    let open = 0;
    let other = 0;
    for (let i = 0; i < n; i++) {
      const row = rows.nth(i);
      const status = await row.getAttribute('data-status');
      const reopen = await row.getByRole('button', { name: /^Reopen/ }).count();
      assert(reopen === (status === 'open' ? 0 : 1), `row ${i} (${status}) has ${reopen} Reopen buttons`);
      if (status === 'open') open++;
      else other++;
    }
    assert(open > 0 && other > 0, `both kinds were checked (${open} open, ${other} not)`);
  });

  await step('mark one false positive and add a note; after a reload both are there', async () => {
    await page.goto(`${BASE}/failures?${frustration}&status=ack`, { waitUntil: 'domcontentloaded' });
    const rows = page.getByRole('region', { name: 'Failure list' }).locator('tbody tr[data-failure-id]');
    await rows.first().waitFor();
    const id = await rows.first().getAttribute('data-failure-id');
    const row = page.locator(`tr[data-failure-id="${id}"]`);
    await row.getByRole('button', { name: 'Mark user frustration as false positive' }).click();
    await page.getByText('Failure marked false positive').waitFor();
    await page.goto(`${BASE}/failures?${frustration}&status=false_positive`, { waitUntil: 'domcontentloaded' });
    await page.locator(`tr[data-failure-id="${id}"]`).getByText('False positive').waitFor();
    await page
      .locator(`tr[data-failure-id="${id}"]`)
      .getByRole('button', { name: /Show details and notes/ })
      .click();
    const notes = page.getByRole('region', { name: 'Notes' });
    await notes.getByText('No notes yet.').waitFor();
    const text = `${RUN}: the customer was joking, not frustrated`;
    await notes.getByLabel('Add a note').fill(text);
    await notes.getByRole('button', { name: 'Add note' }).click();
    await notes.getByText(text).waitFor();

    await page.reload({ waitUntil: 'domcontentloaded' });
    const again = page.locator(`tr[data-failure-id="${id}"]`);
    await again.getByText('False positive').waitFor();
    await again.getByRole('button', { name: /Show details and notes/ }).click();
    await page.getByRole('region', { name: 'Notes' }).getByText(text).waitFor();
    assert((await count(`${frustration}&status=false_positive`)) === 1, 'exactly one false positive is stored');
    const stored = await http('GET', `/failures/${id}/notes`, { token });
    assert(
      stored.status === 200 && stored.body.length === 1 && stored.body[0].body === text,
      JSON.stringify(stored.body),
    );
    await shot('false-positive-note');
  });

  await step('phone: the Failures page with groups at 390 px', async () => {
    const phone = await browser.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
    try {
      await loginInBrowser(phone);
      await phone.goto(`${BASE}/failures?${window}&status=all&group=type`, { waitUntil: 'domcontentloaded' });
      await phone.getByRole('list', { name: 'Failures by type' }).waitFor();
      await phone.screenshot({ path: join(SHOTS, 'triage-phone.png') });
    } finally {
      await phone.close();
    }
  });
} finally {
  await browser?.close();
}
finish();

// Conversation detail depth, in a real browser against a running stack: messages in the order the client sent them
// (tied and skewed timestamps, a later append stamped earlier), Markdown with a code block rendered and an XSS attempt
// inert, a very long message collapsed behind "Show more", times with date and zone, "Copy link" on the clipboard,
// "Export JSON" downloading every message in order, previous/next through the list the user came from.
// Creates its own data (API key via the admin login, ingestion via the public API) under a unique run id.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, apiLogin, assert, finish, http, launch, loginInBrowser, sleep, step, stop, until } from './lib.mjs';

const RUN = `detail-${Date.now().toString(36)}`;
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'docs', 'screenshots');

const CODE = 'const total = items.reduce((sum, item) => sum + item.price, 0);';
const XSS_LINES = [
  '<script>window.__xss = 1; alert("xss")</script>',
  '<img src=x onerror="window.__xss = 2; alert(2)">',
  '[click me](javascript:window.__xss=3)',
  '<a href="https://example.com" onmouseover="window.__xss=4">hover</a>',
];
const MARKDOWN = `Here is the **fix**:\n\n\`\`\`js\n${CODE}\n\`\`\`\n\n${XSS_LINES.join('\n\n')}\n\nSee [the docs](https://example.com/docs).`;
const LONG = Array.from({ length: 40 }, (_, i) => `Line ${i + 1} of the troubleshooting log: step ${i + 1} done.`).join(
  '\n',
);

async function track(key, body) {
  const res = await fetch(`${BASE}/api/v1/conversations/track`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert(res.status === 202, `track ${body.conversation_id} answered ${res.status}: ${await res.text()}`);
}

async function main() {
  console.log(`conversation detail depth e2e against ${BASE} (run ${RUN})`);
  let token;
  let key;
  const t0 = Date.parse('2026-11-30T20:00:00Z');
  const at = (s) => new Date(t0 + s * 1000).toISOString();
  const orderId = `${RUN}-order`;
  // what the client sent, in its order: replies stamped later than the user's next message, a tie, then an append
  const sent = [
    { id: 'm1', role: 'user', content: 'My invoice is wrong', timestamp: at(0) },
    { id: 'm2', role: 'assistant', content: 'Let me check the invoice.', timestamp: at(5) },
    { id: 'm3', role: 'user', content: 'It charges me twice', timestamp: at(1) },
    { id: 'm4', role: 'assistant', content: MARKDOWN, timestamp: at(6) },
    { id: 'm5', role: 'user', content: 'Can you send the full log?', timestamp: at(7) },
    { id: 'm6', role: 'assistant', content: LONG, timestamp: at(7) },
  ];
  const appended = { id: 'm7', role: 'user', content: 'Thanks, that explains it', timestamp: at(-60) };
  const expected = [...sent, appended].map((m) => m.content);
  let uuids = {};

  (await step('set up: admin login, API key, tour dismissed', async () => {
    token = await apiLogin();
    const k = await http('POST', '/api-keys', { token, body: { name: `${RUN} ingestion` } });
    assert(k.status === 201 || k.status === 200, `create key answered ${k.status}`);
    key = k.body.key;
    await http('PATCH', '/me/preferences', { token, body: { onboarding: { tour_dismissed: true } } });
  })) || stop();

  (await step('ingest: two neighbours, then the conversation in two requests (skewed, tied, appended)', async () => {
    for (const n of ['n1', 'n2']) {
      await track(key, {
        conversation_id: `${RUN}-${n}`,
        messages: [{ id: `${n}-1`, role: 'user', content: `neighbour ${n}`, timestamp: at(-3600) }],
      });
      await sleep(1100); // distinct last activity: the list order is fixed
    }
    await track(key, { conversation_id: orderId, messages: sent });
    await until(
      'the first request to be stored',
      async () => (await http('GET', `/conversations?q=${orderId}`, { token })).body?.items?.length === 1,
      30_000,
      500,
    );
    await track(key, { conversation_id: orderId, messages: [appended] });
    const list = await until(
      'all three conversations with every message',
      async () => {
        const r = await http('GET', `/conversations?q=${RUN}&limit=10`, { token });
        const items = r.body?.items ?? [];
        const order = items.find((c) => c.external_id === orderId);
        return items.length === 3 && order?.message_count === 7 ? items : null;
      },
      60_000,
      1000,
    );
    uuids = Object.fromEntries(list.map((c) => [c.external_id.slice(RUN.length + 1), c.id]));
    const thread = await http('GET', `/conversations/${uuids.order}/messages`, { token });
    assert(
      JSON.stringify(thread.body.items.map((m) => m.content)) === JSON.stringify(expected),
      `API order ${thread.body.items.map((m) => m.external_id)}`,
    );
  })) || stop();

  const browser = await launch();
  const context = await browser.newContext({
    viewport: { width: 1440, height: 900 },
    timezoneId: 'Europe/Berlin',
    locale: 'en-GB',
    acceptDownloads: true,
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: BASE });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const dialogs = [];
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const timeline = page.getByRole('list', { name: 'Message timeline' });

  try {
    (await step('open it from the list filtered to this run', async () => {
      await loginInBrowser(page);
      await page.goto(`${BASE}/conversations?q=${RUN}`, { waitUntil: 'networkidle' });
      await page.getByRole('link', { name: orderId }).click();
      await page.waitForURL((u) => u.pathname === `/conversations/${uuids.order}`);
      await timeline.waitFor();
    })) || stop();

    await step('messages read in the order the client sent them (not by timestamp)', async () => {
      const items = timeline.locator(':scope > li.msg');
      await until('seven messages', async () => (await items.count()) === 7, 10_000, 200);
      const roles = await items.evaluateAll((els) => els.map((e) => e.querySelector('.msg-role').textContent));
      assert(
        JSON.stringify(roles) ===
          JSON.stringify(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']),
        `roles ${roles}`,
      );
      const texts = await items.evaluateAll((els) => els.map((e) => e.querySelector('.msg-bubble').textContent.trim()));
      assert(texts[0] === expected[0] && texts[2] === expected[2] && texts[6] === expected[6], `texts ${texts}`);
    });

    await step('Markdown: the code block renders, the XSS attempt is inert text', async () => {
      const bubble = timeline.locator(':scope > li.msg').nth(3).locator('.msg-bubble');
      assert((await bubble.locator('pre code').textContent()).trim() === CODE, 'code block text');
      assert((await bubble.locator('strong').textContent()) === 'fix', 'bold');
      assert((await bubble.locator('script, img, iframe').count()) === 0, 'no script/img/iframe in the bubble');
      assert((await bubble.textContent()).includes('<script>window.__xss = 1'), 'the script is shown as text');
      const handlers = await page.evaluate(() =>
        [...document.querySelectorAll('.timeline *')].flatMap((el) =>
          el.getAttributeNames().filter((a) => a.startsWith('on')),
        ),
      );
      assert(handlers.length === 0, `on* attributes ${handlers}`);
      const links = await bubble.locator('a').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.rel]));
      assert(
        links.every(([href]) => !href || /^https?:/.test(href)),
        `hrefs ${JSON.stringify(links)}`,
      );
      assert(
        links.some(
          ([href, rel]) => href === 'https://example.com/docs' && rel.includes('noopener') && rel.includes('nofollow'),
        ),
        'rel',
      );
      await bubble.locator('a', { hasText: 'click me' }).click();
      await sleep(300);
      assert((await page.evaluate(() => window.__xss)) === undefined, 'an XSS payload ran');
      assert(dialogs.length === 0, `alerts ${dialogs}`);
      await page.screenshot({ path: join(SHOTS, 'detail-markdown.png'), fullPage: false });
    });

    await step('times carry the date and the zone (Europe/Berlin: UTC+1), relative on hover', async () => {
      const time = timeline.locator(':scope > li.msg').first().locator('time');
      const text = (await time.textContent()).replace(/\s+/g, ' ');
      assert(/30 Nov 2026/.test(text) && /21:00:00 UTC\+1/.test(text), `first time "${text}"`);
      const title = await time.getAttribute('title');
      assert(/Europe\/Berlin/.test(title) && / · \S/.test(title), `title "${title}"`);
    });

    await step('the very long message is collapsed; Show more / Show less toggle it', async () => {
      const msg = timeline.locator(':scope > li.msg').nth(5);
      const button = msg.getByRole('button', { name: /Show more/ });
      assert((await button.getAttribute('aria-expanded')) === 'false', 'starts collapsed');
      const collapsedHeight = (await msg.locator('.msg-bubble').boundingBox()).height;
      await button.click();
      const less = msg.getByRole('button', { name: 'Show less' });
      assert((await less.getAttribute('aria-expanded')) === 'true', 'expanded');
      const openHeight = (await msg.locator('.msg-bubble').boundingBox()).height;
      assert(openHeight > collapsedHeight * 1.5, `height ${collapsedHeight} -> ${openHeight}`);
      await msg.screenshot({ path: join(SHOTS, 'detail-long-expanded.png') });
      await less.click();
      assert(
        (await msg.getByRole('button', { name: /Show more/ }).getAttribute('aria-expanded')) === 'false',
        'collapsed again',
      );
    });

    await step('Copy link puts the detail URL on the clipboard', async () => {
      await page.getByRole('button', { name: 'Copy link' }).click();
      await page.getByText('Link copied').waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert(copied === `${BASE}/conversations/${uuids.order}`, `clipboard "${copied}"`);
    });

    await step('Export JSON downloads every message in order with health, failures and feedback', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Export JSON' }).click(),
      ]);
      assert(download.suggestedFilename() === `conversation-${orderId}.json`, download.suggestedFilename());
      const json = JSON.parse(await readFile(await download.path(), 'utf8'));
      assert(json.format === 'sensei.conversation.v1' && json.revealed === false, 'format');
      assert(JSON.stringify(json.messages.map((m) => m.content)) === JSON.stringify(expected), 'messages in order');
      assert(json.conversation.external_id === orderId && json.health && Array.isArray(json.failures), 'sections');
      assert(Array.isArray(json.feedback), 'feedback');
    });

    await step('desktop screenshot', async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, 'detail-desktop.png') });
    });

    await step('previous / next follow the list it came from (q = this run, newest first)', async () => {
      const nav = page.getByRole('navigation', { name: 'Conversation list navigation' });
      await nav.getByText('#1 in this list').waitFor();
      assert(await nav.getByRole('button', { name: /Previous/ }).isDisabled(), 'nothing before the first');
      await nav.getByRole('link', { name: /Next/ }).click();
      await page.waitForURL((u) => u.pathname === `/conversations/${uuids.n2}`);
      await page.getByRole('heading', { level: 1, name: `${RUN}-n2` }).waitFor();
      await nav.getByText('#2 in this list').waitFor();
      await page.keyboard.press(']');
      await page.waitForURL((u) => u.pathname === `/conversations/${uuids.n1}`);
      await nav.getByText('#3 in this list').waitFor();
      assert(await nav.getByRole('button', { name: /Next/ }).isDisabled(), 'nothing after the last');
      await nav.getByRole('link', { name: /Previous/ }).click();
      await page.waitForURL((u) => u.pathname === `/conversations/${uuids.n2}`);
      // the breadcrumb goes back to the same filtered list
      await page.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link', { name: 'Conversations' }).click();
      await page.waitForURL((u) => u.pathname === '/conversations' && u.searchParams.get('q') === RUN);
    });

    await step('phone (390 px) screenshot of the thread', async () => {
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        timezoneId: 'Europe/Berlin',
        locale: 'en-GB',
      });
      const p = await phone.newPage();
      await loginInBrowser(p);
      await p.goto(`${BASE}/conversations/${uuids.order}`, { waitUntil: 'networkidle' });
      await p.getByRole('list', { name: 'Message timeline' }).waitFor();
      await p.locator('pre code').first().scrollIntoViewIfNeeded();
      await p.screenshot({ path: join(SHOTS, 'detail-phone.png') });
      // the code line is longer than the phone is wide: it scrolls inside its block, the block stays on screen
      const code = await p
        .locator('pre')
        .first()
        .evaluate((el) => ({
          right: el.getBoundingClientRect().right,
          scrolls: el.scrollWidth > el.clientWidth,
          width: window.innerWidth,
        }));
      assert(code.scrolls && code.right <= code.width, `code block ${JSON.stringify(code)}`);
      await phone.close();
    });

    await step('no page errors', async () => {
      assert(errors.length === 0, errors.join('; '));
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

// Patterns page in a real browser against a running stack: conversations of three topics sent to an environment of
// this run's own, "Analyse <env> now" clusters only that environment, the cards read as words (no ids, no "cluster
// quality"), each has a daily trend, and "View conversations" opens the Conversations list filtered to that pattern.
// Usage: SENSEI_URL=... SENSEI_ADMIN_EMAIL=... SENSEI_ADMIN_PASSWORD=... node e2e/depth-patterns.mjs
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BASE, apiLogin, assert, finish, http, launch, loginInBrowser, sleep, step, stop, until } from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, '..', '..', '..', 'docs', 'screenshots');
const RUN = `pt${Date.now().toString(36)}`;
const ENV = `e2e-${RUN}`;
const OTHER_ENV = `${ENV}-other`;

const TOPICS = {
  refund: [
    'I want a refund for my order, the refund request is still open',
    'Refund request: the order arrived broken and I want my money back',
    'Where is my refund? I sent the refund request a week ago for this order',
    'Please process my refund request, the order was cancelled',
  ],
  password: [
    'I cannot reset my password, the password reset email never arrives',
    'Password reset link expired, how do I reset my password now',
    'Locked out after the password reset, please help me log in',
    'The password reset page says my account is locked',
  ],
  shipping: [
    'My parcel delivery is delayed, the tracking number shows no update',
    'Delivery delayed again, tracking says the parcel is at customs',
    'When will my parcel arrive? The delivery tracking has not moved',
    'The courier lost my parcel, delivery tracking stopped three days ago',
  ],
};

async function track(key, id, environment, userText, hostile) {
  // 503 means "retry shortly" (the store is busy): a client retries, so does this suite
  let res;
  for (let attempt = 0; attempt < 10; attempt++) {
    res = await send(key, id, environment, userText, hostile);
    if (res.status !== 503) break;
    await sleep(1500);
  }
  assert(res.status === 202, `track ${id} answered ${res.status}: ${await res.text()}`);
}

function send(key, id, environment, userText, hostile) {
  const now = new Date().toISOString();
  return fetch(`${BASE}/api/v1/conversations/track`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      conversation_id: id,
      environment,
      messages: [
        { role: 'user', content: userText, timestamp: now },
        {
          role: 'assistant',
          content: hostile ? 'I cannot help with that request.' : 'Thanks, I have looked into it and it is sorted.',
          timestamp: now,
        },
      ],
      ended: true,
    }),
  });
}

async function main() {
  console.log(`patterns depth e2e against ${BASE} (run ${RUN}, environment ${ENV})`);
  mkdirSync(SHOTS, { recursive: true });
  let token;
  let key;
  let sent = 0;

  (await step('admin logs in and creates an API key', async () => {
    token = await apiLogin();
    const k = await http('POST', '/api-keys', { token, body: { name: `${RUN} patterns` } });
    assert(k.status === 201, `POST /api-keys answered ${k.status}`);
    key = k.body.key;
    // the guided tour would cover the page on a first sign-in
    await http('PATCH', '/me/preferences', { token, body: { onboarding: { tour_dismissed: true } } });
  })) || stop();

  (await step('three topics are sent to this run’s environment, a few to another one', async () => {
    for (const [topic, lines] of Object.entries(TOPICS)) {
      for (let i = 0; i < 8; i++) {
        await track(key, `${RUN}-${topic}-${i}`, ENV, `${lines[i % lines.length]} (${i})`, topic === 'refund');
        sent++;
      }
    }
    for (let i = 0; i < 5; i++) await track(key, `${RUN}-other-${i}`, OTHER_ENV, TOPICS.refund[i % 4], false);
    await until(
      'every conversation stored and scored',
      async () => {
        const r = await http('GET', `/conversations?environment=${ENV}&limit=100`, { token });
        assert(r.status === 200, `list answered ${r.status}`);
        const scored = r.body.items.filter((c) => c.health_score !== null).length;
        assert(scored === sent, `${scored}/${sent} scored`);
        return true;
      },
      90_000,
      2000,
    );
  })) || stop();

  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  let firstLabel;
  let firstSize;

  try {
    (await step('signs in and opens Patterns scoped to the environment', async () => {
      await loginInBrowser(page);
      await page.goto(`${BASE}/patterns?env=${encodeURIComponent(ENV)}`);
      await page.getByRole('heading', { name: 'Patterns', level: 1 }).waitFor();
      assert((await page.getByTestId('patterns-env').textContent()) === ENV, 'the page names the environment');
    })) || stop();

    (await step('“Analyse <env> now” runs an analysis of that environment only', async () => {
      await page.getByRole('button', { name: `Analyse ${ENV} now` }).click();
      // another environment's (or every environment's) latest run may be on screen until this one finishes
      const summary = await until(
        `a run of ${ENV}`,
        async () => {
          const text =
            (await page
              .getByTestId('patterns-summary')
              .textContent({ timeout: 2000 })
              .catch(() => '')) ?? '';
          return text.includes(` in ${ENV}`) ? text : null;
        },
        120_000,
        1000,
      );
      assert(summary.includes(`from ${sent} conversations in ${ENV}`), `summary: ${summary}`);
      const api = await http('GET', `/analytics/patterns?environment=${encodeURIComponent(ENV)}`, { token });
      assert(api.body.run.environment === ENV, `run environment ${api.body.run.environment}`);
      assert(api.body.run.conversation_count === sent, `run covered ${api.body.run.conversation_count}`);
      // the other environment's conversations are in no pattern of this run
      for (const p of api.body.patterns) {
        const members = await http('GET', `/conversations?pattern_id=${p.id}&limit=100`, { token });
        assert(
          members.body.items.every((c) => c.environment === ENV),
          `pattern ${p.label} holds another environment`,
        );
      }
    })) || stop();

    await step('pattern cards read as words: titles, no ids, no “cluster quality”', async () => {
      const cards = page.locator('article.pattern');
      const n = await cards.count();
      assert(n >= 2, `${n} pattern cards`);
      const body = await page.locator('main').textContent();
      assert(!/cluster quality|silhouette/i.test(body), 'no clustering jargon on the page');
      assert(/how distinct the groups are: (low|medium|high)/.test(body), 'distinctness in words');
      for (let i = 0; i < n; i++) {
        const title = (await cards.nth(i).locator('h2').textContent()).trim();
        assert(!title.includes(' / ') && !/[0-9a-f]{8}-[0-9a-f]{4}/.test(title), `title "${title}"`);
        assert(/^[\p{Lu}“]/u.test(title), `title "${title}" starts like a sentence`);
      }
      const titles = await cards.locator('h2').allTextContents();
      assert(
        titles.some((t) => /refund|password|parcel|delivery|tracking|reset/i.test(t)),
        `titles name the topics: ${titles.join(' | ')}`,
      );
      firstLabel = titles[0].trim();
      firstSize = Number((await cards.first().locator('dd').first().textContent()).replace(/\D/g, ''));
    });

    await step('each pattern shows its daily trend (conversations, health, failures)', async () => {
      const trend = page
        .locator('article.pattern')
        .first()
        .getByRole('region', { name: /over the last 30 days/ });
      await trend.getByRole('img', { name: /^Conversations: latest/ }).waitFor();
      await trend.getByRole('img', { name: /^Avg health: latest/ }).waitFor();
      await trend.getByRole('img', { name: /^With failures: latest/ }).waitFor();
      const paths = await trend.locator('svg path, svg circle').count();
      assert(paths >= 3, `${paths} drawn marks`);
    });

    await page.screenshot({ path: join(SHOTS, 'patterns-desktop.png'), fullPage: true });

    await step('“View conversations” lists exactly the pattern’s conversations, and the filter clears', async () => {
      await page
        .locator('article.pattern')
        .first()
        .getByRole('link', { name: /^View conversations: / })
        .click();
      await page.waitForURL((u) => u.pathname === '/conversations' && u.searchParams.has('pattern'));
      const chip = page.getByTestId('pattern-filter');
      await chip.waitFor();
      assert((await chip.textContent()).includes(firstLabel), `chip: ${await chip.textContent()}`);
      // the list may still show the previous filter's rows for a moment: wait for the pattern's own rows
      let seen = '';
      const settled = await until(
        'the filtered list',
        async () => {
          const texts = await page.locator('tbody tr').allTextContents();
          seen = `${texts.length} rows for a pattern of ${firstSize}`;
          return texts.length === firstSize && texts.every((t) => t.includes(RUN));
        },
        15_000,
        500,
      ).catch(() => false);
      assert(settled, `only this run’s conversations, as many as the pattern holds: ${seen}`);
      await page.screenshot({ path: join(SHOTS, 'patterns-view-conversations.png') });
      await page.getByRole('button', { name: 'Remove the pattern filter' }).click();
      await page.waitForURL((u) => !u.searchParams.has('pattern'));
      // the URL changes before React renders the list without the filter: give the chip a moment to leave
      await page
        .getByTestId('pattern-filter')
        .waitFor({ state: 'detached', timeout: 5000 })
        .catch(() => {});
      assert((await page.getByTestId('pattern-filter').count()) === 0, 'chip gone');
    });

    await step('phone width: the cards and trends fit 390 px', async () => {
      const phone = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const p2 = await phone.newPage();
      await loginInBrowser(p2);
      await p2.goto(`${BASE}/patterns?env=${encodeURIComponent(ENV)}`);
      await p2.locator('article.pattern').first().waitFor();
      const overflow = await p2.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      await p2.screenshot({ path: join(SHOTS, 'patterns-phone.png'), fullPage: true });
      await phone.close();
      assert(overflow <= 1, `page scrolls sideways by ${overflow}px`);
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

#!/usr/bin/env node
// Follows docs/onboarding.md in a real browser against a running stack: sign in (the first-run tour starts, is
// dismissed and stays dismissed, and works at 390 px), create an API key, send a conversation with the dashboard's
// own curl command, see it scored in the list and the detail, point Slack alerts at a local stand-in, send the test
// alert and a failing conversation and see both arrive. Ends with "N passed, N failed".
//
//   SENSEI_URL=http://localhost:18080 SENSEI_ADMIN_EMAIL=... SENSEI_ADMIN_PASSWORD=... node e2e/onboarding.mjs
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BASE,
  apiLogin,
  assert,
  finish,
  http,
  launch,
  loginInBrowser,
  sleep,
  startSlackStandIn,
  step,
  stop,
  until,
} from './lib.mjs';

const RUN = `onb-${Date.now().toString(36)}`;
const TOUR_FIRST = 'Your agents at a glance';
const GUIDE = resolve(dirname(fileURLToPath(import.meta.url)), '../../../docs/onboarding.md');

/**
 * Runs the guide's own bash block that sends `conversationId` (as written in docs/onboarding.md), against this stack
 * and under a unique id; resolves to curl's output ending with the HTTP status.
 */
function runGuideCommand(conversationId, uniqueId, key) {
  const blocks = [...readFileSync(GUIDE, 'utf8').matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1]);
  const block = blocks.find((b) => b.includes(`"conversation_id": "${conversationId}"`));
  assert(block, `docs/onboarding.md has a command sending ${conversationId}`);
  const script = block
    .replace(/^export SENSEI_API_KEY=.*$/m, '')
    .replaceAll('http://localhost:8080', BASE)
    .replace(`"${conversationId}"`, `"${uniqueId}"`)
    .trimEnd();
  return execFileSync('bash', ['-c', `${script} -sS -w '\\n%{http_code}'`], {
    encoding: 'utf8',
    env: { ...process.env, SENSEI_API_KEY: key },
  });
}

async function main() {
  console.log(`onboarding guide e2e against ${BASE} (run ${RUN})`);
  const slack = await startSlackStandIn();
  let token;
  let original = null;
  let prefsApi = true;
  const resetTour = async () => {
    const r = await http('PATCH', '/me/preferences', {
      token,
      body: { onboarding: { tour_dismissed: false, tour_steps_seen: [] } },
    });
    if (r.status === 404)
      prefsApi = false; // a stack before /me/preferences: the dashboard's localStorage fallback is what holds the choice
    else assert(r.status === 200, `PATCH /me/preferences answered ${r.status}: ${JSON.stringify(r.body)}`);
  };

  (await step('the stack answers and the admin can log in (guide step 1)', async () => {
    token = await apiLogin();
    const s = await http('GET', '/settings', { token });
    if (s.status === 200) original = s.body;
    await resetTour(); // "first sign-in" for this user
  })) || stop();

  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  let key;
  let curl;
  let convId;

  try {
    await step('sign in through the form: the tour starts by itself on the Overview (guide step 2)', async () => {
      await loginInBrowser(page);
      const tip = page.getByRole('dialog', { name: TOUR_FIRST });
      await tip.waitFor();
      // anchored on the Overview's header: the popover sits just below it
      const anchor = await page.locator('[data-tour="overview"]').boundingBox();
      const box = await tip.boundingBox();
      assert(
        anchor && box && box.y >= anchor.y + anchor.height && box.y - (anchor.y + anchor.height) < 40,
        `popover ${JSON.stringify(box)} not under its anchor ${JSON.stringify(anchor)}`,
      );
      assert(
        await page.getByRole('button', { name: 'Next' }).evaluate((b) => b === document.activeElement),
        'Next has the focus',
      );
    });

    await step('tour: Next goes to Conversations, Esc closes it, and it stays closed after a reload', async () => {
      await page.getByRole('button', { name: 'Next' }).click();
      await page.waitForURL((u) => u.pathname === '/conversations');
      await page.getByRole('dialog', { name: 'Every conversation, scored' }).waitFor();
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'hidden' });
      if (prefsApi) {
        await until(
          'the dismissal to be saved',
          async () => {
            const p = await http('GET', '/me/preferences', { token });
            return (
              p.status === 200 &&
              p.body.onboarding.tour_dismissed === true &&
              p.body.onboarding.tour_steps_seen.includes('overview')
            );
          },
          10_000,
          300,
        );
      }
      await page.goto(`${BASE}/`, { waitUntil: 'domcontentloaded' });
      await page.reload({ waitUntil: 'networkidle' });
      await page.locator('[data-tour="overview"]').waitFor();
      await page.waitForTimeout(1000);
      assert((await page.getByRole('dialog').count()) === 0, 'the tour came back after a reload');
    });

    await step('tour at 390 px: inside the screen, keyboard-operable, Skip tour closes it', async () => {
      if (prefsApi) await resetTour();
      const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      const p = await phone.newPage();
      try {
        await loginInBrowser(p);
        const tip = p.getByRole('dialog', { name: TOUR_FIRST });
        await tip.waitFor();
        const box = await tip.boundingBox();
        assert(box.x >= 0 && box.x + box.width <= 390, `popover overflows the 390 px screen: ${JSON.stringify(box)}`);
        await p.keyboard.press('Enter'); // Next has the focus
        await p.getByRole('dialog', { name: 'Every conversation, scored' }).waitFor();
        await p.keyboard.press('Tab');
        await p.keyboard.press('Tab'); // wraps around inside the popover, back to...
        const focused = await p.evaluate(() => document.activeElement?.textContent);
        assert(['Next', 'Skip tour'].includes(focused), `focus left the popover: ${focused}`);
        await p.getByRole('button', { name: 'Skip tour' }).click();
        await p.getByRole('dialog').waitFor({ state: 'hidden' });
      } finally {
        await phone.close();
      }
    });

    await step('create an API key (guide step 3)', async () => {
      await page.goto(`${BASE}/`, { waitUntil: 'domcontentloaded' });
      const checklist = page.getByRole('heading', { name: /send your first conversation/i });
      const firstRun = await checklist.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (firstRun) {
        await page.getByLabel('Key name').fill(`${RUN} first key`);
        await page.getByRole('button', { name: 'Create API key' }).click();
        key = (await page.getByTestId('new-api-key').textContent())?.trim();
        curl = await page.getByLabel('curl command').textContent();
      } else {
        // a stack that already has data: the guide's "later: API keys in the sidebar"
        await page.getByRole('link', { name: 'API keys' }).click();
        await page.getByRole('button', { name: 'Create API key' }).first().click();
        const form = page.getByRole('dialog', { name: 'Create API key' });
        await form.getByLabel('Name').fill(`${RUN} first key`);
        await form.getByRole('button', { name: 'Create key' }).click();
        const shown = page.getByRole('dialog', { name: 'Your new API key' });
        key = (await shown.getByTestId('new-api-key').textContent())?.trim();
        await shown.getByRole('button', { name: 'I have copied the key' }).click();
        curl = (await page.getByLabel('curl example').textContent()).replace('YOUR_API_KEY', key);
      }
      assert(key && /^sk_/.test(key), `shown key ${key}`);
      assert(curl.includes(key), 'the curl command carries the new key');
    });

    await step("send the first conversation with the dashboard's curl command (guide step 4)", async () => {
      convId = `${RUN}-first-conversation`;
      const out = execFileSync(
        'bash',
        ['-c', `${curl.replace('"first-conversation"', `"${convId}"`)} -sS -w '\\n%{http_code}'`],
        { encoding: 'utf8' },
      );
      assert(/\n202$/.test(out.trim()) && out.includes('"accepted":true'), `curl answered ${out}`);
      // ... and the guide's own command, as printed in docs/onboarding.md
      const guide = runGuideCommand('first-conversation', `${RUN}-guide-conversation`, key);
      assert(/\n202$/.test(guide.trim()) && guide.includes('"accepted":true'), `the guide's command answered ${guide}`);
    });

    await step('see it scored in the Conversations list and the detail (guide step 5)', async () => {
      const row = await until(
        'the conversation to be scored',
        async () => {
          const r = await http('GET', `/conversations?q=${convId}&limit=5`, { token });
          return r.body?.items?.find((c) => c.external_id === convId && c.health_score !== null);
        },
        120_000,
        1500,
      );
      await page.goto(`${BASE}/conversations?q=${encodeURIComponent(convId)}`, { waitUntil: 'domcontentloaded' });
      const link = page.getByRole('link', { name: convId });
      await link.waitFor();
      const rowText = await page.locator('tr', { has: link }).textContent();
      assert(
        rowText.includes(String(Math.round(row.health_score))),
        `the row shows the score ${row.health_score}: ${rowText}`,
      );
      await link.click();
      await page.getByLabel('Health breakdown').waitFor();
    });

    await step('Slack: paste the webhook in Settings, save, the test alert arrives (guide step 6)', async () => {
      await page.getByRole('link', { name: 'Settings' }).click();
      await page.getByLabel('Incoming webhook URL').fill(slack.url);
      // this stack may have sent alerts of the same type minutes ago (other suites): no cooldown for this check
      await page.getByLabel('Cooldown (minutes)').fill('0');
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved').waitFor();
      const before = slack.received.length;
      await page.getByRole('button', { name: 'Send test alert' }).click();
      const text = await page.getByTestId('test-alert-result').textContent();
      assert(/Delivered/.test(text) && /HTTP 200/.test(text), `test alert result: ${text}`);
      assert(slack.received.length > before, 'the stand-in received the test alert');
    });

    await step('a conversation that goes wrong sends a real alert to Slack (guide step 6)', async () => {
      // the processor reads the alert settings at most every 5 s (sensei.alerts.settings-cache-ttl): a person takes
      // longer than that to switch to the terminal; without the wait the alert is recorded, not sent
      await sleep(6000);
      const id = `${RUN}-first-alert`;
      const out = runGuideCommand('first-alert', id, key);
      assert(/\n202$/.test(out.trim()) && out.includes('"accepted":true'), `the guide's command answered ${out}`);
      await until(
        'the alert at the Slack stand-in',
        async () => slack.received.some((m) => m.body.includes(id)),
        120_000,
        1000,
      );
    });

    await step('no uncaught errors in the browser', async () => {
      assert(errors.length === 0, errors.join('\n'));
    });
  } finally {
    await browser.close();
    if (original) {
      await http('PUT', '/settings', {
        token,
        body: { slack_webhook_url: original.slack_webhook_url, alert_thresholds: original.alert_thresholds },
      }).catch(() => undefined);
    }
    slack.server.close();
  }
  finish();
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});

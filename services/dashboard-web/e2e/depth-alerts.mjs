// Alert delivery failures in a real browser: the webhook points at a local stand-in that answers 404 no_service (a
// deleted Slack app), a test alert fails, the "Alerts are failing" banner appears for everyone, Settings lists the
// failed delivery with Slack's answer, and the saved webhook URL shows masked after a reload.
// Usage: SENSEI_URL=... SENSEI_ADMIN_EMAIL=... SENSEI_ADMIN_PASSWORD=... node e2e/depth-alerts.mjs
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
  startSlackStandIn,
  step,
  stop,
  until,
  MIN_TARGET,
  PHONE,
  smallTargets,
  widthOf,
} from './lib.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const SHOTS = join(HERE, '..', '..', '..', 'docs', 'screenshots');
const RUN = `al${Date.now().toString(36)}`;
const SECRET = `${RUN}secretpart0WXYZ`;

async function main() {
  console.log(`alerts depth e2e against ${BASE} (run ${RUN})`);
  mkdirSync(SHOTS, { recursive: true });
  const slack = await startSlackStandIn(SECRET, { status: 404, body: 'no_service' });
  let token;
  let hadWebhook = false;

  (await step('admin logs in', async () => {
    token = await apiLogin();
    const s = await http('GET', '/settings', { token });
    assert(s.status === 200, `GET /settings answered ${s.status}`);
    hadWebhook = !!s.body.slack_webhook_url;
    await http('PATCH', '/me/preferences', { token, body: { onboarding: { tour_dismissed: true } } });
  })) || stop();

  const browser = await launch();
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  try {
    (await step('Settings: the webhook is set to the failing stand-in', async () => {
      await loginInBrowser(page);
      await page.goto(`${BASE}/settings`);
      const field = page.getByLabel('Incoming webhook URL');
      await field.waitFor();
      if (await page.getByRole('button', { name: 'Replace' }).count()) {
        await page.getByRole('button', { name: 'Replace' }).click();
      }
      await field.fill(slack.url);
      await page.getByRole('button', { name: 'Save settings' }).click();
      await page.getByText('Settings saved').waitFor();
    })) || stop();

    await step('after a reload the URL shows masked, never in clear, with “Replace”', async () => {
      await page.reload();
      const field = page.getByLabel('Incoming webhook URL');
      await field.waitFor();
      const value = await field.inputValue();
      assert(value.includes('••••') && value.endsWith('WXYZ'), `field shows ${value}`);
      assert(!value.includes(SECRET) && !value.includes('B000'), 'the secret part is not shown');
      assert((await field.getAttribute('readonly')) !== null, 'masked field is read-only');
      await page.getByRole('button', { name: 'Replace' }).waitFor();
      const api = await http('GET', '/settings', { token });
      assert(!JSON.stringify(api.body).includes(SECRET), 'GET /settings never returns it in clear');
    });

    await step('a test alert fails: Slack’s answer is shown', async () => {
      await page.getByRole('button', { name: 'Send test alert' }).click();
      const result = page.getByTestId('test-alert-result');
      await result.waitFor();
      const text = await result.textContent();
      assert(text.includes('404') && text.includes('no_service'), `result: ${text}`);
      assert(slack.received.length >= 1, 'the stand-in got the test message');
      assert(slack.received.at(-1).path.endsWith(SECRET), 'sent to the saved webhook');
    });

    await step('the “Alerts are failing” banner appears, naming Slack’s answer', async () => {
      const banner = page.getByTestId('alerts-failing-banner');
      await banner.waitFor();
      const text = await banner.textContent();
      assert(text.includes('Alerts are failing') && text.includes('Slack answered 404 no_service'), `banner: ${text}`);
      // and on every page
      await page.goto(`${BASE}/`);
      await page.getByTestId('alerts-failing-banner').waitFor();
      await page.screenshot({ path: join(SHOTS, 'alerts-banner.png') });
      await page.getByRole('link', { name: 'See Settings → Alerts' }).click();
      await page.waitForURL((u) => u.pathname === '/settings');
    });

    await step('Settings lists the failed delivery with the answer and “no retry”', async () => {
      const table = page.getByRole('table', { name: 'Failed alert deliveries' });
      await table.waitFor();
      const row = table.locator('tbody tr').first();
      const text = await row.textContent();
      assert(text.includes('HTTP 404 · no_service'), `row: ${text}`);
      assert(text.includes('Test alert') && text.includes('No retry'), `row: ${text}`);
      const api = await http('GET', '/alerts/deliveries', { token });
      assert(api.body.failing === true, 'the API says failing');
      assert(!JSON.stringify(api.body).includes(SECRET), 'the deliveries API never carries the webhook URL');
      await page.locator('#alert-deliveries').scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(SHOTS, 'alerts-settings-deliveries.png'), fullPage: true });
    });

    await step('phone width: banner and deliveries fit 390 px', async () => {
      const phone = await browser.newContext({
        viewport: PHONE,
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
      });
      const p2 = await phone.newPage();
      await loginInBrowser(p2);
      await p2.goto(`${BASE}/settings`);
      const banner = p2.getByTestId('alerts-failing-banner');
      await banner.waitFor();
      await p2.locator('#alert-deliveries').waitFor();
      const w = await widthOf(p2);
      assert(w.scroll <= PHONE.width, `Settings with the banner is ${w.scroll} px wide: ${w.widest.join(', ')}`);
      // the banner's way to Settings is a finger-sized target like every other control on a phone
      const link = await banner.getByRole('link').boundingBox();
      assert(
        link && link.width >= MIN_TARGET && link.height >= MIN_TARGET,
        `the banner's link is ${link?.width}×${link?.height} px`,
      );
      const small = await smallTargets(p2, MIN_TARGET);
      assert(small.length === 0, `targets under ${MIN_TARGET} px on Settings with the banner: ${small.join('; ')}`);
      await p2.screenshot({ path: join(SHOTS, 'alerts-phone.png'), fullPage: true });
      await phone.close();
    });

    await step('once Slack accepts again, a test alert clears the banner', async () => {
      slack.reply.status = 200;
      slack.reply.body = 'ok';
      await page.getByRole('button', { name: 'Send test alert' }).click();
      await page.getByTestId('test-alert-result').filter({ hasText: 'Delivered to Slack' }).waitFor();
      // no reload: the banner follows the test alert's answer by itself
      await until(
        'the banner to go',
        async () => {
          assert((await page.getByTestId('alerts-failing-banner').count()) === 0, 'banner still shown');
          return true;
        },
        15_000,
        500,
      );
      const api = await http('GET', '/alerts/deliveries', { token });
      assert(api.body.failing === false, 'the API says not failing');
    });
  } finally {
    await browser.close();
    // leave no webhook pointing at a stand-in that is about to stop (the original, if any, cannot be read back)
    await http('PUT', '/settings', { token, body: { slack_webhook_url: null } });
    if (hadWebhook) console.log('note: a webhook was configured before this suite; it is now removed');
    slack.server.close();
  }
  finish();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});

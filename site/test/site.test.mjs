// The landing page as the gateway serves it, in Debian's Chromium (playwright-core): pages, links, images, SEO
// metadata, robots/sitemap, and the waitlist form — client-side checks, the honeypot, and real submissions to the
// stack's POST /api/v1/waitlist. Run against a stack whose site/dist was built for it:
//
//   SENSEI_URL=http://localhost:18080 SITE_URL=$SENSEI_URL/site node site/build.mjs
//   SENSEI_URL=http://localhost:18080 node --test site/test/
//
// SITE_URL defaults to $SENSEI_URL/site. Screenshots go to docs/screenshots/landing*.png.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CHROME_ARGS, CHROME_PATH, load } from '../scripts/deps.mjs';

const BASE = (process.env.SENSEI_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const SITE = (process.env.SITE_URL ?? `${BASE}/site`).replace(/\/+$/, '');
const SHOTS = join(dirname(fileURLToPath(import.meta.url)), '../../docs/screenshots');
const PAGES = ['/', '/privacy.html', '/confirmed.html'];

const { chromium } = await load('playwright-core');
let browser;

before(async () => {
  browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
});
after(async () => {
  await browser?.close();
});

/** A page that records what went wrong while it was open: console errors, uncaught errors, failed or 4xx/5xx loads. */
async function open(path, { viewport = { width: 1280, height: 800 }, scroll = false } = {}) {
  const page = await browser.newPage({ viewport });
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on('response', (r) => {
    if (r.status() >= 400 && !r.url().includes('/api/v1/waitlist')) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  const response = await page.goto(`${SITE}${path}`, { waitUntil: 'networkidle' });
  if (scroll) {
    // lazy images load only near the viewport
    await page.evaluate(async () => {
      for (let y = 0; y <= document.body.scrollHeight; y += 500) {
        window.scrollTo(0, y);
        await new Promise((r) => setTimeout(r, 60));
      }
    });
    await page.waitForLoadState('networkidle');
  }
  return { page, problems, response };
}

async function get(url) {
  const res = await fetch(url, { redirect: 'manual' });
  return { status: res.status, type: res.headers.get('content-type') ?? '', headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

describe('pages', () => {
  for (const path of PAGES) {
    test(`${path} renders with a title, a description and no console error or failed load`, async () => {
      const { page, problems, response } = await open(path, { scroll: true });
      try {
        assert.equal(response.status(), 200);
        assert.match(response.headers()['content-type'], /^text\/html/);
        assert.match(await page.title(), /Sensei/);
        const description = await page.getAttribute('meta[name="description"]', 'content');
        assert.ok(description && description.length >= 50 && description.length <= 170, `description length ${description?.length}`);
        assert.equal(await page.locator('h1').count(), 1, 'one h1');
        assert.equal(await page.getAttribute('html', 'lang'), 'en');
        // every image loaded and has its size and an alt text
        const images = await page.$$eval('img', (els) =>
          els.map((i) => ({ src: i.currentSrc, ok: i.complete && i.naturalWidth > 0, w: i.getAttribute('width'), h: i.getAttribute('height'), alt: i.alt })),
        );
        for (const img of images) {
          assert.ok(img.ok, `image did not load: ${img.src}`);
          assert.ok(img.w && img.h, `image without width/height: ${img.src}`);
          assert.ok(img.alt.length > 10, `image without a useful alt: ${img.src}`);
        }
        assert.deepEqual(problems, []);
      } finally {
        await page.close();
      }
    });
  }

  test('an unknown address gets the site 404 page, styled, with working links', async () => {
    const { page, problems, response } = await open('/no/such/page');
    try {
      assert.equal(response.status(), 404);
      assert.equal(await page.textContent('h1'), 'Page not found');
      assert.equal(await page.getAttribute('meta[name="robots"]', 'content'), 'noindex');
      // the stylesheet applied (a path relative to a deep URL would have 404ed)
      assert.equal(await page.$eval('.site-header', (e) => getComputedStyle(e).backgroundColor), 'rgb(17, 24, 39)');
      // the one expected failure is the page's own 404 (Chromium logs it without the URL)
      const expected = (p) => p.includes('/no/such/page') || p === 'console error: Failed to load resource: the server responded with a status of 404 (Not Found)';
      assert.equal(problems.filter(expected).length, 2, problems.join('\n'));
      assert.deepEqual(problems.filter((p) => !expected(p)), []);
    } finally {
      await page.close();
    }
  });

  test('the page fits a phone screen without sideways scrolling', async () => {
    const { page } = await open('/', { viewport: { width: 360, height: 740 } });
    try {
      const [scroll, inner] = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      assert.ok(scroll <= inner, `page is ${scroll}px wide on a ${inner}px screen`);
    } finally {
      await page.close();
    }
  });

  test('screenshots: desktop and phone', async () => {
    mkdirSync(SHOTS, { recursive: true });
    const desk = await open('/', { viewport: { width: 1440, height: 900 } });
    await desk.page.screenshot({ path: join(SHOTS, 'landing.png') });
    // bring the lazy screenshots in (they load near the viewport), wait until they are decoded, then frame the section
    for (const img of await desk.page.$$('#finds img')) await img.scrollIntoViewIfNeeded();
    await desk.page.waitForFunction(() => [...document.querySelectorAll('#finds img')].every((i) => i.complete && i.naturalWidth > 0));
    await desk.page.evaluate(() => Promise.all([...document.querySelectorAll('#finds img')].map((i) => i.decode())));
    await desk.page.evaluate(() => document.getElementById('finds').scrollIntoView());
    await desk.page.waitForTimeout(200);
    await desk.page.screenshot({ path: join(SHOTS, 'landing-finds.png') });
    await desk.page.close();
    const phone = await open('/', { viewport: { width: 390, height: 844 } });
    await phone.page.screenshot({ path: join(SHOTS, 'landing-mobile.png') });
    await phone.page.close();
  });
});

describe('links and assets', () => {
  test('every link, image, stylesheet and script on every page resolves, and none leaves this origin', async () => {
    const seen = new Map();
    for (const path of [...PAGES, '/no/such/page']) {
      const { page } = await open(path);
      try {
        const refs = await page.evaluate(() => {
          const out = [];
          for (const a of document.querySelectorAll('a[href]')) out.push({ kind: 'link', url: a.href, raw: a.getAttribute('href') });
          for (const el of document.querySelectorAll('link[href]')) out.push({ kind: el.rel, url: el.href });
          for (const s of document.querySelectorAll('script[src]')) out.push({ kind: 'script', url: s.src });
          for (const i of document.querySelectorAll('img')) {
            out.push({ kind: 'img', url: i.src });
            for (const part of (i.getAttribute('srcset') ?? '').split(',')) {
              const u = part.trim().split(/\s+/)[0];
              if (u) out.push({ kind: 'srcset', url: new URL(u, document.baseURI).href });
            }
          }
          for (const m of document.querySelectorAll('meta[property="og:image"], meta[name="twitter:image"]')) out.push({ kind: 'meta', url: m.content });
          return out;
        });
        assert.ok(refs.length > 5, `${path}: found ${refs.length} references`);
        for (const ref of refs) {
          const url = new URL(ref.url);
          assert.equal(url.origin, new URL(BASE).origin, `${path}: ${ref.kind} ${ref.url} leaves the origin`);
          if (url.hash && url.pathname === new URL(page.url()).pathname) {
            assert.ok(await page.$(url.hash), `${path}: anchor ${url.hash} has no target`);
            continue;
          }
          url.hash = '';
          if (!seen.has(url.href)) seen.set(url.href, { status: (await get(url.href)).status, from: path });
          assert.equal(seen.get(url.href).status, 200, `${path}: ${ref.kind} ${url.href}`);
        }
      } finally {
        await page.close();
      }
    }
  });

  test('hashed assets are cached for a year, pages are revalidated, and the site CSP allows only this origin', async () => {
    const index = await get(`${SITE}/`);
    assert.equal(index.headers.get('cache-control'), 'no-cache');
    const csp = index.headers.get('content-security-policy');
    assert.match(csp, /default-src 'none'/);
    assert.doesNotMatch(csp, /https?:|unsafe-inline|unsafe-eval|\*/);
    const css = index.body.toString().match(/assets\/site\.[0-9a-f]{8}\.css/)[0];
    const asset = await get(`${SITE}/${css}`);
    assert.equal(asset.status, 200);
    assert.match(asset.type, /^text\/css/);
    assert.equal(asset.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    const webp = await get(`${SITE}/${index.body.toString().match(/assets\/img\/overview-720\.[0-9a-f]{8}\.webp/)[0]}`);
    assert.equal(webp.type, 'image/webp');
  });
});

describe('search engines and link previews', () => {
  let meta;
  before(async () => {
    const { page } = await open('/');
    meta = await page.evaluate(() => {
      const m = (sel) => document.querySelector(sel)?.getAttribute('content') ?? null;
      return {
        canonical: document.querySelector('link[rel="canonical"]')?.href,
        og: Object.fromEntries([...document.querySelectorAll('meta[property^="og:"]')].map((e) => [e.getAttribute('property'), e.content])),
        twitter: Object.fromEntries([...document.querySelectorAll('meta[name^="twitter:"]')].map((e) => [e.name, e.content])),
        robots: m('meta[name="robots"]'),
        ld: [...document.querySelectorAll('script[type="application/ld+json"]')].map((s) => s.textContent),
      };
    });
    await page.close();
  });

  test('canonical URL and og:url name the published address', () => {
    assert.equal(meta.canonical, `${SITE}/`);
    assert.equal(meta.og['og:url'], `${SITE}/`);
    assert.equal(meta.robots, 'index, follow');
  });

  test('Open Graph and Twitter cards carry a title, a description and a 1200×630 PNG', async () => {
    for (const k of ['og:title', 'og:description', 'og:image', 'og:image:alt', 'og:type', 'og:site_name']) assert.ok(meta.og[k], k);
    assert.equal(meta.twitter['twitter:card'], 'summary_large_image');
    for (const k of ['twitter:title', 'twitter:description', 'twitter:image', 'twitter:image:alt']) assert.ok(meta.twitter[k], k);
    assert.equal(meta.twitter['twitter:image'], meta.og['og:image']);
    assert.match(meta.og['og:image'], /^https?:\/\//, 'crawlers need an absolute image URL');
    const img = await get(meta.og['og:image']);
    assert.equal(img.status, 200);
    assert.equal(img.type, 'image/png');
    // PNG: 8-byte signature, then the IHDR chunk with width and height
    assert.equal(img.body.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([img.body.readUInt32BE(16), img.body.readUInt32BE(20)], [1200, 630]);
    assert.deepEqual([meta.og['og:image:width'], meta.og['og:image:height']], ['1200', '630']);
  });

  test('structured data: an Organization and a SoftwareApplication published by it, with resolvable URLs', async () => {
    assert.equal(meta.ld.length, 1);
    const data = JSON.parse(meta.ld[0]);
    assert.equal(data['@context'], 'https://schema.org');
    const org = data['@graph'].find((n) => n['@type'] === 'Organization');
    const app = data['@graph'].find((n) => n['@type'] === 'SoftwareApplication');
    assert.ok(org && app, 'both nodes present');
    assert.equal(org.name, 'Sensei');
    assert.equal(app.publisher['@id'], org['@id']);
    for (const k of ['name', 'description', 'applicationCategory', 'operatingSystem', 'url']) assert.ok(app[k], `SoftwareApplication.${k}`);
    for (const url of [org.url, org.logo, app.url, app.image, app.screenshot]) assert.equal((await get(url)).status, 200, url);
  });

  test('robots.txt allows crawling and names the sitemap; every sitemap URL answers 200', async () => {
    const robots = await get(`${SITE}/robots.txt`);
    assert.equal(robots.status, 200);
    assert.match(robots.type, /^text\/plain/);
    const text = robots.body.toString();
    assert.match(text, /^User-agent: \*$/m);
    assert.doesNotMatch(text, /^Disallow: \/$/m);
    const sitemapUrl = text.match(/^Sitemap: (\S+)$/m)?.[1];
    assert.equal(sitemapUrl, `${SITE}/sitemap.xml`);
    const sitemap = await get(sitemapUrl);
    assert.equal(sitemap.status, 200);
    assert.match(sitemap.type, /xml/);
    const locs = [...sitemap.body.toString().matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual(locs, [`${SITE}/`, `${SITE}/privacy.html`]);
    assert.match(sitemap.body.toString(), /<lastmod>\d{4}-\d{2}-\d{2}<\/lastmod>/);
    for (const loc of locs) assert.equal((await get(loc)).status, 200, loc);
  });
});

describe('code samples', () => {
  test('the tabs switch with a click and with the arrow keys, one panel shown at a time', async () => {
    const { page } = await open('/');
    try {
      const visible = () => page.$$eval('[role="tabpanel"]', (els) => els.filter((e) => !e.hidden).map((e) => e.id));
      assert.deepEqual(await visible(), ['panel-ts']);
      await page.click('#tab-py');
      assert.deepEqual(await visible(), ['panel-py']);
      assert.equal(await page.getAttribute('#tab-py', 'aria-selected'), 'true');
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await visible(), ['panel-otlp']);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'tab-otlp');
      await page.keyboard.press('ArrowRight');
      assert.deepEqual(await visible(), ['panel-ts']);
      assert.match(await page.textContent('#panel-otlp'), /OTEL_EXPORTER_OTLP_ENDPOINT=.*\/api\/public\/otel/);
    } finally {
      await page.close();
    }
  });
});

describe('waitlist form', () => {
  /** Counts what the page sends to the waitlist endpoint (and keeps the bodies). */
  function watch(page) {
    const sent = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/v1/waitlist') && r.method() === 'POST') sent.push(JSON.parse(r.postData()));
    });
    return sent;
  }

  test('the honeypot is off-screen, out of the tab order and hidden from assistive technology', async () => {
    const { page } = await open('/');
    try {
      const trap = await page.evaluate(() => {
        const input = document.getElementById('website');
        const box = input.getBoundingClientRect();
        return {
          right: box.right,
          hiddenAncestor: !!input.closest('[aria-hidden="true"]'),
          tabindex: input.getAttribute('tabindex'),
          autocomplete: input.getAttribute('autocomplete'),
          display: getComputedStyle(input).display,
        };
      });
      assert.ok(trap.right <= 0, `honeypot is on screen (right edge at ${trap.right}px)`);
      assert.equal(trap.hiddenAncestor, true);
      assert.equal(trap.tabindex, '-1');
      assert.equal(trap.autocomplete, 'off');
      assert.notEqual(trap.display, 'none', 'display:none alone is skipped by many bots');
      // a keyboard user goes from the last real field straight to the button
      await page.focus('#company');
      await page.keyboard.press('Tab');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'waitlist-submit');
    } finally {
      await page.close();
    }
  });

  test('an empty or malformed email is refused next to the field, before anything is sent', async () => {
    const { page } = await open('/');
    const sent = watch(page);
    try {
      await page.click('#waitlist-submit');
      assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
      assert.equal(await page.textContent('#email-error'), 'Enter your email address.');
      assert.equal(await page.isVisible('#email-error'), true);
      assert.match(await page.getAttribute('#email', 'aria-describedby'), /\bemail-error\b/);
      assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
      await page.fill('#email', 'not-an-email');
      await page.click('#waitlist-submit');
      assert.match(await page.textContent('#email-error'), /like name@company\.com/);
      // typing again clears the stale reason
      await page.fill('#email', 'ann@example.com');
      assert.equal(await page.getAttribute('#email', 'aria-invalid'), null);
      assert.equal(sent.length, 0, 'nothing was sent');
    } finally {
      await page.close();
    }
  });

  test('a real sign-up reaches the stack and shows its confirmation message, with the page URL campaign forwarded', async () => {
    const { page } = await open('/?utm_source=site-e2e&utm_medium=test&utm_campaign=launch');
    const sent = watch(page);
    try {
      const email = `site-e2e-${Date.now().toString(36)}@example.com`;
      await page.fill('#email', email);
      await page.fill('#name', 'Ann Example');
      await page.fill('#company', 'Example Corp');
      const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/waitlist')), page.click('#waitlist-submit')]);
      const body = await answer.json();
      assert.equal(answer.status(), 202, JSON.stringify(body));
      assert.equal(body.status, 'pending_confirmation');
      await page.waitForSelector('#form-status.is-success');
      assert.equal((await page.textContent('#form-status')).trim(), body.message);
      assert.equal(sent.length, 1);
      assert.deepEqual(
        { ...sent[0] },
        { email, name: 'Ann Example', company: 'Example Corp', source: 'landing', utm_source: 'site-e2e', utm_medium: 'test', utm_campaign: 'launch' },
      );
      assert.equal(await page.inputValue('#email'), '', 'the form is cleared after a sign-up');
      await mkdirSync(SHOTS, { recursive: true });
      await page.locator('#waitlist').screenshot({ path: join(SHOTS, 'landing-waitlist-sent.png') });
    } finally {
      await page.close();
    }
  });

  test("an address the server refuses shows the server's reason next to the field", async () => {
    const { page } = await open('/');
    try {
      // passes the page's own check, fails the server's (RFC 5322 dot-atom: no consecutive dots)
      await page.fill('#email', 'first..last@example.com');
      const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/waitlist')), page.click('#waitlist-submit')]);
      const body = await answer.json();
      assert.equal(answer.status(), 400, JSON.stringify(body));
      const detail = body.details.find((d) => d.field === 'email');
      assert.ok(detail, JSON.stringify(body));
      await page.waitForSelector('#email-error:not([hidden])');
      assert.equal(await page.textContent('#email-error'), detail.reason);
      assert.equal(await page.getAttribute('#email', 'aria-invalid'), 'true');
      assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
    } finally {
      await page.close();
    }
  });

  test('a bot that fills the honeypot gets the same answer as a person (it learns nothing), and the trap is sent', async () => {
    const { page } = await open('/');
    const sent = watch(page);
    try {
      await page.fill('#email', `site-e2e-bot-${Date.now().toString(36)}@example.com`);
      // what a form-filling bot does; a person cannot reach the field
      await page.$eval('#website', (i) => {
        i.value = 'https://spam.example';
      });
      const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/api/v1/waitlist')), page.click('#waitlist-submit')]);
      assert.equal(answer.status(), 202);
      assert.equal((await answer.json()).status, 'pending_confirmation');
      assert.equal(sent[0].website, 'https://spam.example');
      await page.waitForSelector('#form-status.is-success');
    } finally {
      await page.close();
    }
  });

  // The stack's limit is per client address and every e2e suite runs from 127.0.0.1: exhausting it here would lock
  // the other suites out, and a dead network cannot be made on a shared machine. So these two answers are played by
  // the browser (page.route), in the contract's exact shape, and only the page's handling of them is under test.
  test('a 429 tells the person how many seconds to wait (Retry-After), and blocks the button until then', async () => {
    const { page } = await open('/');
    try {
      await page.route('**/api/v1/waitlist', (route) =>
        route.fulfill({
          status: 429,
          headers: { 'Retry-After': '3', 'Content-Type': 'application/json' },
          body: JSON.stringify({ message: 'too many sign-ups from this address', code: 'rate_limited', details: [] }),
        }),
      );
      await page.fill('#email', 'ann@example.com');
      await page.click('#waitlist-submit');
      await page.waitForSelector('#form-status.is-error');
      assert.equal(await page.textContent('#form-status'), 'Too many attempts. Try again in 3 s.');
      assert.equal(await page.isDisabled('#waitlist-submit'), true);
      await page.waitForFunction(() => document.getElementById('form-status').textContent === 'You can try again now.', null, { timeout: 6000 });
      assert.equal(await page.isDisabled('#waitlist-submit'), false);
    } finally {
      await page.close();
    }
  });

  test('a network failure says so and leaves the form ready for another try', async () => {
    const { page } = await open('/');
    try {
      await page.route('**/api/v1/waitlist', (route) => route.abort('internetdisconnected'));
      await page.fill('#email', 'ann@example.com');
      await page.click('#waitlist-submit');
      await page.waitForSelector('#form-status.is-error');
      assert.match(await page.textContent('#form-status'), /Could not reach the server.*try again/);
      assert.equal(await page.isDisabled('#waitlist-submit'), false);
      assert.equal(await page.inputValue('#email'), 'ann@example.com', 'what was typed is kept');
    } finally {
      await page.close();
    }
  });
});

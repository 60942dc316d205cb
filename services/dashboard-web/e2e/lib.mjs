// Shared by the onboarding and analytics browser suites (run.mjs keeps its own copy): a tiny step runner that ends
// with "N passed, N failed", API helpers, a local Slack stand-in and the Chromium launch the machine allows.
import { createServer } from 'node:http';
import { chromium } from 'playwright-core';

export const BASE = (process.env.SENSEI_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
export const EMAIL = process.env.SENSEI_ADMIN_EMAIL;
export const PASSWORD = process.env.SENSEI_ADMIN_PASSWORD;
const CHROME = process.env.CHROME_PATH ?? '/usr/bin/chromium';

const results = [];
export let stopAll = false;
export function stop() {
  stopAll = true;
}

export async function step(name, fn) {
  if (stopAll) {
    results.push({ name, ok: false });
    console.log(`✗ ${name} (skipped: an earlier required step failed)`);
    return false;
  }
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`✓ ${name} (${Date.now() - t0} ms)`);
    return true;
  } catch (e) {
    results.push({ name, ok: false });
    console.log(
      `✗ ${name} (${Date.now() - t0} ms)\n    ${String(e?.stack ?? e)
        .split('\n')
        .slice(0, 4)
        .join('\n    ')}`,
    );
    return false;
  }
}

export function finish() {
  const failed = results.filter((r) => !r.ok).length;
  console.log(`\n${results.length - failed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

export function assert(cond, msg) {
  if (!cond) throw new Error(msg);
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export async function until(what, fn, timeoutMs = 30_000, everyMs = 1000) {
  const end = Date.now() + timeoutMs;
  let last;
  while (Date.now() < end) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${last.message})` : ''}`);
}

export async function http(method, path, { token, body, base = BASE } = {}) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

export async function apiLogin() {
  assert(EMAIL && PASSWORD, 'set SENSEI_ADMIN_EMAIL and SENSEI_ADMIN_PASSWORD');
  const r = await until(
    'the stack to answer',
    async () => {
      const res = await http('POST', '/auth/login', { body: { email: EMAIL, password: PASSWORD } });
      if (res.status >= 500) throw new Error(`login answered ${res.status}`);
      return res;
    },
    60_000,
    2000,
  );
  assert(r.status === 200, `login answered ${r.status}: ${JSON.stringify(r.body)}`);
  return r.body.access_token;
}

/**
 * A Slack incoming-webhook stand-in on loopback: answers "ok" (or `reply`'s status and body, changeable later through
 * the returned `reply`, e.g. 404 "no_service" like a deleted Slack app) and keeps every message it got.
 */
export function startSlackStandIn(name = 'onboarding', initial = { status: 200, body: 'ok' }) {
  const received = [];
  const reply = { ...initial };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ path: req.url, body });
      res.writeHead(reply.status, { 'Content-Type': 'text/plain' });
      res.end(reply.body);
    });
  });
  return new Promise((r) =>
    server.listen(0, '127.0.0.1', () =>
      r({ server, received, reply, url: `http://127.0.0.1:${server.address().port}/services/T000/B000/${name}` }),
    ),
  );
}

export function launch() {
  return chromium.launch({
    executablePath: CHROME,
    headless: process.env.SENSEI_E2E_HEADFUL !== '1',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/** Signs in through the login form like a person; resolves on the page the app lands on. */
export async function loginInBrowser(page, base = BASE) {
  await page.goto(`${base}/login`, { waitUntil: 'domcontentloaded' });
  await page.getByLabel('Email').fill(EMAIL);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((u) => u.pathname === '/');
}

/** The phone the suites check layouts on, and the smallest touch target they accept (WCAG 2.5.5). */
export const PHONE = { width: 390, height: 844 };
export const MIN_TARGET = 44;

/** How wide the page is, and the elements that stick out past the viewport. */
export const widthOf = (page) =>
  page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    // the element that sticks out furthest, to say what is too wide when the check fails
    widest: [...document.querySelectorAll('body *')]
      .map((el) => ({ el, right: el.getBoundingClientRect().right }))
      .filter((x) => x.right > window.innerWidth + 0.5)
      .sort((a, b) => b.right - a.right)
      .slice(0, 3)
      .map((x) => `${x.el.tagName.toLowerCase()}.${x.el.className} right=${Math.round(x.right)}`),
  }));

/** Controls in the page (main content, top bar, open dialogs) smaller than `min` px either way. */
export const smallTargets = (page, min) =>
  page.evaluate((min) => {
    const scope = document.querySelector('dialog[open]') ?? document;
    const els = scope.querySelectorAll(
      'main button, main a[href], main input[type="checkbox"], main select, main [role="tab"], ' +
        '.sidebar button, .sidebar a[href], dialog[open] button, dialog[open] a[href], dialog[open] input[type="checkbox"]',
    );
    const out = [];
    for (const el of els) {
      const r = el.getBoundingClientRect();
      const cs = getComputedStyle(el);
      if (r.width === 0 || r.height === 0 || cs.visibility === 'hidden' || el.closest('.sr-only')) continue;
      // an inline link inside a sentence is exempt (WCAG 2.5.8 "inline" exception)
      if (el.tagName === 'A' && el.closest('p')) continue;
      if (r.width < min - 0.5 || r.height < min - 0.5)
        out.push(
          `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 40)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
        );
    }
    return out;
  }, min);

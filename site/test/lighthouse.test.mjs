// Lighthouse's deterministic categories (accessibility, best practices, SEO) on the landing page, desktop and mobile
// presets, one run each (~30 s). Performance depends on the machine's load and is measured by
// `make lighthouse-site` (median of 3 runs) instead of gating `make test`.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { audit, failing, launch, TARGET } from '../scripts/lighthouse.mjs';

const BASE = (process.env.SENSEI_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
const URL_ = `${(process.env.SITE_URL ?? `${BASE}/site`).replace(/\/+$/, '')}/`;
const CATEGORIES = ['accessibility', 'best-practices', 'seo'];
let chrome;

before(async () => {
  chrome = await launch();
});
after(async () => {
  await chrome?.kill();
});

for (const preset of ['desktop', 'mobile']) {
  test(`Lighthouse ${preset}: accessibility, best practices and SEO at least ${TARGET}`, async () => {
    const { scores, lhr } = await audit(chrome, URL_, preset, CATEGORIES, 'json');
    console.log(`lighthouse ${preset}: ${CATEGORIES.map((c) => `${c} ${scores[c]}`).join(', ')}`);
    for (const c of CATEGORIES) assert.ok(scores[c] >= TARGET, `${c} ${scores[c]}: ${failing(lhr, c).join('; ')}`);
  });
}

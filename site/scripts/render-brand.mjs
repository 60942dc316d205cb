#!/usr/bin/env node
// Renders the brand's PNG exports with Debian's Chromium (playwright-core): the Open Graph / Twitter card image
// (brand-src/og-image.svg → og-image.png, 1200×630), the mark at 512 px (assets/mark-512.png: structured data,
// app icons) and the wordmark at 2× (assets/logo.png, 264×64: email clients do not show SVG). The PNGs are committed;
// run this again after changing an SVG:  node site/scripts/render-brand.mjs
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_ARGS, CHROME_PATH, load } from './deps.mjs';

const SITE = join(dirname(fileURLToPath(import.meta.url)), '..');
const { chromium } = await load('playwright-core');
const JOBS = [
  { svg: 'brand-src/og-image.svg', out: 'og-image.png', width: 1200, height: 630, scale: 1 },
  { svg: 'assets/mark.svg', out: 'assets/mark-512.png', width: 512, height: 512, scale: 1, transparent: true },
  { svg: 'assets/logo.svg', out: 'assets/logo.png', width: 132, height: 32, scale: 2, transparent: true },
];
const browser = await chromium.launch({ executablePath: CHROME_PATH, args: CHROME_ARGS });
try {
  for (const job of JOBS) {
    const page = await browser.newPage({ viewport: { width: job.width, height: job.height }, deviceScaleFactor: job.scale });
    const svg = readFileSync(join(SITE, job.svg), 'utf8').replace(/<svg /, `<svg style="width:${job.width}px;height:${job.height}px;display:block" `);
    await page.setContent(`<!doctype html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: join(SITE, job.out), omitBackground: !!job.transparent, clip: { x: 0, y: 0, width: job.width, height: job.height } });
    await page.close();
    console.log(`${job.out}: ${job.width * job.scale}×${job.height * job.scale}`);
  }
} finally {
  await browser.close();
}

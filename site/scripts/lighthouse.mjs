#!/usr/bin/env node
// Lighthouse (the dashboard's devDependency, 12.2.3) on the landing page served by a running gateway, desktop and
// mobile presets, all four categories; the median run by performance of LH_RUNS (default 3) is reported, as
// Lighthouse advises (scores vary run to run, more so on a shared machine).
//
//   make lighthouse-site                         # SENSEI_URL defaults to http://localhost:8080 (`make run`)
//   SENSEI_URL=http://localhost:18080 LH_RUNS=1 node site/scripts/lighthouse.mjs
//
// Reports go to site/.lighthouse/index-<preset>.html. Exits 1 when a category is under 95 on either preset.
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CHROME_ARGS, CHROME_PATH, load } from './deps.mjs';

export const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
export const TARGET = 95;

/** One Chromium for all audits (chrome-launcher, as Lighthouse expects), closed by the returned function. */
export async function launch() {
  const chromeLauncher = await load('chrome-launcher');
  const chrome = await chromeLauncher.launch({ chromePath: CHROME_PATH, chromeFlags: CHROME_ARGS });
  return chrome;
}

/** Runs Lighthouse once; returns { scores: {category: 0-100}, lhr, report }. */
export async function audit(chrome, url, preset, categories = CATEGORIES, output = 'html') {
  const lh = await load('lighthouse');
  const lighthouse = lh.default;
  const flags = { port: chrome.port, output, logLevel: 'error', onlyCategories: categories };
  const result = await lighthouse(url, flags, preset === 'desktop' ? lh.desktopConfig : undefined);
  const lhr = result.lhr;
  const scores = Object.fromEntries(categories.map((c) => [c, Math.round((lhr.categories[c]?.score ?? 0) * 100)]));
  return { scores, lhr, report: result.report };
}

/** The failing audits of a category, to say why a score is under 100. */
export function failing(lhr, category) {
  const refs = lhr.categories[category]?.auditRefs ?? [];
  return refs
    .filter((r) => r.weight > 0 && lhr.audits[r.id]?.score !== null && lhr.audits[r.id]?.score < 1)
    .map((r) => `${r.id} (${lhr.audits[r.id].score}): ${lhr.audits[r.id].title}${lhr.audits[r.id].displayValue ? ' — ' + lhr.audits[r.id].displayValue : ''}`);
}

async function main() {
  const base = (process.env.SENSEI_URL ?? 'http://localhost:8080').replace(/\/+$/, '');
  const url = process.env.SITE_URL ? `${process.env.SITE_URL.replace(/\/+$/, '')}/` : `${base}/site/`;
  const runs = Math.max(1, Number(process.env.LH_RUNS ?? 3));
  const presets = (process.env.LH_PRESETS ?? 'desktop,mobile').split(',');
  const out = join(dirname(fileURLToPath(import.meta.url)), '../.lighthouse');
  mkdirSync(out, { recursive: true });
  const chrome = await launch();
  const lines = [];
  let below = 0;
  try {
    for (const preset of presets) {
      const all = [];
      for (let i = 0; i < runs; i++) all.push(await audit(chrome, url, preset));
      all.sort((a, b) => a.scores.performance - b.scores.performance);
      const median = all[Math.floor(all.length / 2)];
      writeFileSync(join(out, `index-${preset}.html`), median.report);
      const m = (id) => median.lhr.audits[id]?.displayValue ?? '—';
      const range = `${all[0].scores.performance}-${all[all.length - 1].scores.performance}`;
      lines.push(
        `${preset.padEnd(8)} ${CATEGORIES.map((c) => `${c} ${String(median.scores[c]).padStart(3)}`).join('  ')}  ` +
          `(performance over ${runs} runs: ${range}; FCP ${m('first-contentful-paint')}, LCP ${m('largest-contentful-paint')}, ` +
          `TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')})`,
      );
      for (const c of CATEGORIES) {
        if (median.scores[c] < TARGET) below++;
        if (median.scores[c] < 100) for (const f of failing(median.lhr, c)) lines.push(`    ${c}: ${f}`);
      }
    }
  } finally {
    await chrome.kill();
  }
  console.log(`Lighthouse 12.2.3 on ${url}, median of ${runs} run(s) per preset (reports in site/.lighthouse/; load average ${loadavg()[0].toFixed(1)})`);
  for (const l of lines) console.log(l);
  console.log(`target: every category >= ${TARGET} on both presets${below ? ` — ${below} below` : ' — met'}`);
  process.exit(below ? 1 : 0);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}

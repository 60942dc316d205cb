#!/usr/bin/env node
// Initial JavaScript per route, gzip, from the Vite build manifest (run `npm run build` first).
// A route's initial JS = the entry chunk and everything it imports statically + the route's page chunk and its
// static imports + the charts the page lazy-loads as soon as it renders. Fails when a route exceeds the budget.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const BUDGET_KB = Number(process.env.ROUTE_BUDGET_KB ?? 250);
const manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));

const ROUTES = {
  '/login': 'src/pages/LoginPage.tsx',
  '/ (overview)': 'src/pages/OverviewPage.tsx',
  '/conversations': 'src/pages/ConversationsPage.tsx',
  '/conversations/:id': 'src/pages/ConversationDetailPage.tsx',
  '/failures': 'src/pages/FailuresPage.tsx',
  '/patterns': 'src/pages/PatternsPage.tsx',
  '/settings': 'src/pages/SettingsPage.tsx',
  '/api-keys': 'src/pages/ApiKeysPage.tsx',
};

const gz = new Map();
function gzipKb(file) {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(join(dist, file)), { level: 9 }).length / 1024);
  return gz.get(file);
}

function collect(key, out, withCharts) {
  const chunk = manifest[key];
  if (!chunk || out.has(chunk.file)) return;
  out.add(chunk.file);
  for (const imp of chunk.imports ?? []) collect(imp, out, false);
  if (withCharts)
    for (const dyn of chunk.dynamicImports ?? []) if (dyn.startsWith('src/charts/')) collect(dyn, out, false);
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const entryFiles = new Set();
collect(entryKey, entryFiles, false);
// the one stylesheet (vite.config.ts: cssCodeSplit off) is the manifest's style.css; the entry's own css otherwise
const cssFiles = [...(manifest[entryKey].css ?? []), ...(manifest['style.css'] ? [manifest['style.css'].file] : [])];
const css = cssFiles.reduce((n, f) => n + gzipKb(f), 0);

let over = 0;
const rows = [];
for (const [route, src] of Object.entries(ROUTES)) {
  if (!manifest[src]) throw new Error(`${src} is not in the manifest (not a separate chunk?)`);
  const files = new Set(entryFiles);
  collect(src, files, true);
  const kb = [...files].reduce((n, f) => n + gzipKb(f), 0);
  if (kb > BUDGET_KB) over++;
  rows.push({ route, kb, files: files.size });
}

const entryKb = [...entryFiles].reduce((n, f) => n + gzipKb(f), 0);
console.log(
  `entry (shell: React, router, query client, layout): ${entryKb.toFixed(1)} kB gzip; CSS ${css.toFixed(1)} kB gzip`,
);
console.log(`initial JS per route (gzip, budget ${BUDGET_KB} kB):`);
for (const r of rows)
  console.log(
    `  ${r.route.padEnd(22)} ${r.kb.toFixed(1).padStart(7)} kB  (${r.files} files)${r.kb > BUDGET_KB ? '  OVER BUDGET' : ''}`,
  );
process.exit(over ? 1 : 0);

#!/usr/bin/env node
// Builds the landing page into site/dist/ (node, no dependencies):
//   - `{{> name}}` is replaced by partials/name.html (header, footer, head);
//   - files under assets/ get a content-hashed copy (site.css → site.3f9a1c2e.css) that the pages name, so a server
//     may cache them forever; the unhashed original is kept beside it for stable links (emails, README);
//   - {{SITE_URL}}, {{BASE_PATH}}, {{API_URL}}, {{APP_URL}}, {{BUILD_DATE}} (and {{HOME}}) are substituted.
//
//   SITE_URL=https://sensei.example.com node site/build.mjs
//
// SITE_URL   where the site is published, absolute, no trailing slash (default http://localhost:8080/site, the
//            gateway of `make run`); canonical URLs, Open Graph, the sitemap and robots.txt name it, and its path
//            (`/site/`) prefixes every link, so the pages work at any depth (the 404 page is served for any path).
// API_URL    origin of the Sensei gateway the waitlist form posts to (default: empty = the page's own origin).
// APP_URL    the dashboard's address for the footer's sign-in link (default: SITE_URL's origin + "/").
// OUT        output folder (default site/dist).
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const SRC = dirname(fileURLToPath(import.meta.url));
const OUT = process.env.OUT ? join(process.cwd(), process.env.OUT) : join(SRC, 'dist');
const PAGES = ['index.html', 'confirmed.html', 'privacy.html', '404.html'];
const TEXT = ['robots.txt', 'sitemap.xml'];
const STATIC = ['favicon.svg', 'og-image.png'];
const HASHED = /\.(css|js|svg|png|webp)$/;

function fail(message) {
  console.error(`site build: ${message}`);
  process.exit(1);
}

function absoluteUrl(name, value) {
  let url;
  try {
    url = new URL(value);
  } catch {
    fail(`${name}=${value} is not an absolute URL`);
  }
  if (!/^https?:$/.test(url.protocol)) fail(`${name}=${value}: only http and https`);
  if (url.search || url.hash || url.username) fail(`${name}=${value}: no query, fragment or credentials`);
  // everything is written into attributes and XML: refuse what would need escaping rather than escape it
  if (/["'<>&\s]/.test(value)) fail(`${name}=${value}: quotes, <, >, & and spaces are not allowed`);
  return url;
}

const siteUrl = absoluteUrl('SITE_URL', (process.env.SITE_URL ?? 'http://localhost:8080/site').replace(/\/+$/, ''));
const SITE_URL = siteUrl.href.replace(/\/+$/, '');
const BASE_PATH = siteUrl.pathname.replace(/\/*$/, '/');
const API_URL = process.env.API_URL ? absoluteUrl('API_URL', process.env.API_URL).origin : '';
const APP_URL = process.env.APP_URL ? absoluteUrl('APP_URL', process.env.APP_URL).href : `${siteUrl.origin}/`;
const BUILD_DATE = new Date().toISOString().slice(0, 10);

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

// assets: the original plus a content-hashed copy; `names` maps "assets/x.css" to "assets/x.<hash>.css"
const names = new Map();
for (const file of walk(join(SRC, 'assets'))) {
  const rel = relative(SRC, file).split('\\').join('/');
  const target = join(OUT, rel);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(file, target);
  if (HASHED.test(rel)) {
    const hash = createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 8);
    const hashed = rel.replace(/\.([a-z0-9]+)$/, `.${hash}.$1`);
    copyFileSync(file, join(OUT, hashed));
    names.set(rel, hashed);
  }
}
for (const f of STATIC) copyFileSync(join(SRC, f), join(OUT, f));

function substitute(text, file, home) {
  const values = { SITE_URL, BASE_PATH, API_URL, APP_URL, BUILD_DATE, HOME: home };
  const out = text.replace(/\{\{([A-Z_]+)\}\}/g, (m, key) => {
    if (!(key in values)) fail(`${file}: unknown placeholder ${m}`);
    return values[key];
  });
  const left = out.match(/\{\{[^}]*\}\}/);
  if (left) fail(`${file}: ${left[0]} left after substitution`);
  return out;
}

for (const page of PAGES) {
  let html = readFileSync(join(SRC, page), 'utf8');
  html = html.replace(/^\{\{> ([a-z-]+)\}\}\n/gm, (m, name) => readFileSync(join(SRC, 'partials', `${name}.html`), 'utf8'));
  // name the hashed copies (only references written as {{BASE_PATH}}assets/..., the form every page uses)
  html = html.replace(/\{\{BASE_PATH\}\}(assets\/[A-Za-z0-9_./-]+)/g, (m, rel) => {
    if (!names.has(rel)) fail(`${page}: ${rel} does not exist under site/assets`);
    return `{{BASE_PATH}}${names.get(rel)}`;
  });
  html = substitute(html, page, page === 'index.html' ? '' : BASE_PATH);
  for (const [, json] of html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)) {
    try {
      JSON.parse(json);
    } catch (e) {
      fail(`${page}: structured data is not valid JSON (${e.message})`);
    }
  }
  writeFileSync(join(OUT, page), html);
}
for (const f of TEXT) writeFileSync(join(OUT, f), substitute(readFileSync(join(SRC, f), 'utf8'), f, BASE_PATH));

const bytes = walk(OUT).reduce((n, f) => n + statSync(f).size, 0);
console.log(`site built into ${relative(process.cwd(), OUT) || '.'}: ${walk(OUT).length} files, ${(bytes / 1024).toFixed(0)} KiB, SITE_URL=${SITE_URL}, API_URL=${API_URL || '(same origin)'}`);

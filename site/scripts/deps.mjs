// The site has no package of its own: its tests and scripts borrow playwright-core, lighthouse and chrome-launcher
// from the dashboard's devDependencies (services/dashboard-web, `npm ci` there), so one lockfile pins them.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const DASHBOARD = join(dirname(fileURLToPath(import.meta.url)), '../../services/dashboard-web/package.json');
const require = createRequire(DASHBOARD);

export async function load(name) {
  let path;
  try {
    path = require.resolve(name);
  } catch {
    throw new Error(`${name} not found: run \`npm ci\` in services/dashboard-web (the site borrows its devDependencies)`);
  }
  const mod = await import(pathToFileURL(path).href);
  // a CommonJS package's exports arrive as `default`
  return mod.default && typeof mod.default === 'object' ? { ...mod.default, ...mod } : mod;
}

export const CHROME_PATH = process.env.CHROME_PATH ?? '/usr/bin/chromium';
export const CHROME_ARGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'];

/**
 * Where things are and which credentials to use. Values come from the process environment first, then demo/.env
 * (SENSEI_API_KEY, OPENAI_*), then the repo-root .sensei-local.env that `make run` writes (admin login).
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = join(DEMO_DIR, '..');
export const DEMO_ENV_FILE = join(DEMO_DIR, '.env');
export const LOCAL_ENV_FILE = join(REPO_ROOT, '.sensei-local.env');

export function readEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(path, 'utf8').split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(line);
    if (!m || line.trim().startsWith('#')) continue;
    out[m[1]] = m[2].replace(/^(['"])(.*)\1$/, '$2');
  }
  return out;
}

/** Sets KEY=value in demo/.env, keeping the other lines; the file is readable by its owner only. */
export function saveDemoEnv(key: string, value: string, file = DEMO_ENV_FILE): void {
  const lines = existsSync(file)
    ? readFileSync(file, 'utf8').split(/\r?\n/)
    : ['# written by the Sensei demo; see demo/README.md'];
  const at = lines.findIndex((l) => new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=`).test(l));
  if (at >= 0) lines[at] = `${key}=${value}`;
  else
    lines.splice(
      lines.length && lines[lines.length - 1] === '' ? lines.length - 1 : lines.length,
      0,
      `${key}=${value}`,
    );
  writeFileSync(file, lines.join('\n').replace(/\n*$/, '\n'));
  try {
    chmodSync(file, 0o600);
  } catch {
    /* not on every file system */
  }
}

export interface DemoConfig {
  senseiUrl: string;
  dashboardUrl: string;
  adminEmail?: string;
  adminPassword?: string;
  apiKey?: string;
  environment?: string;
  openaiKey?: string;
  openaiBaseUrl?: string;
  openaiModel: string;
  playgroundPort: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): DemoConfig {
  const demo = readEnvFile(DEMO_ENV_FILE);
  const local = readEnvFile(LOCAL_ENV_FILE);
  const get = (k: string) => (env[k] || undefined) ?? (demo[k] || undefined) ?? (local[k] || undefined);
  const senseiUrl = (get('SENSEI_URL') ?? 'http://localhost:8080').replace(/\/+$/, '');
  return {
    senseiUrl,
    dashboardUrl: (get('SENSEI_PUBLIC_URL') ?? senseiUrl).replace(/\/+$/, ''),
    adminEmail: get('SENSEI_ADMIN_EMAIL'),
    adminPassword: get('SENSEI_ADMIN_PASSWORD'),
    apiKey: get('SENSEI_API_KEY'),
    environment: get('SENSEI_ENVIRONMENT'),
    openaiKey: get('OPENAI_API_KEY'),
    openaiBaseUrl: get('OPENAI_BASE_URL'),
    openaiModel: get('OPENAI_MODEL') ?? 'gpt-4o-mini',
    playgroundPort: Number(get('PLAYGROUND_PORT') ?? 3001),
  };
}

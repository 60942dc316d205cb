/** The few Sensei admin/dashboard API calls the demo needs (login, API keys, conversations, pattern runs). */
import { type DemoConfig, saveDemoEnv } from './config.js';

export class StackError extends Error {}

export interface ConversationSummary {
  id: string;
  external_id: string;
  environment: string;
  message_count: number;
  ended: boolean;
  health_score: number | null;
  has_failures: boolean;
  failure_types: string[];
}

interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  revoked_at: string | null;
}

export class SenseiStack {
  private token?: string;

  constructor(readonly baseUrl: string) {}

  private async call(method: string, path: string, body?: unknown): Promise<Response> {
    try {
      return await fetch(this.baseUrl + path, {
        method,
        headers: {
          'content-type': 'application/json',
          ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch (e) {
      throw new StackError(
        `Sensei is not reachable at ${this.baseUrl} (${(e as Error & { cause?: { code?: string } }).cause?.code ?? (e as Error).message}). Start it with \`make run\`, or set SENSEI_URL.`,
      );
    }
  }

  private async json<T>(method: string, path: string, body?: unknown, ok: number[] = [200, 201, 202]): Promise<T> {
    const res = await this.call(method, path, body);
    const text = await res.text();
    if (!ok.includes(res.status)) {
      let message = text.slice(0, 300);
      try {
        message = JSON.parse(text).message ?? message;
      } catch {
        /* not JSON */
      }
      throw new StackError(`${method} ${path} → HTTP ${res.status}: ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }

  async login(email: string | undefined, password: string | undefined): Promise<void> {
    if (!email || !password) {
      throw new StackError(
        'No admin login: set SENSEI_ADMIN_EMAIL and SENSEI_ADMIN_PASSWORD, or run `make run` once (it writes them to .sensei-local.env).',
      );
    }
    const r = await this.json<{ access_token: string }>('POST', '/api/v1/auth/login', { email, password });
    this.token = r.access_token;
  }

  async createApiKey(name: string): Promise<{ id: string; key: string; prefix: string }> {
    return this.json('POST', '/api/v1/api-keys', { name });
  }

  async apiKeys(): Promise<ApiKeyView[]> {
    return this.json('GET', '/api/v1/api-keys');
  }

  /** True when the key's prefix is known to this Sensei and not revoked. */
  async keyIsActive(key: string): Promise<boolean> {
    const prefix = key.split('_')[1];
    return !!prefix && (await this.apiKeys()).some((k) => k.prefix === prefix && !k.revoked_at);
  }

  async conversations(query: Record<string, string>): Promise<ConversationSummary[]> {
    const qs = new URLSearchParams(query).toString();
    return (await this.json<{ items: ConversationSummary[] }>('GET', `/api/v1/conversations?${qs}`)).items;
  }

  /** Starts a pattern analysis; false when one is already running (409). */
  async runPatterns(): Promise<{ started: boolean; id?: string }> {
    const res = await this.call('POST', '/api/v1/analytics/patterns/run');
    if (res.status === 409) return { started: false };
    if (res.status !== 202 && res.status !== 200)
      throw new StackError(
        `POST /api/v1/analytics/patterns/run → HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`,
      );
    return { started: true, id: ((await res.json()) as { id?: string }).id };
  }

  async patternRun(id: string): Promise<{
    status: string;
    progress?: number;
    stage?: string;
    cluster_count?: number | null;
    patterns?: { label?: string; size?: number }[];
  }> {
    return this.json('GET', `/api/v1/analytics/patterns/runs/${id}`);
  }
}

/**
 * The API key the demo sends with: the one in demo/.env if this Sensei still knows it, otherwise a new one,
 * created through admin-api, printed once and stored in demo/.env.
 */
export async function ensureApiKey(
  cfg: DemoConfig,
  stack: SenseiStack,
  log: (s: string) => void = console.log,
): Promise<string> {
  if (cfg.apiKey && (await stack.keyIsActive(cfg.apiKey))) {
    log(`Using the API key from demo/.env (sk_${cfg.apiKey.split('_')[1]}_…).`);
    return cfg.apiKey;
  }
  if (cfg.apiKey) log('The API key in demo/.env is unknown to this Sensei or revoked: creating a new one.');
  const created = await stack.createApiKey(`demo agent (${new Date().toISOString().slice(0, 16).replace('T', ' ')})`);
  saveDemoEnv('SENSEI_API_KEY', created.key);
  log('');
  log('  New API key created:');
  log(`    ${created.key}`);
  log('  ⚠ This secret is shown only once and cannot be retrieved later. It is saved in demo/.env (SENSEI_API_KEY);');
  log("    keep it private. Revoke it any time on the dashboard's API keys page.");
  log('');
  return created.key;
}

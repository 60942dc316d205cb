/** What every demo entry point starts with: config, a logged-in admin client when possible, an API key, the SDK. */
import { Sensei, type SenseiError } from '@convosensei/sdk';
import { type DemoConfig, loadConfig } from './config.js';
import { SenseiStack, StackError, ensureApiKey } from './stack.js';

export interface Session {
  cfg: DemoConfig;
  /** Logged in as the admin, or undefined when no admin login is available (then links are generic). */
  stack?: SenseiStack;
  sensei: Sensei;
  errors: SenseiError[];
}

export async function openSession(
  options: { requireAdmin?: boolean; log?: (s: string) => void } = {},
): Promise<Session> {
  const log = options.log ?? console.log;
  const cfg = loadConfig();
  let stack: SenseiStack | undefined = new SenseiStack(cfg.senseiUrl);
  try {
    await stack.login(cfg.adminEmail, cfg.adminPassword);
  } catch (e) {
    if (options.requireAdmin || !cfg.apiKey) throw e;
    log(
      `(no admin login: ${(e as Error).message.split('.')[0]} — using SENSEI_API_KEY; dashboard links will be generic)`,
    );
    stack = undefined;
  }
  const apiKey = stack ? await ensureApiKey(cfg, stack, log) : cfg.apiKey!;
  const errors: SenseiError[] = [];
  const sensei = new Sensei({
    apiKey,
    baseUrl: cfg.senseiUrl,
    environment: cfg.environment,
    onError: (e) => {
      errors.push(e);
      if (e.code !== 'unavailable') log(`  [sensei] ${e.code}: ${e.message}`);
    },
  });
  return { cfg, stack, sensei, errors };
}

/** Dashboard link of a conversation: its own page once Sensei has it (needs the admin login), else the list. */
export async function conversationLink(s: Session, externalId: string, waitMs = 8000): Promise<string> {
  const list = `${s.cfg.dashboardUrl}/conversations`;
  if (!s.stack) return list;
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      const found = (await s.stack.conversations({ timeframe: '30d', limit: '200' })).find(
        (c) => c.external_id === externalId,
      );
      if (found) return `${s.cfg.dashboardUrl}/conversations/${found.id}`;
    } catch {
      /* keep trying until the deadline */
    }
    if (Date.now() > until) return list;
    await new Promise((r) => setTimeout(r, 500));
  }
}

export function describeStackError(e: unknown): string {
  return e instanceof StackError ? e.message : `unexpected error: ${(e as Error)?.stack ?? e}`;
}

/**
 * `npm run demo:agent` (`make demo`): fills a running Sensei with a realistic week of support conversations.
 *  1. logs in as the local admin and makes sure there is an API key (created once, stored in demo/.env)
 *  2. sends the 72 sample transcripts (data/transcripts) through the SDK
 *  3. plays a short live conversation with the support agent (scripted, or your model when OPENAI_API_KEY is set)
 *  4. waits until Sensei has scored them, starts a pattern analysis, and prints where to look in the dashboard
 */
import { createAgent } from './bot/index.js';
import { LIVE_SCENARIOS, intentById, play } from './scenarios.js';
import { conversationLink, describeStackError, openSession, type Session } from './session.js';
import { conversationIdOf, loadTranscripts, toTrackInput } from './transcripts.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = console.log;

async function sendSamples(s: Session): Promise<string[]> {
  const transcripts = loadTranscripts();
  const now = Date.now();
  for (const t of transcripts) s.sensei.track(toTrackInput(t, now));
  const ok = await s.sensei.flush({ timeoutMs: 60_000 });
  const st = s.sensei.stats();
  const failing = transcripts.filter((t) => t.outcome === 'failing').length;
  log(
    `Sent ${transcripts.length} sample conversations (${failing} with problems, ${transcripts.length - failing} healthy; ${st.sent} messages accepted${st.failed ? `, ${st.failed} rejected` : ''}).`,
  );
  if (!ok)
    throw new Error(
      'the samples could not be delivered within 60 s — is the ingestion service running? (`make status`)',
    );
  return transcripts.map(conversationIdOf);
}

async function liveConversation(s: Session): Promise<string[]> {
  const agent = createAgent(s.cfg, s.sensei, () => 150);
  log(`\nA live conversation with the support agent (${agent.label}):`);
  const ids: string[] = [];
  for (const scenario of LIVE_SCENARIOS) {
    const conversationId = `${scenario.id}-${Date.now().toString(36)}`; // scenario ids start with "live-"
    ids.push(conversationId);
    log(`\n  ── ${conversationId} (${intentById(scenario.intent).topic})`);
    const userLines = play(scenario)
      .messages.filter((m) => m.role === 'user')
      .map((m) => m.content);
    for (const line of userLines) {
      log(`  user      ${line}`);
      const r = await agent.reply(conversationId, line);
      log(
        `  assistant ${r.content.split('\n')[0].slice(0, 110)}${r.content.length > 110 || r.content.includes('\n') ? ' …' : ''}  (${(r.latencyMs / 1000).toFixed(1)} s)`,
      );
    }
    if (scenario.extras?.includes('negative_feedback')) {
      s.sensei.track({
        conversationId,
        metadata: { feedback: 'negative', thumbs: 'down', comment: 'It showed my card number!' },
      });
      log('  (the user gave this conversation a thumbs down)');
    }
    s.sensei.end(conversationId);
  }
  await s.sensei.flush({ timeoutMs: 30_000 });
  return ids;
}

/** Waits (bounded) until Sensei has scored most of the demo conversations. */
async function waitForScoring(s: Session, externalIds: string[]): Promise<void> {
  if (!s.stack) return;
  const wanted = new Set(externalIds);
  const deadline = Date.now() + 90_000;
  let scored = 0;
  let failing = 0;
  process.stdout.write('\nWaiting for Sensei to analyse them');
  while (Date.now() < deadline) {
    const items = (await s.stack.conversations({ timeframe: '30d', limit: '200' })).filter((c) =>
      wanted.has(c.external_id),
    );
    scored = items.filter((c) => c.health_score !== null && c.health_score !== undefined).length;
    failing = items.filter((c) => c.has_failures).length;
    if (scored >= wanted.size) break;
    process.stdout.write('.');
    await sleep(2000);
  }
  log(`\n${scored}/${wanted.size} conversations scored, ${failing} with detected failures.`);
}

async function runPatterns(s: Session): Promise<void> {
  if (!s.stack) return;
  const run = await s.stack.runPatterns();
  if (!run.started || !run.id) {
    log('A pattern analysis is already running; the Patterns page updates when it finishes.');
    return;
  }
  process.stdout.write('Pattern analysis started');
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    await sleep(2000);
    const r = await s.stack.patternRun(run.id).catch(() => undefined);
    if (!r) continue;
    if (r.status === 'succeeded') {
      const labels = (r.patterns ?? []).map((p) => `${p.label} (${p.size})`).slice(0, 8);
      log(` — ${r.cluster_count ?? labels.length} patterns found${labels.length ? `: ${labels.join(', ')}` : ''}.`);
      return;
    }
    if (r.status === 'failed') {
      log(' — it failed; see the Patterns page for the reason.');
      return;
    }
    process.stdout.write('.');
  }
  log(' — still running; the Patterns page shows it when it is done.');
}

async function main(): Promise<void> {
  log('Sensei demo agent\n');
  const s = await openSession({ requireAdmin: true });
  log(`Sensei: ${s.cfg.senseiUrl}`);
  const samples = await sendSamples(s);
  const live = await liveConversation(s);
  await waitForScoring(s, [...samples, ...live]);
  await runPatterns(s);
  const leak = await conversationLink(s, live[1], 2000);
  const dash = s.cfg.dashboardUrl;
  await s.sensei.shutdown();
  log(`
Now open the dashboard (log in as ${s.cfg.adminEmail}):
  Overview       ${dash}/                health score, failure rate and trends of the last days
  Failures       ${dash}/failures        every detected problem: refusals, loops, leaks, slow replies, ...
  Patterns       ${dash}/patterns        what users talk about (billing, shipping, refunds, ...) and how it goes
  Conversations  ${dash}/conversations   filter by health, failure type, or search
  Live example   ${leak}
                 (the conversation that leaked a card number, with a thumbs down)
`);
}

main().catch((e) => {
  console.error(`\ndemo:agent failed: ${describeStackError(e)}`);
  process.exit(1);
});

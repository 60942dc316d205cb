/**
 * `npm run chat`: talk to the support agent in the terminal; every exchange goes to Sensei.
 * Commands: /good /bad (feedback), /end (finish this conversation), /new, /link, /quit.
 */
import { createInterface } from 'node:readline';
import { createAgent } from './bot/index.js';
import { conversationLink, describeStackError, openSession } from './session.js';

const HELP =
  'Commands: /good or /bad to rate, /end to finish the conversation, /new for a new one, /link for the dashboard link, /quit.';

async function main(): Promise<void> {
  const s = await openSession();
  const agent = createAgent(s.cfg, s.sensei);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const newId = () =>
    `chat-${new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '')}-${Math.random().toString(36).slice(2, 6)}`;
  let conversationId = newId();
  let open = false;
  console.log(
    `Acme support (${agent.label}) — conversation ${conversationId}. Ask about billing, shipping, your account, products, setup or refunds.`,
  );
  console.log(HELP);
  const finish = async () => {
    if (open) s.sensei.end(conversationId);
    open = false;
  };
  let quitting = false;
  const quit = async () => {
    if (quitting) return;
    quitting = true;
    await finish();
    rl.close();
    const ok = await s.sensei.shutdown({ timeoutMs: 5000 });
    console.log(ok ? 'Sent to Sensei. Bye!' : 'Some messages could not be delivered (is Sensei running?).');
  };
  rl.on('SIGINT', () => {
    void quit().then(() => process.exit(0));
  });
  // iterating the lines (rather than rl.question) keeps lines typed or piped in while the agent was answering
  const prompt = () => process.stdout.write('you> ');
  prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (!line) {
      prompt();
      continue;
    }
    if (line === '/quit' || line === '/exit') break;
    if (line === '/help') {
      console.log(HELP);
      prompt();
      continue;
    }
    if (line === '/good' || line === '/bad') {
      s.sensei.track({
        conversationId,
        metadata: line === '/good' ? { thumbs: 'up', feedback: 'positive' } : { thumbs: 'down', feedback: 'negative' },
      });
      console.log(line === '/good' ? '(thanks for the 👍)' : '(noted: 👎)');
      prompt();
      continue;
    }
    if (line === '/end' || line === '/new') {
      await finish();
      await s.sensei.flush({ timeoutMs: 5000 });
      if (line === '/end') console.log(`(conversation ended: ${await conversationLink(s, conversationId)})`);
      conversationId = newId();
      console.log(`(new conversation ${conversationId})`);
      prompt();
      continue;
    }
    if (line === '/link') {
      await s.sensei.flush({ timeoutMs: 5000 });
      console.log(await conversationLink(s, conversationId));
      prompt();
      continue;
    }
    try {
      const r = await agent.reply(conversationId, line);
      open = true;
      console.log(
        `bot> ${r.content}\n     (${(r.latencyMs / 1000).toFixed(1)} s${r.kind && r.kind !== 'ok' ? `, ${r.kind}` : ''})`,
      );
    } catch (e) {
      console.log(`bot> (the model call failed: ${(e as Error).message})`);
    }
    prompt();
  }
  await quit();
}

main().catch((e) => {
  console.error(`chat failed: ${describeStackError(e)}`);
  process.exit(1);
});

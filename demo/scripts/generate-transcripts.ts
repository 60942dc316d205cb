/** `npm run generate`: writes data/transcripts/<topic>.json and data/prompts.json from src/samples.ts. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildPrompts, buildSamples } from '../src/samples.js';
import { DATA_DIR, TRANSCRIPT_DIR } from '../src/transcripts.js';

mkdirSync(TRANSCRIPT_DIR, { recursive: true });
const summary: Record<string, number> = {};
for (const [topic, conversations] of Object.entries(buildSamples())) {
  for (const t of conversations) for (const k of t.failure_kinds) summary[k] = (summary[k] ?? 0) + 1;
  writeFileSync(join(TRANSCRIPT_DIR, `${topic}.json`), JSON.stringify({ topic, conversations }, null, 2) + '\n');
}
writeFileSync(join(DATA_DIR, 'prompts.json'), JSON.stringify(buildPrompts(), null, 2) + '\n');
console.log('failure kinds in the samples:', summary);

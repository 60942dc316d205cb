#!/usr/bin/env node
// `npm test`: runs vitest once (default reporter for people, JSON for us) and ends with the line
// "N passed, N failed" that CI reads. Exit code is vitest's (non-zero when anything failed or did not run).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, '.vitest-results.json');
rmSync(out, { force: true });

const bin = join(root, 'node_modules', 'vitest', 'vitest.mjs');
const args = [bin, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...process.argv.slice(2)];
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? '0' } });

child.on('exit', (code, signal) => {
  let passed = 0;
  let failed = 0;
  if (existsSync(out)) {
    const r = JSON.parse(readFileSync(out, 'utf8'));
    passed = r.numPassedTests ?? 0;
    failed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  } else {
    failed = 1; // vitest died before reporting
  }
  console.log(`${passed} passed, ${failed} failed`);
  const status = code ?? (signal ? 1 : 0);
  process.exit(status !== 0 ? status : failed > 0 ? 1 : 0);
});

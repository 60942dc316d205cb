import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Sink, sleep, startSink, waitFor } from './helpers/servers.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const app = join(here, 'fixtures', 'exit-app.mjs');
let sink: Sink | undefined;
let child: ChildProcess | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await sink?.close();
});

function start(mode: string): Promise<ChildProcess> {
  const c = spawn(process.execPath, [app, sink!.url, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  child = c;
  return new Promise((resolve) => {
    if (mode === 'natural') resolve(c);
    else
      c.stdout!.on('data', (d) => {
        if (String(d).includes('ready')) resolve(c);
      });
  });
}

const exited = (c: ChildProcess) =>
  new Promise<{ code: number | null; signal: string | null }>((r) => {
    if (c.exitCode !== null || c.signalCode !== null) r({ code: c.exitCode, signal: c.signalCode });
    else c.on('exit', (code, signal) => r({ code, signal }));
  });

describe('Node lifecycle (built package)', () => {
  it('naturalExit__beforeExitFlushesTheQueue', async () => {
    sink = await startSink();
    const c = await start('natural');
    expect(await exited(c)).toEqual({ code: 0, signal: null });
    expect(sink.messages().map((m) => m.content)).toEqual(['bye from natural']);
  });

  it('sigtermWithoutAppListener__flushesThenTerminatesAsBefore', async () => {
    sink = await startSink();
    const c = await start('sigterm');
    c.kill('SIGTERM');
    expect(await exited(c)).toEqual({ code: null, signal: 'SIGTERM' });
    expect(sink.messages().map((m) => m.content)).toEqual(['bye from sigterm']);
  });

  it('sigtermWithAppListener__flushesAndLeavesTheDecisionToTheApp', async () => {
    sink = await startSink();
    const c = await start('own-sigterm');
    let out = '';
    c.stdout!.on('data', (d) => {
      out += d;
    });
    c.kill('SIGTERM');
    await waitFor(() => sink!.messages().length === 1, 3000);
    await sleep(300);
    expect(c.exitCode).toBeNull(); // the app chose to stay alive
    expect(c.signalCode).toBeNull();
    expect(out).toContain('app got SIGTERM');
  });

  it('naturalExitWhileSenseiIsDown__exitsWithinTheShutdownTimeout', async () => {
    sink = await startSink();
    const url = sink.url;
    await sink.close();
    sink = undefined;
    const t0 = Date.now();
    const c = spawn(process.execPath, [app, url, 'natural'], { stdio: 'ignore' });
    child = c;
    expect((await exited(c)).code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(6000); // 2 s flush budget + start-up
  });
});

describe('published shape', () => {
  it('esmAndCommonJsEntryPoints__loadByPackageName', () => {
    const cjs = spawnSync(
      process.execPath,
      ['-e', "const s=require('@convosensei/sdk'); console.log(typeof s.init, typeof s.Sensei, typeof s.wrap)"],
      { cwd: root, encoding: 'utf8' },
    );
    expect(cjs.stdout.trim()).toBe('function function function');
    const esm = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "import {init, Sensei, wrap} from '@convosensei/sdk'; console.log(typeof init, typeof Sensei, typeof wrap)",
      ],
      { cwd: root, encoding: 'utf8' },
    );
    expect(esm.stdout.trim()).toBe('function function function');
  });
});

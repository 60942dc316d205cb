// postinstall: the demo uses the SDK from this repository (file:../sdk/typescript). Make sure it is built:
// npm links the folder but does not build it, so build it here when dist/ is missing or older than src/.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const sdk = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'sdk', 'typescript');
const built = ['dist/esm/index.js', 'dist/cjs/index.js'].map((f) => join(sdk, f));

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const fresh = built.every(existsSync) && Math.min(...built.map((f) => statSync(f).mtimeMs)) >= newest(join(sdk, 'src'));
if (fresh) process.exit(0);

// a clean environment: we may be running inside `npm ci` of the demo
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('npm_')));
const run = (cmd, args) => {
  console.log(`[demo] building the SDK: ${cmd} ${args.join(' ')} (in sdk/typescript)`);
  const r = spawnSync(cmd, args, { cwd: sdk, stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!existsSync(join(sdk, 'node_modules', 'typescript')))
  run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
else run(process.execPath, ['scripts/build.mjs']);

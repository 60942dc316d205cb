// The last link of service → docs/openapi/*.json → src/api/schema.gen.ts: each service's OpenApiSnapshotTest keeps
// the JSON equal to what the service serves; this keeps the generated TypeScript equal to what the JSON generates.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { generate, merge, OUTPUT } from '../scripts/gen-api-types.mjs';

describe('generated API types', () => {
  it('src/api/schema.gen.ts is what openapi-typescript makes of docs/openapi (else: make openapi)', async () => {
    const committed = await readFile(OUTPUT, 'utf8');
    const fresh = await generate();
    // a readable failure: the first differing line, then the fix
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    const where =
      at < 0 && a.length === b.length ? '' : `line ${at + 1}: ${JSON.stringify(a[at])} vs ${JSON.stringify(b[at])}`;
    expect(where, 'schema.gen.ts is stale: run `make openapi` (or `npm run gen:api`)').toBe('');
  }, 30_000);

  it('refuses two services publishing different schemas under one name', () => {
    const doc = (props: object) => ({
      openapi: '3.1.0',
      info: { title: 't', version: '1' },
      paths: {},
      components: { schemas: { Thing: { type: 'object', properties: props } } },
    });
    expect(() => merge([doc({ a: { type: 'string' } }), doc({ a: { type: 'string' } })])).not.toThrow();
    expect(() => merge([doc({ a: { type: 'string' } }), doc({ a: { type: 'integer' } })])).toThrow(/Thing differs/);
  });
});

/** Small runtime helpers that work the same in Node ≥ 18 and browsers (no Node types in the public API). */

type AnyGlobal = {
  crypto?: { randomUUID?: () => string; getRandomValues?: (a: Uint8Array) => Uint8Array };
  Buffer?: { byteLength(s: string, enc: string): number };
  process?: NodeLikeProcess;
};

export interface NodeLikeProcess {
  env?: Record<string, string | undefined>;
  versions?: { node?: string };
  pid: number;
  on(event: string, fn: (...args: unknown[]) => void): unknown;
  removeListener(event: string, fn: (...args: unknown[]) => void): unknown;
  listenerCount(event: string): number;
  kill(pid: number, signal: string): unknown;
}

const g = globalThis as unknown as AnyGlobal;

/** The Node `process` object, or undefined in browsers / edge runtimes without it. */
export function nodeProcess(): NodeLikeProcess | undefined {
  const p = g.process;
  return p && typeof p.on === 'function' && p.versions?.node ? p : undefined;
}

export function envVar(name: string): string | undefined {
  const v = g.process?.env?.[name];
  return v === undefined || v === '' ? undefined : v;
}

const hex: string[] = [];
for (let i = 0; i < 256; i++) hex.push((i + 0x100).toString(16).slice(1));

/** RFC 4122 v4 UUID: crypto.randomUUID where present, else getRandomValues, else Math.random. */
export function uuid(): string {
  const c = g.crypto;
  if (c?.randomUUID) return c.randomUUID();
  const b = new Uint8Array(16);
  if (c?.getRandomValues) c.getRandomValues(b);
  else for (let i = 0; i < 16; i++) b[i] = (Math.random() * 256) | 0;
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  return (
    hex[b[0]] +
    hex[b[1]] +
    hex[b[2]] +
    hex[b[3]] +
    '-' +
    hex[b[4]] +
    hex[b[5]] +
    '-' +
    hex[b[6]] +
    hex[b[7]] +
    '-' +
    hex[b[8]] +
    hex[b[9]] +
    '-' +
    hex[b[10]] +
    hex[b[11]] +
    hex[b[12]] +
    hex[b[13]] +
    hex[b[14]] +
    hex[b[15]]
  );
}

/** 53-bit string hash (cyrb53); two seeds give a ~106-bit stable id. Not cryptographic, only for dedup ids. */
function cyrb53(str: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < str.length; i++) {
    const ch = str.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export function stableId(prefix: string, parts: string[]): string {
  const s = parts.join('\u0001');
  return prefix + cyrb53(s, 1).toString(16).padStart(14, '0') + cyrb53(s, 7).toString(16).padStart(14, '0');
}

let encoder: TextEncoder | undefined;

/** UTF-8 byte length of a string. */
export function utf8Length(s: string): number {
  if (g.Buffer) return g.Buffer.byteLength(s, 'utf8');
  encoder ??= new TextEncoder();
  return encoder.encode(s).length;
}

/** Cuts a string to at most maxBytes UTF-8 bytes without splitting a character. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (s.length * 3 <= maxBytes || utf8Length(s) <= maxBytes) return s;
  let lo = 0;
  let hi = Math.min(s.length, maxBytes);
  while (lo < hi) {
    // largest prefix length whose encoding fits
    const mid = (lo + hi + 1) >>> 1;
    if (utf8Length(s.slice(0, mid)) <= maxBytes) lo = mid;
    else hi = mid - 1;
  }
  let cut = lo;
  const code = s.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--; // don't end on a lone high surrogate
  return s.slice(0, cut);
}

/** setTimeout that does not keep a Node process alive. */
export function unrefTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
  const t = setTimeout(fn, ms);
  (t as { unref?: () => void }).unref?.();
  return t;
}

const ISO_WITH_ZONE = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:\d\d)$/i;

/** ISO-8601 with a zone, as the API requires: ISO strings with a zone pass as they are, other dates are converted. */
export function toIsoTimestamp(t: Date | string | number | undefined): string | undefined {
  if (t === undefined || t === null) return new Date().toISOString();
  if (typeof t === 'string') {
    if (ISO_WITH_ZONE.test(t)) return t;
    const ms = Date.parse(t);
    return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
  }
  const d = typeof t === 'number' ? new Date(t) : t;
  const ms = d instanceof Date ? d.getTime() : NaN;
  return Number.isNaN(ms) ? undefined : d.toISOString();
}

/** Parses Retry-After (delta-seconds or HTTP-date) into ms; undefined when absent or unparsable. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(parseFloat(v) * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

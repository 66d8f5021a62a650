/** Python number and string literals read from their source text (no evaluation involved). */
import { Skip } from './values';

/** `42`, `0x1f`, `1_000`, `3.5e-3` → a number; complex literals are not model values. */
export function readNumber(text: string): number {
  const t = text.replace(/_/g, '');
  if (/[jJ]$/.test(t)) throw new Skip(`complex number ${text}`);
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^0[oO][0-7]+$/.test(t)) return Number.parseInt(t.slice(2), 8);
  if (/^0[bB][01]+$/.test(t)) return Number.parseInt(t.slice(2), 2);
  const n = Number(t.replace(/[lL]$/, ''));
  if (Number.isNaN(n)) throw new Skip(`number ${text}`);
  return n;
}

const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  '0': '\0',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '\n': '',
};

/** The prefix (`f`, `r`, `b`, `rb`, …) and the quote of a string literal. */
export function stringParts(text: string): { prefix: string; quote: string; body: string } {
  const m = /^([a-zA-Z]*)('''|"""|'|")/.exec(text);
  if (!m) throw new Skip('string literal');
  const prefix = (m[1] ?? '').toLowerCase();
  const quote = m[2] as string;
  const end = text.endsWith(quote) && text.length >= prefix.length + 2 * quote.length ? quote.length : 0;
  return { prefix, quote, body: text.slice(prefix.length + quote.length, text.length - end) };
}

/** A string literal's value (escapes read unless raw). */
export function readString(text: string): string {
  const { prefix, body } = stringParts(text);
  if (prefix.includes('b')) throw new Skip('bytes literal');
  return prefix.includes('r') ? body : unescapePy(body);
}

/** Backslash escapes of a (non-raw) string body. */
export function unescapePy(body: string): string {
  return body.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[\s\S])/g, (all, e: string) => {
    if (/^[xuU]/.test(e)) return String.fromCodePoint(Number.parseInt(e.slice(1), 16));
    return Object.hasOwn(ESCAPES, e) ? (ESCAPES[e] as string) : all;
  });
}

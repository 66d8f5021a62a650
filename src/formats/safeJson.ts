/**
 * Reading untrusted model files: a size limit before anything else, JSON with Python's bare
 * `NaN`/`Infinity` (Keras writes them) kept as recognizable markers so that the layer holding one
 * can be named, a nesting-depth limit, and keys that could reach an object's prototype removed.
 * Never throws; linear in the size of the text.
 */
import { MAX_DOCUMENT_BYTES } from '../compile';

/** Model files larger than this are refused before parsing (the same limit as documents). */
export const MAX_MODEL_BYTES = MAX_DOCUMENT_BYTES;
/** Deeper nesting than this is refused: Keras configs nest about 10 levels. */
export const MAX_DEPTH = 64;
/** JSON values (objects, arrays, scalars) in one file at most. */
export const MAX_VALUES = 20_000_000;

/** What a bare `NaN`, `Infinity` or `-Infinity` becomes: a string starting with this marker. */
export const NON_FINITE = '\u0000non-finite:';
export const isNonFinite = (v: unknown): v is string => typeof v === 'string' && v.startsWith(NON_FINITE);
export const nonFiniteText = (v: string): string => v.slice(NON_FINITE.length);

const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export type JsonResult = { ok: true; value: unknown } | { ok: false; error: string };

export function sizeError(bytes: number, maxBytes: number): string {
  return `file too large (${(bytes / 1048576).toFixed(1)} MB; the limit is ${(maxBytes / 1048576).toFixed(0)} MB)`;
}

/** Parses untrusted JSON text; see the module comment. */
export function parseUntrustedJson(text: string, maxBytes = MAX_MODEL_BYTES): JsonResult {
  if (text.length > maxBytes) return { ok: false, error: sizeError(text.length, maxBytes) };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const marked = markNonFinite(text);
    try {
      if (marked === text) throw e;
      value = JSON.parse(marked);
    } catch {
      const msg = e instanceof Error ? e.message : String(e);
      return { ok: false, error: `not valid JSON (${oneLine(msg)}); the file may be truncated` };
    }
  }
  const depth = cleanValue(value);
  if (depth > MAX_DEPTH) return { ok: false, error: `JSON nested too deeply (more than ${MAX_DEPTH} levels)` };
  if (depth < 0) return { ok: false, error: `too many JSON values (more than ${MAX_VALUES.toLocaleString('en-US')})` };
  return { ok: true, value };
}

/**
 * Replaces bare `NaN`, `Infinity` and `-Infinity` tokens (outside strings) with marker strings.
 * Returns the text unchanged when there are none.
 */
export function markNonFinite(text: string): string {
  const out: string[] = [];
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92)
        i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    if (c !== 45 && c !== 73 && c !== 78) continue; // '-', 'I', 'N'
    for (const token of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(token, i)) {
        out.push(text.slice(last, i), JSON.stringify(NON_FINITE + token));
        i += token.length - 1;
        last = i + 1;
        break;
      }
    }
  }
  if (last === 0) return text;
  out.push(text.slice(last));
  return out.join('');
}

/**
 * Removes `__proto__`, `constructor` and `prototype` keys (in place) and measures the nesting
 * depth, without recursion. Returns the depth, or -1 past MAX_VALUES values. Stops descending past
 * MAX_DEPTH.
 */
function cleanValue(root: unknown): number {
  let max = 0;
  let count = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (++count > MAX_VALUES) return -1;
    if (depth > max) max = depth;
    if (v === null || typeof v !== 'object' || depth > MAX_DEPTH) continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push([item, depth + 1]);
      continue;
    }
    const obj = v as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      if (UNSAFE_KEYS.has(key)) {
        delete obj[key];
        continue;
      }
      stack.push([obj[key], depth + 1]);
    }
  }
  return max;
}

/** A message made safe for one line: control characters and line breaks become spaces, and it is capped. */
export function oneLine(s: string, max = 200): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
  const t = s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

/** A name quoted for a message: one line, capped at 60 characters. */
export const quote = (name: string): string => JSON.stringify(oneLine(name, 60));

/** The first NaN / Infinity marker in a config value, as text ("NaN"), if any. */
export function findNonFinite(v: unknown, depth = 0): string | undefined {
  if (isNonFinite(v)) return nonFiniteText(v);
  if (Array.isArray(v) && depth < 4)
    for (const x of v) {
      const r = findNonFinite(x, depth + 1);
      if (r) return r;
    }
  return undefined;
}

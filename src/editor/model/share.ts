/** Share links: the document deflated (fflate) and base64url-encoded into the URL hash. */
import { deflateSync, inflateSync, strFromU8, strToU8 } from 'fflate';
import type { SkipwireDoc } from '../../compile';
import { type ParseResult, parseDocument } from '../../compile';

const PREFIX = '#doc=';

function toBase64Url(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(s: string): Uint8Array {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The hash part of a share link for `doc`: `#doc=…`. */
export function encodeShareHash(doc: SkipwireDoc): string {
  return PREFIX + toBase64Url(deflateSync(strToU8(JSON.stringify(doc)), { level: 9 }));
}

/** Reads a share hash; `undefined` when the hash is not a share link. */
export function decodeShareHash(hash: string): ParseResult | undefined {
  if (!hash.startsWith(PREFIX)) return undefined;
  try {
    return parseDocument(strFromU8(inflateSync(fromBase64Url(hash.slice(PREFIX.length)))));
  } catch (e) {
    return { ok: false, error: `the link is damaged (${e instanceof Error ? e.message : String(e)})` };
  }
}

/**
 * Forward migrations of the document format. `MIGRATIONS[n]` turns a version-n document into a
 * version n+1 one. A file from a newer Skipwire is refused with a message that says so.
 */
import { FORMAT_VERSION } from './document';

export type Json = Record<string, unknown>;
export type Migration = (doc: Json) => Json;

/** Version 1 is the first public format: nothing to migrate yet. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export function migrate(
  doc: Json,
  migrations: Readonly<Record<number, Migration>> = MIGRATIONS,
  target = FORMAT_VERSION,
): { ok: true; value: Json } | { ok: false; error: string } {
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return {
      ok: false,
      error: `not a valid Skipwire document: "version" must be a whole number ≥ 1 (got ${JSON.stringify(version)})`,
    };
  if (version > target)
    return {
      ok: false,
      error: `this file was saved by a newer Skipwire (format version ${version}); this version reads up to version ${target}: update Skipwire to open it`,
    };
  let current = doc;
  for (let v = version; v < target; v++) {
    const step = migrations[v];
    if (!step) return { ok: false, error: `no migration from format version ${v} to ${v + 1}` };
    try {
      current = { ...step(current), version: v + 1 };
    } catch (e) {
      return {
        ok: false,
        error: `could not migrate from format version ${v}: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
  }
  return { ok: true, value: current };
}

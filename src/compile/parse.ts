/**
 * Reading documents from untrusted text: size limit, JSON, version migration, then a zod schema.
 * Every failure is a one-line message; nothing here throws.
 */
import './zodConfig';
import { z } from 'zod';
import { FORMAT_VERSION, type SkipwireDoc } from './document';
import { MIGRATIONS, migrate } from './migrate';
import { StoredTrainingSchema } from './training';

// No JIT-compiled parsers: zod would first probe `new Function`, which the editor's
// Content-Security-Policy refuses and reports as a violation on every load (see vite.config.ts).
z.config({ jitless: true });

/** Files larger than this are refused before parsing, so a stray file cannot freeze the tab. */
export const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;

const id = z.string().min(1, 'must not be empty').max(200);
const finite = z.number().refine(Number.isFinite, 'must be a finite number');
const position = z.object({ x: finite, y: finite });
const params = z.record(z.string(), z.unknown());

const node = z.object({
  id,
  type: z.string().min(1).max(100),
  name: z.string().max(200),
  params: params.default({}),
  position: position.default({ x: 0, y: 0 }),
  block: id.optional(),
  trainable: z.boolean().optional(),
  shares: id.optional(),
  names: z.record(id, z.string().min(1).max(200)).optional(),
});

const port = z.number().int('must be a whole number').min(0).max(1000);
const edge = z.object({
  id,
  source: id,
  sourcePort: port.optional(),
  target: id,
  targetPort: port,
});

const block = z.object({
  id,
  name: z.string().max(200),
  nodes: z.array(node).max(100_000),
  edges: z.array(edge).max(200_000),
  inputs: z.array(id),
  outputs: z.array(id),
  exposed: z.array(z.object({ name: z.string().min(1), node: id, param: z.string().min(1) })).default([]),
  nested: z
    .object({ className: z.enum(['Sequential', 'Functional', 'Model']), name: z.string().min(1).max(200) })
    .optional(),
});

const documentSchema = z.object({
  format: z.literal('skipwire'),
  version: z.literal(FORMAT_VERSION),
  name: z.string().max(200),
  nodes: z.array(node).max(100_000),
  edges: z.array(edge).max(200_000),
  blocks: z.array(block).max(10_000).default([]),
  metadata: z.looseObject({ training: StoredTrainingSchema.optional() }).default({}),
});

export type ParseResult = { ok: true; doc: SkipwireDoc } | { ok: false; error: string };

function issuePath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : `${i ? '.' : ''}${String(k)}`)).join('');
}

/** Validates an already-parsed JSON value as a document (after migrating it forward). */
export function parseDocumentValue(value: unknown, migrations = MIGRATIONS): ParseResult {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return { ok: false, error: 'not a Skipwire document: expected a JSON object' };
  const obj = value as Record<string, unknown>;
  if (obj.format !== 'skipwire')
    return {
      ok: false,
      error:
        'not a Skipwire document: "format" is not "skipwire" (Keras and tfjs model files are read with `skipwire import`)',
    };
  const migrated = migrate(obj, migrations);
  if (!migrated.ok) return migrated;
  const r = documentSchema.safeParse(migrated.value);
  if (!r.success) {
    const first = r.error.issues[0];
    const where = first ? issuePath(first.path) : '';
    return {
      ok: false,
      error: `not a valid Skipwire document: ${where ? `${where}: ` : ''}${first?.message ?? 'invalid'}`,
    };
  }
  return { ok: true, doc: r.data as SkipwireDoc };
}

/** Parses the text of a `.skipwire.json` file. */
export function parseDocument(text: string, migrations = MIGRATIONS): ParseResult {
  if (text.length > MAX_DOCUMENT_BYTES)
    return {
      ok: false,
      error: `file too large (${(text.length / 1048576).toFixed(1)} MB; the limit is ${MAX_DOCUMENT_BYTES / 1048576} MB)`,
    };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `not valid JSON (${msg.split('\n')[0]}); the file may be truncated` };
  }
  return parseDocumentValue(value, migrations);
}

/** Serializes a document for saving: stable key order, two-space indent. */
export function serializeDocument(doc: SkipwireDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/**
 * Forward migrations of the document format. `MIGRATIONS[n]` turns a version-n document into a
 * version n+1 one. A file from a newer Skipwire is refused with a message that says so.
 */
import { FORMAT_VERSION } from './document';
import { StoredTrainingSchema } from './training';

export type Json = Record<string, unknown>;
export type Migration = (doc: Json) => Json;

const isRecord = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Keras loss names version 1 files may hold (the Python export read them) → the settings' loss ids. */
const V1_LOSSES: Readonly<Record<string, string>> = {
  categorical_crossentropy: 'categoricalCrossentropy',
  binary_crossentropy: 'binaryCrossentropy',
  mean_squared_error: 'meanSquaredError',
  mse: 'meanSquaredError',
  mean_absolute_error: 'meanAbsoluteError',
  mae: 'meanAbsoluteError',
};

/**
 * Version 1 → 2: `metadata.training` becomes typed (src/compile/training.ts). Version 1 kept it
 * free-form: optimizer names in any case and Keras loss names are converted; a setting that is
 * still invalid moves, as written, to `metadata.legacyTraining` (nothing is lost, and the trainer
 * and the exports, which took its default before, still do).
 */
function typedTraining(doc: Json): Json {
  const metadata = isRecord(doc.metadata) ? doc.metadata : {};
  const training = metadata.training;
  if (training === undefined) return doc;
  if (!isRecord(training)) return { ...doc, metadata: { ...metadata, training: {}, legacyTraining: { training } } };
  const t: Json = { ...training };
  if (typeof t.optimizer === 'string') t.optimizer = t.optimizer.toLowerCase();
  if (typeof t.loss === 'string' && Object.hasOwn(V1_LOSSES, t.loss)) t.loss = V1_LOSSES[t.loss];
  const legacy: Json = {};
  for (const [key, field] of Object.entries(StoredTrainingSchema.shape))
    if (t[key] !== undefined && !field.safeParse(t[key]).success) {
      legacy[key] = training[key];
      delete t[key];
    }
  return {
    ...doc,
    metadata: { ...metadata, training: t, ...(Object.keys(legacy).length ? { legacyTraining: legacy } : {}) },
  };
}

/** `MIGRATIONS[n]` turns a version-n document into a version n+1 one. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = { 1: typedTraining };

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

/**
 * Models with identities: each model has its own autosave slot (`skipwire:model:<id>`) holding a
 * snapshot with a revision number. A save only lands when the slot is not ahead of the revision
 * the tab started from (checked and written in one transaction), so a stale tab can never
 * overwrite another tab's work. The list of recent models is read from the slots themselves.
 */
import type { SkipwireDoc } from '../../compile';
import { parseDocumentValue } from '../../compile';
import type { SavedUi } from '../store/types';
import { newModelId } from './ids';
import { describeStorageError, type StorageBackend } from './storage';

/** The single slot of the versions before models had ids; migrated on load. */
export const LEGACY_KEY = 'skipwire:autosave';
const PREFIX = 'skipwire:model:';
export const slotKey = (id: string) => `${PREFIX}${id}`;

/** What autosave writes: the document, the UI state that a reload restores, when, and which revision. */
export interface Snapshot {
  readonly doc: SkipwireDoc;
  readonly ui: SavedUi;
  readonly savedAt: number;
  /** Counts the saves of this slot; a tab writes `rev + 1` over the `rev` it started from. */
  readonly rev: number;
}

/** A row of "Open recent…": computed from the slot, never stored apart from it. */
export interface ModelEntry {
  readonly id: string;
  readonly name: string;
  readonly layers: number;
  readonly bytes: number;
  readonly savedAt: number;
}

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Checks a stored value; the document goes through the same parser as files. */
export function readSnapshot(value: unknown): Snapshot | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Partial<Snapshot>;
  const parsed = parseDocumentValue(v.doc);
  if (!parsed.ok) return undefined;
  const ui = (v.ui ?? {}) as Partial<SavedUi>;
  const viewports: Record<string, { x: number; y: number; zoom: number }> = {};
  for (const [k, vp] of Object.entries(ui.viewports ?? {}))
    if ([vp?.x, vp?.y, vp?.zoom].every((n) => typeof n === 'number' && Number.isFinite(n))) viewports[k] = vp;
  return {
    doc: parsed.doc,
    ui: { selection: strings(ui.selection), scopePath: strings(ui.scopePath), viewports },
    savedAt: typeof v.savedAt === 'number' ? v.savedAt : 0,
    rev: typeof v.rev === 'number' && Number.isInteger(v.rev) ? v.rev : 0,
  };
}

const newer = (a: Snapshot, b: Snapshot | undefined) =>
  !b || a.rev > b.rev || (a.rev === b.rev && a.savedAt > b.savedAt);
const reason = (b: StorageBackend, e: unknown) => `${b.name}: ${describeStorageError(e)}`;

/** Reads `key` from every backend: the newest valid snapshot, and what could not be read. */
async function readNewest(backends: readonly StorageBackend[], key: string) {
  let best: Snapshot | undefined;
  const problems: string[] = [];
  for (const b of backends) {
    try {
      const s = readSnapshot(await b.get(key));
      if (s && newer(s, best)) best = s;
    } catch (e) {
      problems.push(reason(b, e));
    }
  }
  return { snapshot: best, problems };
}

/** The model saved as `id`, or undefined; `problems` names the storages that could not be read. */
export function loadModel(backends: readonly StorageBackend[], id: string) {
  return readNewest(backends, slotKey(id));
}

export type SaveResult =
  | { readonly ok: true; readonly rev: number; readonly backend: string }
  | { readonly ok: false; readonly theirs: Snapshot };

/**
 * Writes `snapshot` as revision `baseRev + 1` of model `id` to the first backend that accepts,
 * unless that slot already holds a later revision (another tab saved): then nothing is written
 * and the other tab's snapshot comes back. Throws one readable line when no backend accepts;
 * a refused write changes nothing stored.
 */
export async function saveModel(
  backends: readonly StorageBackend[],
  id: string,
  snapshot: Omit<Snapshot, 'rev'>,
  baseRev: number,
): Promise<SaveResult> {
  const reasons: string[] = [];
  for (const b of backends) {
    try {
      let theirs: Snapshot | undefined;
      await b.update(slotKey(id), (old) => {
        const stored = readSnapshot(old);
        if (stored && stored.rev > baseRev) {
          theirs = stored;
          return undefined;
        }
        return { ...snapshot, rev: baseRev + 1 };
      });
      return theirs ? { ok: false, theirs } : { ok: true, rev: baseRev + 1, backend: b.name };
    } catch (e) {
      reasons.push(reason(b, e));
    }
  }
  throw new Error(reasons.join('; ') || 'no storage available');
}

/**
 * Writes synchronously to the first backend that can (the page is going away, so no check
 * against other tabs is possible: the revision still orders it). Never throws; returns where it
 * wrote, or the reasons it could not.
 */
export function saveModelSync(
  backends: readonly StorageBackend[],
  id: string,
  snapshot: Omit<Snapshot, 'rev'>,
  baseRev: number,
): { saved?: string; reasons: string[] } {
  const reasons: string[] = [];
  for (const b of backends) {
    if (!b.setSync) continue;
    try {
      b.setSync(slotKey(id), { ...snapshot, rev: baseRev + 1 });
      return { saved: b.name, reasons };
    } catch (e) {
      reasons.push(reason(b, e));
    }
  }
  return { reasons };
}

/** Every saved model, most recently edited first, and the storages that could not be read. */
export async function listModels(backends: readonly StorageBackend[]) {
  const best = new Map<string, Snapshot>();
  const problems: string[] = [];
  for (const b of backends) {
    try {
      for (const key of await b.keys()) {
        if (!key.startsWith(PREFIX)) continue;
        const id = key.slice(PREFIX.length);
        const s = readSnapshot(await b.get(key));
        if (s && newer(s, best.get(id))) best.set(id, s);
      }
    } catch (e) {
      problems.push(reason(b, e));
    }
  }
  const models: ModelEntry[] = [...best].map(([id, s]) => ({
    id,
    name: s.doc.name,
    layers: s.doc.nodes.length,
    bytes: JSON.stringify(s.doc).length,
    savedAt: s.savedAt,
  }));
  return { models: models.sort((a, b) => b.savedAt - a.savedAt), problems };
}

/** Removes model `id` from every backend; throws one readable line if some could not. */
export async function deleteModel(backends: readonly StorageBackend[], id: string): Promise<void> {
  const reasons: string[] = [];
  for (const b of backends) {
    try {
      await b.del(slotKey(id));
    } catch (e) {
      reasons.push(reason(b, e));
    }
  }
  if (reasons.length) throw new Error(reasons.join('; '));
}

/**
 * Moves the autosave of the versions before models had ids into a model of its own. The old
 * slot is removed only once the new one is written, so nobody's work is lost on the way; if the
 * write fails, the old slot stays and the next load tries again.
 */
export async function migrateLegacy(
  backends: readonly StorageBackend[],
): Promise<{ id?: string; snapshot?: Snapshot; problems: string[] }> {
  const { snapshot, problems } = await readNewest(backends, LEGACY_KEY);
  if (!snapshot) return { problems };
  const id = newModelId();
  try {
    await saveModel(backends, id, snapshot, 0);
  } catch (e) {
    return { snapshot, problems: [...problems, `the earlier autosave could not be moved (${String(e)})`] };
  }
  for (const b of backends) {
    try {
      await b.del(LEGACY_KEY);
    } catch (e) {
      problems.push(reason(b, e));
    }
  }
  return { id, snapshot: { ...snapshot, rev: 1 }, problems };
}

/**
 * Where autosave goes: IndexedDB (idb-keyval), falling back to localStorage when IndexedDB is
 * unavailable or fails. A backend is two async functions, so tests can pass failing ones.
 */
import { get, set } from 'idb-keyval';
import type { SkipwireDoc } from '../../compile/document';
import { parseDocumentValue } from '../../compile/parse';
import type { SavedUi } from '../store/types';

export const AUTOSAVE_KEY = 'skipwire:autosave';

/** What autosave writes: the document, the UI state that a reload restores, and when. */
export interface Snapshot {
  readonly doc: SkipwireDoc;
  readonly ui: SavedUi;
  readonly savedAt: number;
}

export interface StorageBackend {
  readonly name: string;
  load(): Promise<unknown>;
  save(snapshot: Snapshot): Promise<void>;
  /** A synchronous write, for a page that is going away (an asynchronous one may never land). */
  saveSync?(snapshot: Snapshot): void;
}

export const idbBackend: StorageBackend = {
  name: 'IndexedDB',
  load: () => get(AUTOSAVE_KEY),
  save: (s) => set(AUTOSAVE_KEY, s),
};

export const localStorageBackend: StorageBackend = {
  name: 'localStorage',
  async load() {
    const text = globalThis.localStorage?.getItem(AUTOSAVE_KEY);
    return text ? JSON.parse(text) : undefined;
  },
  async save(s) {
    writeLocalStorage(s);
  },
  saveSync: writeLocalStorage,
};

function writeLocalStorage(s: Snapshot): void {
  if (!globalThis.localStorage) throw new Error('localStorage is not available');
  globalThis.localStorage.setItem(AUTOSAVE_KEY, JSON.stringify(s));
}

export const DEFAULT_BACKENDS: readonly StorageBackend[] = [idbBackend, localStorageBackend];

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
  };
}

/** The newest valid snapshot among the backends, or undefined (first visit). Never throws. */
export async function loadSnapshot(backends: readonly StorageBackend[]): Promise<Snapshot | undefined> {
  let best: Snapshot | undefined;
  for (const b of backends) {
    try {
      const s = readSnapshot(await b.load());
      if (s && (!best || s.savedAt > best.savedAt)) best = s;
    } catch {
      // An unreadable backend is skipped; the others may still hold the work.
    }
  }
  return best;
}

/** Saves to the first backend that accepts; throws a readable message when none does. */
export async function saveSnapshot(backends: readonly StorageBackend[], snapshot: Snapshot): Promise<string> {
  const reasons: string[] = [];
  for (const b of backends) {
    try {
      await b.save(snapshot);
      return b.name;
    } catch (e) {
      reasons.push(`${b.name}: ${describeStorageError(e)}`);
    }
  }
  throw new Error(reasons.join('; ') || 'no storage available');
}

/**
 * Writes synchronously to the first backend that can and accepts; returns its name, or undefined.
 * Never throws: it runs while the page is being hidden or unloaded.
 */
export function saveSnapshotSync(backends: readonly StorageBackend[], snapshot: Snapshot): string | undefined {
  for (const b of backends) {
    if (!b.saveSync) continue;
    try {
      b.saveSync(snapshot);
      return b.name;
    } catch {
      // Full or denied: the asynchronous save reports it.
    }
  }
  return undefined;
}

function describeStorageError(e: unknown): string {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'QuotaExceededError') return 'storage is full';
  if (name === 'SecurityError' || name === 'InvalidStateError') return 'storage is denied';
  return e instanceof Error ? e.message : String(e);
}

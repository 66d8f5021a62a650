/**
 * Where autosave goes: IndexedDB (idb-keyval), falling back to localStorage when IndexedDB is
 * unavailable or fails. A backend is a small key-value interface, so tests can pass memory or
 * failing ones (`memoryBackend` in persist.testkit.ts).
 */
import { del, get, keys, update } from 'idb-keyval';

export interface StorageBackend {
  readonly name: string;
  get(key: string): Promise<unknown>;
  /**
   * Reads `key` and writes what `f` returns in one step (one IndexedDB transaction, so two tabs
   * cannot interleave); `f` returns `undefined` to leave the stored value as it is.
   */
  update(key: string, f: (old: unknown) => unknown): Promise<void>;
  del(key: string): Promise<void>;
  keys(): Promise<string[]>;
  /** A synchronous write, for a page that is going away (an asynchronous one may never land). */
  setSync?(key: string, value: unknown): void;
}

export const idbBackend: StorageBackend = {
  name: 'IndexedDB',
  get: (key) => get(key),
  update: (key, f) =>
    update(key, (old: unknown) => {
      const next = f(old);
      return next === undefined ? old : next;
    }),
  del: (key) => del(key),
  keys: async () => (await keys()).filter((k): k is string => typeof k === 'string'),
};

function local(): Storage {
  const ls = globalThis.localStorage;
  if (!ls) throw new Error('localStorage is not available');
  return ls;
}

function setLocal(key: string, value: unknown): void {
  local().setItem(key, JSON.stringify(value));
}

export const localStorageBackend: StorageBackend = {
  name: 'localStorage',
  async get(key) {
    const text = local().getItem(key);
    return text ? JSON.parse(text) : undefined;
  },
  async update(key, f) {
    // localStorage is synchronous: nothing can run between this read and this write.
    const text = local().getItem(key);
    const next = f(text ? JSON.parse(text) : undefined);
    if (next !== undefined) setLocal(key, next);
  },
  async del(key) {
    local().removeItem(key);
  },
  async keys() {
    const ls = local();
    return Array.from({ length: ls.length }, (_, i) => ls.key(i)).filter((k): k is string => k !== null);
  },
  setSync: setLocal,
};

export const DEFAULT_BACKENDS: readonly StorageBackend[] = [idbBackend, localStorageBackend];

/** A storage failure in words: "storage is full", "storage is denied", or the browser's message. */
export function describeStorageError(e: unknown): string {
  const name = e instanceof Error || e instanceof DOMException ? e.name : '';
  if (name === 'QuotaExceededError') return 'storage is full';
  if (name === 'SecurityError' || name === 'InvalidStateError') return 'storage is denied';
  return e instanceof Error ? e.message : String(e);
}

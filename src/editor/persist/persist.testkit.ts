/** Storage backends for tests: in memory (optionally synchronous), failing, or never answering. */
import type { StorageBackend } from './storage';

export type MemoryBackend = StorageBackend & { readonly data: Map<string, unknown>; writes: number };

export function memoryBackend(name = 'memory', sync = false): MemoryBackend {
  const data = new Map<string, unknown>();
  const b: MemoryBackend = {
    name,
    data,
    writes: 0,
    get: async (key) => structuredClone(data.get(key)),
    async update(key, f) {
      const next = f(structuredClone(data.get(key)));
      if (next !== undefined) {
        b.writes++;
        data.set(key, structuredClone(next));
      }
    },
    del: async (key) => void data.delete(key),
    keys: async () => [...data.keys()],
    ...(sync
      ? {
          setSync(key: string, value: unknown) {
            b.writes++;
            data.set(key, structuredClone(value));
          },
        }
      : {}),
  };
  return b;
}

/** A backend whose writes throw a DOMException named `errorName` (QuotaExceededError, SecurityError…). */
export function failingBackend(name: string, errorName: string): StorageBackend {
  const fail = () => {
    throw new DOMException('refused', errorName);
  };
  return {
    name,
    get: async () => undefined,
    update: async () => fail(),
    del: async () => {},
    keys: async () => [],
    setSync: fail,
  };
}

/** An asynchronous backend whose writes never land (a page unloaded mid-write). */
export const neverBackend: StorageBackend = {
  name: 'IndexedDB',
  get: async () => undefined,
  update: () => new Promise(() => {}),
  del: async () => {},
  keys: async () => [],
};

/**
 * The editor store is written only through its actions: no module outside the store calls
 * `setState` on it (or on its undo history), so every write has a name, a place and a test.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return /\.tsx?$/.test(f) && !/\.test\.tsx?$|\.testkit\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('editor store writes', () => {
  it('go through actions only: no setState outside src/editor/store/createStore.ts', () => {
    // A module that makes a small store of its own (zustand's createStore: the live layer
    // statistics of a run) writes it inside the actions it defines with it; the editor store's
    // writes stay in createStore.ts.
    const ownStore = (p: string) => /\bcreateStore<\w+>\(\)\(/.test(readFileSync(p, 'utf8'));
    const offenders = sources('src/editor')
      .filter((p) => !p.endsWith(join('store', 'createStore.ts')) && !ownStore(p))
      .filter((p) =>
        /\b(store|temporal|getState\(\))\s*\.\s*setState\s*\(|\.temporal\.getState\(\)\.(clear|undo|redo)\(/.test(
          readFileSync(p, 'utf8'),
        ),
      );
    expect(offenders).toEqual([]);
  });

  it('has no empty catch in the editor: every error is handled with a message or rethrown', () => {
    const offenders = sources('src/editor').filter((p) =>
      /catch\s*(\(\s*\w*\s*\))?\s*\{\s*(\/\/[^\n]*\n\s*)*\}/.test(readFileSync(p, 'utf8')),
    );
    expect(offenders).toEqual([]);
  });
});

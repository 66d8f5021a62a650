/**
 * src/train stays below the editor: no React, no editor import, no static tfjs import outside
 * type positions (tfjs is passed in, or imported dynamically by the worker and the CLI).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.ts$/.test(e.name) && !/\.test\.ts$/.test(e.name) ? [p] : [];
  });
}

/** Static run-time import specifiers (type-only imports are erased; dynamic ones load lazily). */
function staticImports(text: string): string[] {
  return [...text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm)]
    .filter((m) => !m[2])
    .map((m) => m[3] as string);
}

describe('src/train imports', () => {
  const files = sources('src/train');

  it('finds its files', () => {
    expect(files.length).toBeGreaterThan(15);
  });

  it.each(files)('%s imports no React, no editor, no tfjs at load time', (f) => {
    const imports = staticImports(readFileSync(f, 'utf8'));
    expect(imports.filter((i) => /^(react|react-dom|@xyflow\/react|zustand|zundo)(\/|$)/.test(i))).toEqual([]);
    expect(imports.filter((i) => /(^|\/)editor(\/|$)/.test(i))).toEqual([]);
    expect(imports.filter((i) => i === '@tensorflow/tfjs' || i === '@tensorflow/tfjs-backend-wasm')).toEqual([]);
  });

  it('the checker sees a violation', () => {
    expect(staticImports("import * as tf from '@tensorflow/tfjs';\nimport type { X } from 'react';")).toEqual([
      '@tensorflow/tfjs',
    ]);
  });
});

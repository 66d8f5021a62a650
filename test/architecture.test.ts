/**
 * House rules that keep the core portable: src/nodes and src/compile never import React or touch
 * the DOM, and src/nodes never imports tfjs at run time (type-only imports are erased), so the
 * editor can show shapes and counts before tfjs loads. Imports flow one way:
 * editor / cli → train → formats → compile → nodes. The arrow check reads type-only imports too:
 * a type import across a forbidden arrow still ties the rooms together.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) && !e.name.includes('.testkit.') ? [p] : [];
  });
}

/** Run-time import specifiers of a file (type-only imports excluded). */
function runtimeImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]/gm))
    if (!m[2]) out.push(m[3] as string);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1] as string);
  return out;
}

/** Every import specifier of a file, type-only ones included. */
function allImports(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+[^'"]*?from\s+['"]([^'"]+)['"]/gm)) out.push(m[2] as string);
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1] as string);
  for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) out.push(m[1] as string);
  return out;
}

/** The room (src/<room>) a relative import from `file` lands in, or undefined outside src. */
function roomOf(file: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const rel = relative(resolve('src'), resolve(dirname(file), spec));
  if (rel.startsWith('..')) return undefined;
  return rel.split(/[\\/]/)[0];
}

/** Which rooms each room may import from (itself always). */
const ARROWS: Record<string, string[]> = {
  nodes: [],
  compile: ['nodes'],
  formats: ['compile', 'nodes'],
  train: ['formats', 'compile', 'nodes'],
  editor: ['train', 'formats', 'compile', 'nodes'],
  cli: ['train', 'formats', 'compile', 'nodes'],
};

/** True when `spec` is only imported with a dynamic `import()` in `text`. */
function isDynamic(text: string, spec: string): boolean {
  const esc = spec.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return new RegExp(`import\\(\\s*['"]${esc}['"]`).test(text) && !new RegExp(`from\\s+['"]${esc}['"]`).test(text);
}

const UI = /^(react|react-dom|@xyflow\/react|zustand|zundo)(\/|$)/;
const DOM = /(^|[^.\w])(document|window|localStorage|navigator)\.\w/;

describe('architecture', () => {
  it('finds the files it guards', () => {
    expect(sources('src/nodes').length).toBeGreaterThan(40);
    expect(sources('src/compile').length).toBeGreaterThan(5);
  });

  it.each(['src/nodes', 'src/compile', 'src/formats'])('%s imports no React and touches no DOM', (dir) => {
    for (const f of sources(dir)) {
      const text = readFileSync(f, 'utf8');
      expect(
        runtimeImports(text).filter((i) => UI.test(i)),
        f,
      ).toEqual([]);
      expect(text.match(DOM)?.[0], f).toBeUndefined();
    }
  });

  it('src/nodes has no run-time tfjs import', () => {
    for (const f of sources('src/nodes'))
      expect(
        runtimeImports(readFileSync(f, 'utf8')).filter((i) => i.startsWith('@tensorflow/')),
        f,
      ).toEqual([]);
  });

  it.each(Object.keys(ARROWS))('src/%s imports only the rooms below it (type imports too)', (room) => {
    const files = sources(`src/${room}`);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const bad = allImports(readFileSync(f, 'utf8')).filter((spec) => {
        const target = roomOf(f, spec);
        return target !== undefined && target !== room && !ARROWS[room]?.includes(target);
      });
      expect(bad, f).toEqual([]);
    }
  });

  it('other rooms import src/compile through its index.ts only, never a file inside it', () => {
    for (const room of Object.keys(ARROWS).filter((r) => r !== 'compile' && r !== 'nodes'))
      for (const f of sources(`src/${room}`)) {
        const deep = allImports(readFileSync(f, 'utf8')).filter((spec) => {
          if (roomOf(f, spec) !== 'compile') return false;
          return relative(resolve('src/compile'), resolve(dirname(f), spec)) !== '';
        });
        expect(deep, f).toEqual([]);
      }
  });

  it('imports flow one way: nodes → nothing of ours, compile → nodes', () => {
    for (const f of sources('src/nodes'))
      expect(
        runtimeImports(readFileSync(f, 'utf8')).filter((i) => /\.\.\/(\.\.\/)?(compile|train|editor|cli)\b/.test(i)),
        f,
      ).toEqual([]);
    for (const f of sources('src/compile'))
      expect(
        runtimeImports(readFileSync(f, 'utf8')).filter((i) => /\.\.\/(train|editor|cli)\b/.test(i)),
        f,
      ).toEqual([]);
  });

  it('src/train has no React, no editor import and no static tfjs import (tfjs is passed in or loaded lazily)', () => {
    const files = sources('src/train');
    expect(files.length).toBeGreaterThan(15);
    for (const f of files) {
      const imports = runtimeImports(readFileSync(f, 'utf8')).filter((i) => !isDynamic(readFileSync(f, 'utf8'), i));
      expect(
        imports.filter((i) => UI.test(i)),
        f,
      ).toEqual([]);
      expect(
        imports.filter((i) => /(^|\/)editor(\/|$)/.test(i)),
        f,
      ).toEqual([]);
      expect(
        imports.filter((i) => /^@tensorflow\/tfjs(-backend-wasm)?$/.test(i)),
        f,
      ).toEqual([]);
    }
  });

  it('the checker itself catches a violation', () => {
    expect(runtimeImports("import * as tf from '@tensorflow/tfjs';")).toEqual(['@tensorflow/tfjs']);
    expect(runtimeImports("import type * as tf from '@tensorflow/tfjs';")).toEqual([]);
    expect(runtimeImports("import { useState } from 'react';").filter((i) => UI.test(i))).toEqual(['react']);
    expect('const w = window.innerWidth;').toMatch(DOM);
    expect(allImports("import type { Run } from '../train/events';")).toEqual(['../train/events']);
    expect(roomOf('src/formats/python.ts', '../train/events')).toBe('train');
    expect(roomOf('src/formats/python.ts', './pyTraining')).toBe('formats');
  });
});

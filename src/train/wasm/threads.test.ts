/**
 * threads.ts in Node: the factory expression cut from the glue tfjs 4.22 ships evaluates to its
 * factory (what the pthread workers run), and threads are offered only where the context is
 * cross-origin isolated. That the threads really start is tested in Chromium (test/e2e/threads.test.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { canRunWasmThreads, defaultWasmThreads, factoryExpression, MAX_WASM_THREADS } from './threads';

const glue = readFileSync(
  createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js'),
  'utf8',
);

describe('factoryExpression', () => {
  it('cuts the factory out of the shipped glue, as a worker script tfjs can prefix', () => {
    const expression = factoryExpression(glue);
    expect(expression.startsWith('(() => {')).toBe(true);
    // What a pthread worker evaluates: tfjs's prefix and this text define the factory.
    const factory = new Function(
      `var WasmBackendModuleThreadedSimd = ${expression}; return WasmBackendModuleThreadedSimd;`,
    )();
    expect(typeof factory).toBe('function');
    expect(factory.length).toBe(1);
  });

  it('refuses a file not shaped like the 4.22 glue', () => {
    expect(() => factoryExpression('module.exports = function(){}')).toThrow(/not shaped/);
    expect(() => factoryExpression('var WasmBackendModuleThreadedSimd = function(){};\nif (typeof exports')).toThrow(
      /does not start/,
    );
  });
});

describe('when threads are offered', () => {
  it('only where the context is cross-origin isolated', () => {
    expect(canRunWasmThreads({ crossOriginIsolated: true })).toBe(true);
    expect(canRunWasmThreads({ crossOriginIsolated: false })).toBe(false);
    expect(canRunWasmThreads({})).toBe(false);
  });

  it('one thread per core, at least 2, at most the pool tfjs creates', () => {
    expect(defaultWasmThreads(1)).toBe(2);
    expect(defaultWasmThreads(2)).toBe(2);
    expect(defaultWasmThreads(6)).toBe(6);
    expect(defaultWasmThreads(64)).toBe(MAX_WASM_THREADS);
  });
});

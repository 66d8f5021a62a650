/**
 * Documents written at format version 1 still open: every example as version 1 wrote it
 * (test/fixtures/v1, copies of public/examples before version 2) migrates to the current version
 * and keeps everything it held; version 1's free-form training settings become typed, and what
 * cannot be typed is kept aside, not lost.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FORMAT_VERSION } from '../src/compile/document';
import { EXAMPLES } from '../src/compile/examples';
import { parseDocument, parseDocumentValue } from '../src/compile/parse';
import { exportPython } from '../src/formats/python';

const V1 = readdirSync('test/fixtures/v1').filter((f) => f.endsWith('.skipwire.json'));

describe('format version 1', () => {
  it('has a fixture for every example', () => {
    expect(V1.map((f) => f.replace('.skipwire.json', '')).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });

  it.each(V1)('%s opens, migrated to the current version, with everything it held', (file) => {
    const text = readFileSync(`test/fixtures/v1/${file}`, 'utf8');
    expect(JSON.parse(text).version).toBe(1);
    const r = parseDocument(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.version).toBe(FORMAT_VERSION);
    expect(r.doc).toEqual({ ...JSON.parse(text), version: FORMAT_VERSION });
  });

  it('types free-form training settings and keeps what it cannot type', () => {
    const example = JSON.parse(readFileSync('test/fixtures/v1/spirals.skipwire.json', 'utf8'));
    const training = { optimizer: 'RMSprop', loss: 'mse', learningRate: -3, metrics: ['acc'], epochs: 5 };
    const r = parseDocumentValue({ ...example, metadata: { training } });
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.metadata).toEqual({
      training: { optimizer: 'rmsprop', loss: 'meanSquaredError', metrics: ['acc'], epochs: 5 },
      legacyTraining: { learningRate: -3 },
    });
    const py = exportPython(r.doc);
    expect(py).toContain('keras.optimizers.RMSprop(learning_rate=0.01)');
    expect(py).toContain('loss="mean_squared_error"');
  });

  it('refuses invalid training settings in a current document, naming the setting', () => {
    const doc = { ...(EXAMPLES.spirals as () => object)(), metadata: { training: { learningRate: -3 } } };
    const r = parseDocumentValue(doc);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/^not a valid Skipwire document: metadata\.training\.learningRate: /);
  });
});

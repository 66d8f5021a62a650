/**
 * Nested models in the Python export (pyNested.ts): written as models (`def build_<model>()`
 * returning a `keras.Sequential` or `keras.Model`), called where they are used, and read back by
 * the Python import as the same nested blocks. Oracles: tfjs' own parameter counts of the original
 * model, and the Keras JSON export of the document before and after the Python round trip (the
 * same nesting, classes and calls at every level).
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, type SkipwireDoc } from '../compile';
import { exportModel } from './exportModel';
import { importModelText } from './importModel';
import { exportPython } from './python';
import { importPythonText } from './pythonIn';
import { nestedSiamese } from './tfjsFixtures.testkit';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const imported = (text: string): SkipwireDoc => {
  const r = importModelText(text);
  if (!r.ok) throw new Error(r.error);
  return r.doc;
};

/** The Python script of a document, imported again. */
function throughPython(doc: SkipwireDoc): { py: string; doc: SkipwireDoc } {
  const py = exportPython(doc);
  const r = importPythonText(py);
  if (!r.ok) throw new Error(`${r.error}\n${py}`);
  return { py, doc: r.doc };
}

/** Each nested model's class (tfjs' `Model` is Keras 3's `Functional`) and name, by block id. */
const origins = (doc: SkipwireDoc) =>
  Object.fromEntries(
    doc.blocks.map((b) => [
      b.id,
      b.nested && [b.nested.className === 'Model' ? 'Functional' : b.nested.className, b.nested.name],
    ]),
  );

type Layer = { class_name: string; config: { name?: string; layers?: Layer[] }; inbound_nodes?: unknown[] };
/** Every level of a Keras JSON topology: class, name, each layer's class and number of calls. */
function levels(l: Layer): unknown[] {
  const layers = l.config.layers ?? [];
  return [
    l.class_name === 'Model' ? 'Functional' : l.class_name,
    l.config.name,
    layers.map((x) => `${x.class_name === 'Model' ? 'Functional' : x.class_name} ${x.inbound_nodes?.length ?? '-'}`),
    ...layers.filter((x) => Array.isArray(x.config.layers)).map(levels),
  ];
}

async function kerasTopology(doc: SkipwireDoc): Promise<Layer> {
  const r = await exportModel(tf, doc, 'keras-json');
  if (!r.ok) throw new Error(r.error);
  return JSON.parse((r.files[0] as { data: string }).data) as Layer;
}

async function siameseDoc(): Promise<SkipwireDoc> {
  const m = nestedSiamese(tf);
  let topology: unknown;
  await m.save(
    tf.io.withSaveHandler(async (a) => {
      topology = a.modelTopology;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  m.dispose();
  return imported(JSON.stringify({ format: 'layers-model', modelTopology: topology, weightsManifest: [] }));
}

describe('the Python export writes nested models as models', () => {
  it('a Sequential called twice (its weights shared) with a Functional inside it', async () => {
    const doc = await siameseDoc();
    const { py, doc: back } = throughPython(doc);
    expect(py).toContain('def build_base(name="base"):\n');
    expect(py).toContain('def build_head(name="head"):\n');
    // The Sequential is written as one, the Functional inside it made in its layer list.
    const base = py.slice(py.indexOf('def build_base'), py.indexOf('def build_model'));
    expect(base).toContain('return keras.Sequential(');
    expect(base).toContain('build_head(),');
    // One model object, called on both inputs.
    expect(py.match(/= build_base\(\)/g)).toHaveLength(1);
    expect(py).toMatch(/base = base_model\(a\)\n\s+\w+ = base_model\(b\)/);

    expect(origins(back)).toEqual(origins(doc));
    const instances = back.nodes.filter((n) => n.block === 'base');
    expect(instances).toHaveLength(2);
    expect(instances[1]?.shares).toBe(instances[0]?.id);
    expect(analyze(back).totals).toEqual(analyze(doc).totals);
    expect(levels(await kerasTopology(back))).toEqual(levels(await kerasTopology(doc)));
  });

  it('Teachable Machine (Sequential ⊃ Sequential ⊃ Functional MobileNetV2) comes back nested the same way', async () => {
    const doc = imported(readFileSync('test/fixtures/real/teachable-machine-image.model.json', 'utf8'));
    const { py, doc: back } = throughPython(doc);
    const top = py.slice(py.indexOf('def build_model():'));
    expect(top).toMatch(/^def build_model\(\):\n.*\n {4}return keras\.Sequential\(/);
    expect(top).toContain('build_sequential_89(),');
    expect(py).toContain('def build_model23(name="model23"):');
    expect(py.slice(py.indexOf('def build_model23'), py.indexOf('def build_sequential_89'))).toContain(
      'return keras.Model(',
    );

    expect(origins(back)).toEqual(origins(doc));
    expect(back.metadata.kerasClass).toBe('Sequential');
    const a = analyze(back);
    expect(a.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(a.totals).toEqual(analyze(doc).totals);
    expect(a.layers.map((l) => [l.def.type, l.trainable])).toEqual(
      analyze(doc).layers.map((l) => [l.def.type, l.trainable]),
    );
    expect(levels(await kerasTopology(back))).toEqual(levels(await kerasTopology(doc)));
  });

  it('a second, unshared instance of one nested model is a second model object with its own name', async () => {
    const doc = await siameseDoc();
    const unshared: SkipwireDoc = {
      ...doc,
      nodes: doc.nodes.map((n) => {
        if (n.shares === undefined) return n;
        const { shares: _, ...rest } = n;
        return rest;
      }),
    };
    const { py, doc: back } = throughPython(unshared);
    const second = unshared.nodes.filter((n) => n.block === 'base')[1]?.name as string;
    expect(py).toContain(`= build_base(name="${second}")`);
    expect(back.nodes.filter((n) => n.type === 'block' && n.shares !== undefined)).toEqual([]);
    expect(analyze(back).totals).toEqual(analyze(unshared).totals);
    expect(analyze(unshared).totals.trainable).toBeGreaterThan(analyze(doc).totals.trainable);
  });
});

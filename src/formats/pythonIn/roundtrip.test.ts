/**
 * The Python export's own scripts come back as the same graph. Compared, by node name (ids and
 * positions differ and are not compared): the model name; every node's type, resolved params,
 * trainable flag, block and shared layer; every wire (source name and port → target name and
 * port); every block definition's id, name, inputs, outputs, nodes and wires, the same way; the
 * description. Not compared: layout, ids, and the training settings beyond optimizer, learning
 * rate and loss (the script carries no data set or epochs).
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Graph, parseDocumentValue, type SkipwireDoc } from '../../compile';
import { getLayer, resolveParams } from '../../nodes';
import { importModelText } from '../importModel';
import { exportPython } from '../python';
import { saveFiles, TFJS_FIXTURES } from '../tfjsFixtures.testkit';
import { importPythonText } from '.';

function canonicalGraph(g: Graph) {
  const name = new Map(g.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: g.nodes
      .map((n) => {
        const def = getLayer(n.type);
        return {
          name: n.name,
          type: n.type,
          params: def ? resolveParams(def.params, n.params).values : n.params,
          trainable: n.trainable !== false,
          block: n.block ?? null,
          shares: n.shares === undefined ? null : name.get(n.shares),
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name)),
    edges: g.edges
      .map((e) => `${name.get(e.source)}:${e.sourcePort ?? 0}->${name.get(e.target)}:${e.targetPort}`)
      .sort(),
  };
}

function canonical(doc: SkipwireDoc) {
  return {
    name: doc.name,
    description: doc.metadata.description,
    graph: canonicalGraph(doc),
    blocks: doc.blocks
      .map((b) => {
        const name = new Map(b.nodes.map((n) => [n.id, n.name]));
        return {
          id: b.id,
          name: b.name,
          inputs: b.inputs.map((i) => name.get(i)),
          outputs: b.outputs.map((o) => name.get(o)),
          exposed: b.exposed,
          ...canonicalGraph(b),
        };
      })
      .sort((a, b) => a.id.localeCompare(b.id)),
  };
}

const EXAMPLES = readdirSync('public/examples').filter((f) => f.endsWith('.skipwire.json'));

describe('Python export → Python import', () => {
  it.each(EXAMPLES)('%s comes back as the same document', (file) => {
    const r = parseDocumentValue(JSON.parse(readFileSync(`public/examples/${file}`, 'utf8')));
    if (!r.ok) throw new Error(r.error);
    const back = importPythonText(exportPython(r.doc));
    if (!back.ok) throw new Error(back.error);
    expect(canonical(back.doc)).toEqual(canonical(r.doc));
    const training = r.doc.metadata.training as Record<string, unknown> | undefined;
    if (training)
      expect(back.doc.metadata.training).toMatchObject({
        optimizer: training.optimizer ?? 'adam',
        ...(training.loss ? { loss: training.loss } : {}),
      });
  });

  it.each(EXAMPLES)('%s with the multi-worker training section comes back the same', (file) => {
    const r = parseDocumentValue(JSON.parse(readFileSync(`public/examples/${file}`, 'utf8')));
    if (!r.ok) throw new Error(r.error);
    // `train_distributed()` builds the model inside `with strategy.scope():`, which is not read:
    // the script's builder without arguments, `build_model()`, is.
    const back = importPythonText(exportPython(r.doc, { distributed: true }));
    if (!back.ok) throw new Error(back.error);
    expect(canonical(back.doc)).toEqual(canonical(r.doc));
  });

  describe('tfjs fixtures (imported, exported as Python, read back)', () => {
    beforeAll(async () => {
      await tf.setBackend('cpu');
    });
    it.each(Object.keys(TFJS_FIXTURES))('%s', async (key) => {
      const saved = await saveFiles(tf, (TFJS_FIXTURES as Record<string, (t: typeof tf) => tf.LayersModel>)[key]!(tf));
      const imported = importModelText(saved.modelJson);
      if (!imported.ok) throw new Error(imported.error);
      const back = importPythonText(exportPython(imported.doc));
      if (!back.ok) throw new Error(back.error);
      const { description: _a, ...got } = canonical(back.doc);
      const { description: _b, ...want } = canonical(imported.doc);
      expect(got).toEqual(want);
    });
  });
});

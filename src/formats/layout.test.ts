/** Automatic layout: top to bottom along every wire, no two nodes on one spot, blocks included. */
import { describe, expect, it } from 'vitest';
import type { Graph, SkipwireDoc } from '../compile';
import { example } from '../compile';
import { fixture } from './formats.testkit';
import { importModel, importModelText } from './importModel';
import { layoutDocument, layoutGraph, layoutLayered, portX } from './layout';
import { importPythonText } from './pythonIn';

function checkGraph(g: Graph): void {
  const pos = new Map(g.nodes.map((n) => [n.id, n.position]));
  for (const e of g.edges)
    expect(pos.get(e.target)?.y, `${e.source} → ${e.target}`).toBeGreaterThan(pos.get(e.source)?.y as number);
  const spots = new Set(g.nodes.map((n) => `${Math.round(n.position.x)},${Math.round(n.position.y)}`));
  expect(spots.size).toBe(g.nodes.length);
}
const checkDoc = (doc: SkipwireDoc) => {
  checkGraph(doc);
  for (const b of doc.blocks) checkGraph(b);
};
const scrambled = (doc: SkipwireDoc): SkipwireDoc => ({
  ...doc,
  nodes: doc.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })),
  blocks: doc.blocks.map((b) => ({ ...b, nodes: b.nodes.map((n) => ({ ...n, position: { x: 0, y: 0 } })) })),
});

describe('layout', () => {
  it('layoutLayered places ApesNet and its block top to bottom', () => {
    const doc = layoutLayered(scrambled(example('apesnet')));
    checkDoc(doc);
    const { position, ...rest } = doc.nodes[3] as SkipwireDoc['nodes'][number];
    expect(rest).toEqual((({ position: _, ...r }) => r)(example('apesnet').nodes[3] as SkipwireDoc['nodes'][number]));
  });

  it('layoutDocument places ApesNet and its block top to bottom', async () => {
    checkDoc(await layoutDocument(scrambled(example('apesnet'))));
  });

  it('layoutGraph routes every wire from its output port to its input port, orthogonally', async () => {
    const block = example('apesnet').blocks[0] as Graph;
    const size = (id: string) => (id === 'add' ? { width: 260, height: 120 } : { width: 200, height: 80 });
    const { positions, routes } = await layoutGraph(block, {
      size,
      ports: (id) => (id === 'add' ? { inputs: 3, outputs: 1 } : undefined),
    });
    expect(routes.size).toBe(block.edges.length);
    for (const e of block.edges) {
      const r = routes.get(e.id) as { x: number; y: number }[];
      const s = positions.get(e.source) as { x: number; y: number };
      const t = positions.get(e.target) as { x: number; y: number };
      const first = r[0] as { x: number; y: number };
      const last = r[r.length - 1] as { x: number; y: number };
      expect(first).toEqual({ x: s.x + portX(0, 1, size(e.source).width), y: s.y + size(e.source).height });
      expect(last).toEqual({ x: t.x + portX(e.targetPort, e.target === 'add' ? 3 : 1, size(e.target).width), y: t.y });
      for (let i = 1; i < r.length; i++) {
        const a = r[i - 1] as { x: number; y: number };
        const b = r[i] as { x: number; y: number };
        expect(a.x === b.x || a.y === b.y, `${e.id} segment ${i}`).toBe(true);
      }
    }
  });

  it('leaves a short graph (the seed snippet: input, conv, add) top to bottom, aspect ratio or not', async () => {
    const r = importPythonText(
      "from keras.layers import Input, Conv2D, Add\nx = Input(shape=(8, 8, 4))\ny = Conv2D(4, 3, padding='same')(x)\nz = Add()([x, y])\n",
    );
    if (!r.ok) throw new Error(r.error);
    const { positions } = await layoutGraph(r.doc, { aspectRatio: 1.4 });
    const y = (name: string) => positions.get(r.doc.nodes.find((n) => n.name === name)?.id ?? '')?.y ?? Number.NaN;
    expect(y('input_layer')).toBeLessThan(y('conv2d'));
    expect(y('conv2d')).toBeLessThan(y('add'));
  });

  it('wraps a long chain into columns when asked for an aspect ratio', async () => {
    const doc = example('apesnet');
    const tall = await layoutGraph(doc);
    const wrapped = await layoutGraph(doc, { aspectRatio: 1.2 });
    const extent = (p: ReadonlyMap<string, { x: number; y: number }>) => {
      const xs = [...p.values()].map((q) => q.x);
      const ys = [...p.values()].map((q) => q.y);
      return { w: Math.max(...xs) - Math.min(...xs), h: Math.max(...ys) - Math.min(...ys) };
    };
    expect(extent(tall.positions).w).toBe(0);
    const w = extent(wrapped.positions);
    expect(w.h).toBeLessThan(extent(tall.positions).h / 3);
    expect(w.w).toBeGreaterThan(w.h / 2);
  });

  it('an elkjs failure is said, and the imported model is kept in rows', async () => {
    const elk = { layout: () => Promise.reject(new Error('out of memory')) };
    const r = await importModel(fixture('keras2_model_unet.json'), { layout: { elk } });
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings.at(-1)).toMatch(/^Automatic layout failed \(out of memory\)/);
    checkDoc(r.doc);
  });

  it('imports are laid out: synchronously, and with elkjs', async () => {
    const text = fixture('keras2_model_unet.json');
    const sync = importModelText(text);
    const elk = await importModel(text);
    if (!sync.ok || !elk.ok) throw new Error('import failed');
    checkDoc(sync.doc);
    checkDoc(elk.doc);
    expect(elk.doc.nodes.map((n) => n.id)).toEqual(sync.doc.nodes.map((n) => n.id));
  });
});

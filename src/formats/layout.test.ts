/** Automatic layout: top to bottom along every wire, no two nodes on one spot, blocks included. */
import { describe, expect, it } from 'vitest';
import type { Graph, SkipwireDoc } from '../compile/document';
import { example } from '../compile/testing';
import { fixture } from './formats.testkit';
import { importModel, importModelText } from './importModel';
import { layoutLayered, layoutWithElk } from './layout';

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

  it('layoutWithElk places ApesNet and its block top to bottom', async () => {
    checkDoc(await layoutWithElk(scrambled(example('apesnet'))));
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

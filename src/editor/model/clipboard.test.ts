import { describe, expect, it } from 'vitest';
import { applyEdits, emptyDocument } from '../../compile';
import { analysisOf } from '../store/derived';
import { apesnet } from '../test/factories.testkit';
import { copyPayload, parseClip, pastePlan } from './clipboard';

describe('clipboard', () => {
  it('copies nodes with the wires between them, and pastes them with fresh ids and names', () => {
    const doc = apesnet();
    const clip = copyPayload(doc, undefined, ['conv_block1_conv', 'conv_block1_bn', 'missing']);
    expect(clip?.nodes.map((n) => n.id)).toEqual(['conv_block1_conv', 'conv_block1_bn']);
    expect(clip?.edges).toHaveLength(1);
    const parsed = parseClip(JSON.stringify(clip));
    expect(parsed).toEqual(clip);
    const plan = pastePlan(doc, undefined, parsed as never, { x: 40, y: 40 });
    expect(plan?.ids).toEqual(['conv_block1_conv_2', 'conv_block1_bn_2']);
    const r = applyEdits(plan?.base ?? doc, plan?.ops ?? []);
    expect(r.error).toBeUndefined();
    const pasted = r.doc.nodes.find((n) => n.id === 'conv_block1_conv_2');
    expect(pasted?.name).toBe('conv_block1_conv_2');
    expect(pasted?.position).toEqual({ x: 40, y: 150 });
    expect(r.doc.edges.some((e) => e.source === 'conv_block1_conv_2' && e.target === 'conv_block1_bn_2')).toBe(true);
  });

  it('carries the block definitions of copied instances into another document', () => {
    const clip = copyPayload(apesnet(), undefined, ['apes_block1']);
    expect(clip?.blocks.map((b) => b.id)).toEqual(['apes_block']);
    const target = emptyDocument('other');
    const plan = pastePlan(target, undefined, clip as never, { x: 0, y: 0 });
    const r = applyEdits(plan?.base ?? target, plan?.ops ?? []);
    expect(r.error).toBeUndefined();
    expect(r.doc.blocks.map((b) => b.name)).toEqual(['ApesBlock']);
    expect(r.doc.nodes[0]?.type).toBe('block');
    expect(analysisOf(r.doc).diagnostics.some((d) => /not connected/.test(d.message))).toBe(true);
  });

  it("drops a pasted instance's Keras name map: the copy's layers are named after the copy", () => {
    const doc = apesnet();
    const inst = doc.nodes.find((n) => n.id === 'apes_block1');
    const def = doc.blocks.find((b) => b.id === inst?.block);
    const inner = def?.nodes.find((n) => n.type !== 'blockInput');
    const names = { [inner?.id as string]: 'dense_7' };
    const mapped = { ...doc, nodes: doc.nodes.map((n) => (n === inst ? { ...n, names } : n)) };
    expect(analysisOf(mapped).layers.map((l) => l.name)).toContain('dense_7');
    const clip = copyPayload(mapped, undefined, ['apes_block1']);
    const plan = pastePlan(mapped, undefined, clip as never, { x: 40, y: 40 });
    const r = applyEdits(plan?.base ?? mapped, plan?.ops ?? []);
    expect(r.error).toBeUndefined();
    const pasted = r.doc.nodes.find((n) => n.id === plan?.ids[0]);
    expect(pasted?.type).toBe('block');
    expect(pasted?.names).toBeUndefined();
    expect(r.doc.nodes.find((n) => n.id === 'apes_block1')?.names).toEqual(names);
    // The original keeps its name; no layer of the copy takes it (no `dense_7_1`).
    const layerNames = analysisOf(r.doc).layers.map((l) => l.name);
    expect(layerNames.filter((n) => n.startsWith('dense_7'))).toEqual(['dense_7']);
  });

  it('ignores text that is not a Skipwire selection, and block inputs', () => {
    expect(parseClip('hello')).toBeUndefined();
    expect(parseClip('{"skipwire":"clipboard","nodes":[{"id":1}],"edges":[]}')).toBeUndefined();
    expect(copyPayload(apesnet(), 'apes_block', ['x'])).toBeUndefined();
  });
});

/** Incremental placement: a paste lands beside its originals, over no node, and moves nothing. */
import { describe, expect, it } from 'vitest';
import { clearOffset } from '../../formats/room';
import { copySelection, paste } from '../actions';
import { NODE_SIZE } from '../model/placement';
import { createEditorStore } from '../store/createStore';
import { apesnet } from '../test/factories.testkit';

const box = (x: number, y: number) => ({ x, y, width: 200, height: 70 });

describe('incremental placement', () => {
  it('clearOffset keeps the preferred offset when free, else moves the group right as a whole', () => {
    expect(clearOffset([box(0, 0)], [box(0, 300)], { x: 40, y: 40 })).toEqual({ x: 40, y: 40 });
    const off = clearOffset([box(0, 0), box(0, 110)], [box(0, 0), box(0, 110)], { x: 40, y: 40 });
    expect(off.y).toBe(40);
    expect(off.x).toBeGreaterThanOrEqual(220);
  });

  it('pastes ApesNet layers where no node is, and no existing node moves', () => {
    const store = createEditorStore(apesnet(), { selection: ['decoder3_conv', 'decoder3_bn'] });
    const before = store.getState().doc.nodes;
    copySelection(store);
    expect(paste(store)).toBe(true);
    const after = store.getState().doc.nodes;
    for (const n of before) expect(after.find((m) => m.id === n.id)?.position).toEqual(n.position);
    const pasted = after.filter((n) => !before.some((m) => m.id === n.id));
    expect(pasted).toHaveLength(2);
    for (const p of pasted)
      for (const n of before)
        expect(
          Math.abs(p.position.x - n.position.x) >= NODE_SIZE.width ||
            Math.abs(p.position.y - n.position.y) >= NODE_SIZE.height,
          `${p.id} over ${n.id}`,
        ).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { analyze } from './analyze';
import { DocBuilder } from './builder';
import { EXAMPLES } from './examples';
import { applyEdits } from './ops';

/** classic-cnn with a Dropout wired from flatten whose output feeds nothing (today's failed insert). */
function danglingDropout() {
  const b = new DocBuilder('cnn');
  const x = b.layer('input', 'input', { shape: [28, 28, 1] });
  const c = b.layer('conv2d', 'conv', { filters: 4, kernelSize: [3, 3] }, [x]);
  const f = b.layer('flatten', 'flatten', {}, [c]);
  b.layer('dropout', 'dropout', { rate: 0.5 }, [f]);
  const h = b.layer('dense', 'hidden', { units: 8 }, [f]);
  b.layer('dense', 'output', { units: 10, activation: 'softmax' }, [h]);
  return b.build();
}

describe('unused outputs', () => {
  it('warns at a layer whose output leads nowhere, naming the model’s output, with two fixes', () => {
    const doc = danglingDropout();
    const a = analyze(doc);
    expect(a.ok).toBe(true);
    const w = a.diagnostics.filter((d) => d.severity === 'warning');
    expect(w).toHaveLength(1);
    expect(w[0]).toMatchObject({ nodeId: 'dropout', severity: 'warning' });
    expect(w[0]?.message).toBe(
      'Its output is not used; the model\'s output is "output". Wire it to the next layer, or make it a second output of the model, or delete it.',
    );
    expect(w[0]?.fixes?.map((f) => f.label)).toEqual(['Make it an output of the model', 'Delete "dropout"']);
    for (const fix of w[0]?.fixes ?? []) {
      const r = applyEdits(doc, fix.ops);
      expect(r.error).toBeUndefined();
      expect(analyze(r.doc).diagnostics).toEqual([]);
    }
    // Declared outputs survive save and open, and the declaration can be taken back.
    const marked = applyEdits(doc, w[0]?.fixes?.[0]?.ops ?? []).doc;
    expect(marked.metadata.outputs).toEqual(['dropout']);
    const unmarked = applyEdits(marked, [{ op: 'markOutput', node: 'dropout', output: false }]).doc;
    expect(analyze(unmarked).diagnostics.map((d) => d.nodeId)).toEqual(['dropout']);
  });

  it('says nothing for a model with one output, and no example warns', () => {
    for (const [name, make] of Object.entries(EXAMPLES)) {
      const warnings = analyze(make()).diagnostics.filter((d) => d.message.includes('output is not used'));
      expect(warnings, name).toEqual([]);
    }
  });

  it('refuses to mark a node that is not in the model', () => {
    expect(applyEdits(danglingDropout(), [{ op: 'markOutput', node: 'nope', output: true }]).error).toBe(
      'no node "nope" in the model',
    );
  });
});

/** Recurrent-state models and a graph comparison shared by the state tests (Python, `.keras`, `.h5`). */
import { DocBuilder, type Ref, type SkipwireDoc } from '../compile';
import { getLayer, resolveParams } from '../nodes';

/** Nodes (name, type, resolved params) and wires (`source:port>target:port`), by name. */
export function graphOf(doc: SkipwireDoc) {
  const name = new Map(doc.nodes.map((n) => [n.id, n.name]));
  return {
    nodes: doc.nodes
      .map((n) => {
        const def = getLayer(n.type);
        return [n.name, n.type, JSON.stringify(def ? resolveParams(def.params, n.params).values : n.params)];
      })
      .sort(),
    edges: doc.edges
      .map((e) => `${name.get(e.source)}:${e.sourcePort ?? 0}>${name.get(e.target)}:${e.targetPort}`)
      .sort(),
  };
}

/**
 * An encoder–decoder (an encoder's states are the decoder's initial state; a Bidirectional
 * encoder's forward and backward states joined), as src/compile/recurrentStates.test.ts builds them.
 */
export function seq2seq(type: 'lstm' | 'gru' | 'simpleRnn', bidirectional = false, decoderStates = true): SkipwireDoc {
  const b = new DocBuilder(`${type}_seq2seq`);
  const src = b.layer('input', 'source', { shape: [7, 5] });
  const tgt = b.layer('input', 'target', { shape: [6, 3] });
  const wrap = bidirectional ? { wrapper: 'bidirectional' } : {};
  const enc = b.layer(type, 'encoder', { units: 8, returnState: true, ...wrap }, [src]);
  const n = type === 'lstm' ? 2 : 1;
  let init: Ref[] = Array.from({ length: n }, (_, i) => [enc, i + 1] as const);
  if (bidirectional)
    init = Array.from({ length: n }, (_, i) =>
      b.layer('concatenate', `state_${i}`, {}, [
        [enc, i + 1],
        [enc, i + 1 + n],
      ]),
    );
  const units = bidirectional ? 16 : 8;
  const dec = b.layer(type, 'decoder', { units, returnSequences: true, returnState: decoderStates }, [tgt, ...init]);
  b.layer('dense', 'out', { units: 4, activation: 'softmax' }, [dec]);
  // With its own states on, the decoder's last h feeds a layer too; its unused c is no model output.
  if (decoderStates) b.layer('dense', 'last_h', { units: 2 }, [[dec, 1]]);
  return b.build();
}

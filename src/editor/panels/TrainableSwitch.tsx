/**
 * The Trainable switch (Keras `trainable`): for one layer, a block instance (every layer of its
 * definition) or a selection. Frozen layers keep their weights while the model trains, and their
 * parameters count as non-trainable, as in Keras' summary.
 */
import { useEffect, useId, useRef } from 'react';
import { BLOCK_INPUT_TYPE, BLOCK_TYPE, type DocNode, type SkipwireDoc } from '../../compile';
import { useEditor, useEditorStore } from '../store/context';
import { currentScope } from '../store/types';

/** The layers a node stands for: itself, or the layers of its block (blocks inside included). */
function layersOf(doc: SkipwireDoc, node: DocNode, seen = new Set<string>()): DocNode[] {
  if (node.type === BLOCK_INPUT_TYPE || node.type === 'input') return [];
  if (node.type !== BLOCK_TYPE) return [node];
  if (!node.block || seen.has(node.block)) return [];
  seen.add(node.block);
  const def = doc.blocks.find((b) => b.id === node.block);
  return (def?.nodes ?? []).flatMap((n) => layersOf(doc, n, seen));
}

export function TrainableSwitch({ nodes }: { nodes: readonly DocNode[] }) {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const id = useId();
  const box = useRef<HTMLInputElement>(null);
  const layers = nodes.flatMap((n) => layersOf(doc, n));
  const frozen = layers.filter((n) => n.trainable === false).length;
  const mixed = frozen > 0 && frozen < layers.length;
  useEffect(() => {
    if (box.current) box.current.indeterminate = mixed;
  }, [mixed]);
  if (!layers.length) return null;
  const set = (trainable: boolean) => {
    const s = store.getState();
    const scope = currentScope(s);
    s.apply({ op: 'setTrainable', ids: nodes.map((n) => n.id), trainable, ...(scope === undefined ? {} : { scope }) });
  };
  const what = nodes.length > 1 || nodes[0]?.type === BLOCK_TYPE ? `${layers.length} layers` : 'this layer';
  return (
    <div className="sw-field sw-trainable" data-param="trainable">
      <label htmlFor={id} className="sw-trainable-label">
        <input
          id={id}
          ref={box}
          type="checkbox"
          checked={frozen === 0}
          aria-describedby={`${id}-doc`}
          onChange={(e) => set(e.target.checked)}
        />
        Trainable
        {frozen > 0 && (
          <span className="sw-muted">{mixed ? ` (${frozen} of ${layers.length} frozen)` : ' (frozen)'}</span>
        )}
      </label>
      <small id={`${id}-doc`} className="sw-field-doc">
        Untick to freeze {what}: training leaves the weights as they are, and they count as non-trainable.
      </small>
    </div>
  );
}

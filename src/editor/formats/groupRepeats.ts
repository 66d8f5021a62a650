/**
 * "Group N repeated blocks", offered by the import report: the repeats `findRepeats` found become
 * blocks in one undo step (the `groupRepeats` edit and the new layout's moves, applied together),
 * laid out again (the groups leave holes), and the imported weights follow the grouped layers.
 */
import { describeRepeat, type EditOp, findRepeats, groupRepeats, repeatCount, type SkipwireDoc } from '../../compile';
import { layoutDocument } from '../../formats/layout';
import { movedWeights } from '../../formats/weights';
import { workerElk } from '../canvas/elk';
import type { EditorStore } from '../store/createStore';
import { addImportedWeights, importedWeightsFor } from './importedWeights';

/** What the import report offers: how many blocks, and each kind in words. */
export interface RepeatOffer {
  readonly count: number;
  readonly kinds: readonly string[];
}

/** The offer for an imported document, or undefined when nothing repeats. */
export function repeatOffer(doc: SkipwireDoc): RepeatOffer | undefined {
  const groups = findRepeats(doc);
  const count = repeatCount(groups);
  return count ? { count, kinds: groups.map(describeRepeat) } : undefined;
}

/** Moves that put every node of every graph of `doc` where `laid` has it. */
function movesTo(laid: SkipwireDoc): EditOp[] {
  const moves = (nodes: SkipwireDoc['nodes']) => nodes.map((n) => ({ id: n.id, position: n.position }));
  return [
    { op: 'move', moves: moves(laid.nodes) },
    ...laid.blocks.map((b): EditOp => ({ op: 'move', scope: b.id, moves: moves(b.nodes) })),
  ];
}

/** Groups the repeats of the open model; returns the error to show, if any. */
export async function groupRepeatedBlocks(store: EditorStore): Promise<string | undefined> {
  const before = store.getState().doc;
  const r = groupRepeats(before);
  if (!r.instances) return 'This model has no repeated blocks to group.';
  let laid: SkipwireDoc | undefined;
  try {
    laid = await layoutDocument(r.doc, { elk: workerElk(), aspectRatio: 1.4 });
  } catch {
    laid = undefined; // the blocks stay where their layers were
  }
  if (store.getState().doc !== before) return 'The model changed while the blocks were being laid out: try again.';
  const weights = importedWeightsFor(store);
  const s = store.getState();
  if (!s.apply([{ op: 'groupRepeats' }, ...(laid ? movesTo(laid) : [])])) return undefined;
  if (weights) addImportedWeights(store, movedWeights(before, r.moved, weights));
  const n = r.instances;
  store
    .getState()
    .notify(
      `Grouped ${n} repeated block${n === 1 ? '' : 's'} into ${r.definitions} definition${r.definitions === 1 ? '' : 's'}; the model is unchanged. Ctrl+Z ungroups them.`,
    );
  return undefined;
}

/**
 * What the importer needs for opaque layers (src/nodes/layers/opaque.ts): the one warning that lists
 * every layer kept opaque with what to do about each class, and the output shape a file states.
 */
import { opaqueAdvice } from '../nodes';
import type { RawLayer } from './kerasModel';
import { oneLine } from './safeJson';

const listed = (items: readonly string[], max = 8) =>
  items.length > max ? `${items.slice(0, max).join(', ')} and ${items.length - max} more` : items.join(', ');

/** `kept as opaque layers (…): a (Lambda), b (MyAttention); Lambda: …; MyAttention: …`, or undefined. */
export function opaqueWarning(kept: readonly RawLayer[]): string | undefined {
  if (!kept.length) return undefined;
  const names = kept.map((l) => `${oneLine(l.name, 60)} (${oneLine(l.className, 60)})`);
  const advice = new Map(
    kept.map((l) => [l.className, `${oneLine(l.className, 60)}: ${opaqueAdvice(l.className, l.config)}`]),
  );
  const many = kept.length > 1;
  return `kept as opaque layer${many ? 's' : ''} (exported back to Keras and Python unchanged; tfjs cannot train ${many ? 'them' : 'it'}): ${listed(names)}; ${[...advice.values()].join('; ')}`;
}

/** An opaque layer's output shape as the file states it: beside it, or as its only consumer's build input shape. */
export function statedOutputShape(l: RawLayer, layers: readonly RawLayer[]): { outputShape?: number[] } {
  const next = layers.filter((c) => c.calls[0]?.some((r) => r.layer === l.name));
  const input = next.length && next.every((c) => c.calls[0]?.length === 1) ? next[0]?.shapes?.input : undefined;
  const shape = l.shapes?.output ?? input;
  return shape ? { outputShape: [...shape] } : {};
}

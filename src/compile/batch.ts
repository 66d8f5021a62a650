/**
 * Fixed batch sizes (Keras `batch_shape` / `batch_size`): an Input's optional Batch size fixes the
 * number of samples per batch of every layer downstream of it. Stateful recurrent layers need one
 * (tfjs keeps a state per batch row). Derived from the analysis' layers, never stored.
 */
import type { FlatLayer } from './analysis';
import type { Diagnostic } from './diagnostics';

/** Where a layer's fixed batch size comes from: the size and the Input that fixes it. */
export interface FixedBatch {
  readonly size: number;
  /** Path of the Input layer whose Batch size it is. */
  readonly input: string;
}

/** Each layer's fixed batch size by path (absent: any batch size), following the wires from the Inputs. */
export function batchSizes(layers: readonly FlatLayer[]): Map<string, FixedBatch> {
  const out = new Map<string, FixedBatch>();
  for (const l of layers) {
    if (l.def.inputs.max === 0) {
      const size = l.params.batchSize;
      if (typeof size === 'number') out.set(l.path, { size, input: l.path });
      continue;
    }
    for (const p of l.inputs) {
      const b = out.get(p);
      if (b) {
        out.set(l.path, b);
        break;
      }
    }
  }
  return out;
}

/** The model's fixed batch size (its Inputs'), or `null` when any batch size goes. */
export function modelBatchSize(analysis: { readonly layers: readonly FlatLayer[] }): number | null {
  for (const l of analysis.layers)
    if (l.def.inputs.max === 0 && typeof l.params.batchSize === 'number') return l.params.batchSize;
  return null;
}

/** A shape with its batch size as Keras prints it: `(64, None, 256)`. */
export function kerasShape(batch: number | null, shape: readonly (number | null)[] | undefined): string {
  const dims = [batch, ...(shape ?? [])].map((d) => (d === null ? 'None' : String(d)));
  return `(${dims.join(', ')}${dims.length === 1 ? ',' : ''})`;
}

/** A diagnostic at a flat layer: its top-level node, or the instance holding it with the inner path. */
function at(l: FlatLayer, message: string, param: string): Diagnostic {
  const [nodeId, ...inner] = l.path.split('/');
  return {
    nodeId: nodeId as string,
    ...(inner.length ? { path: l.path.split('/') } : {}),
    severity: 'error',
    param,
    message: inner.length ? `Layer "${l.name}": ${message}` : message,
  };
}

/**
 * Errors for batch sizes tfjs cannot build: a stateful recurrent layer with no fixed batch size
 * upstream, and a layer fed by Inputs with different fixed batch sizes.
 */
export function batchDiagnostics(layers: readonly FlatLayer[]): readonly Diagnostic[] {
  // The warm analysis hands back the same layer list while the model repeats: so does this.
  const known = lastFound.get(layers);
  if (known) return known;
  const found = anyFixedOrStateful(layers) ? findBatchErrors(layers) : NO_DIAGNOSTICS;
  lastFound.set(layers, found);
  return found;
}

const NO_DIAGNOSTICS: readonly Diagnostic[] = [];
const lastFound = new WeakMap<readonly FlatLayer[], readonly Diagnostic[]>();

/** Whether any Input fixes a batch size or any layer is stateful (no other model can break a rule here). */
function anyFixedOrStateful(layers: readonly FlatLayer[]): boolean {
  for (const l of layers) if (l.params.stateful === true || typeof l.params.batchSize === 'number') return true;
  return false;
}

function findBatchErrors(layers: readonly FlatLayer[]): Diagnostic[] {
  const sizes = batchSizes(layers);
  const byPath = new Map(layers.map((l) => [l.path, l]));
  const inputs = layers.filter((l) => l.def.inputs.max === 0).map((l) => `"${l.name}"`);
  const out: Diagnostic[] = [];
  for (const l of layers) {
    const known = l.inputs.map((p) => sizes.get(p)).filter((b): b is FixedBatch => b !== undefined);
    const other = known.find((b) => b.size !== known[0]?.size);
    if (other && known[0]) {
      const name = (b: FixedBatch) => byPath.get(b.input)?.name ?? b.input;
      out.push(
        at(
          l,
          `its inputs have different fixed batch sizes: ${known[0].size} from Input "${name(known[0])}", ${other.size} from Input "${name(other)}". Give every Input the same Batch size.`,
          'batchSize',
        ),
      );
    }
    if (l.params.stateful === true && !sizes.has(l.path)) {
      const where = inputs.length === 1 ? `the Input ${inputs[0]}` : 'the Input';
      out.push(
        at(
          l,
          `stateful ${l.def.kerasClass} needs a fixed batch size: set Batch size on ${where} (Keras batch_shape), or turn Stateful off.`,
          'stateful',
        ),
      );
    }
  }
  return out;
}

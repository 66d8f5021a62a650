/** The Keras-style model summary, as rows (for the editor and `--json`) and as text (CLI). */
import { kerasShape } from '../nodes';
import type { Analysis } from './analysis';
import { formatBytes, formatMacs, modelCost } from './cost';

export interface SummaryRow {
  readonly name: string;
  readonly className: string;
  /** Output shape with the batch dimension as `null`. */
  readonly outputShape: readonly (number | null)[];
  readonly params: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  /** Multiply-accumulates per sample (torchinfo's mult-adds); `null` when a dim is unknown. */
  readonly macs: number | null;
  /** Bytes of the output for one sample (float32); `null` when a dim is unknown. */
  readonly activationBytes: number | null;
  /**
   * The tensors feeding this one, in input order, as Keras' summary names them: the layer's name
   * with its node and tensor index (`dense[0][0]`; a recurrent layer's state `lstm[0][1]`).
   */
  readonly connectedTo: readonly string[];
  /** The flattened path: the node id, or instance ids then the inner node id. */
  readonly path: string;
}

export interface Summary {
  readonly name: string;
  readonly rows: readonly SummaryRow[];
  readonly total: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  /** Multiply-accumulates per sample, all layers. */
  readonly macs: number;
  /** Output activations of every layer for one sample, in bytes. */
  readonly activationBytes: number;
  /** The weights' memory, in bytes (float32). */
  readonly paramBytes: number;
}

export function summarize(name: string, analysis: Analysis): Summary {
  const names = new Map(analysis.layers.map((l) => [l.path, l.name]));
  const cost = modelCost(analysis);
  const rows = analysis.layers.map((l) => ({
    name: l.name,
    className: l.def.kerasClass,
    outputShape: [null, ...(l.shape ?? [])],
    params: l.count.trainable + l.count.nonTrainable,
    trainable: l.count.trainable,
    nonTrainable: l.count.nonTrainable,
    macs: cost.layers.get(l.path)?.macs ?? null,
    activationBytes: cost.layers.get(l.path)?.activationBytes ?? null,
    connectedTo: l.inputs.map((p) => {
      // A state wire's path is `<layer path>:<port>` (ports.ts): Keras' tensor index.
      const port = /^(.*):(\d+)$/.exec(p);
      const [path, tensor] = port && !names.has(p) ? [port[1] as string, port[2]] : [p, '0'];
      return `${names.get(path) ?? path}[0][${tensor}]`;
    }),
    path: l.path,
  }));
  const { trainable, nonTrainable } = analysis.totals;
  return {
    name,
    rows,
    total: trainable + nonTrainable,
    trainable,
    nonTrainable,
    macs: cost.macs,
    activationBytes: cost.activationBytes,
    paramBytes: cost.paramBytes,
  };
}

/** `923,556` */
export const thousands = (n: number): string => n.toLocaleString('en-US');

function cell(s: string, width: number): string {
  return s.length >= width ? `${s} ` : s.padEnd(width);
}

/** A per-layer MACs cell: `97,344`, `0` for a layer that multiplies nothing, `?` when unknown. */
export const macsCell = (m: number | null): string => (m === null ? '?' : thousands(m));
/** A per-layer activation cell: `42.3 KB`, `?` when unknown. */
export const bytesCell = (b: number | null): string => (b === null ? '?' : formatBytes(b));

/**
 * The summary as Keras 2 prints it — layer (type), output shape, param #, connected to — with
 * torchinfo's cost columns before "Connected to": MACs and output activation size per sample.
 */
export function formatSummary(s: Summary): string {
  const w = [
    Math.max(28, ...s.rows.map((r) => r.name.length + r.className.length + 4)),
    Math.max(22, ...s.rows.map((r) => kerasShape(r.outputShape.slice(1)).length + 2)),
    12,
    Math.max(16, ...s.rows.map((r) => macsCell(r.macs).length + 2)),
    12,
  ];
  const lead = w.reduce((a, b) => a + b, 0);
  const width = lead + 30;
  const lines = [`Model: "${s.name}"`, '_'.repeat(width)];
  lines.push(
    ` ${cell('Layer (type)', w[0]!)}${cell('Output Shape', w[1]!)}${cell('Param #', w[2]!)}${cell('MACs', w[3]!)}${cell('Activations', w[4]!)}Connected to`,
  );
  lines.push('='.repeat(width));
  s.rows.forEach((r, i) => {
    const connected = r.connectedTo.length ? r.connectedTo : ['-'];
    lines.push(
      ` ${cell(`${r.name} (${r.className})`, w[0]!)}${cell(kerasShape(r.outputShape.slice(1)), w[1]!)}${cell(thousands(r.params), w[2]!)}${cell(macsCell(r.macs), w[3]!)}${cell(bytesCell(r.activationBytes), w[4]!)}${connected[0]}`,
    );
    for (const c of connected.slice(1)) lines.push(` ${' '.repeat(lead)}${c}`);
    lines.push(i === s.rows.length - 1 ? '='.repeat(width) : '');
  });
  if (s.rows.length === 0) lines.push('='.repeat(width));
  lines.push(`Total params: ${thousands(s.total)}`);
  lines.push(`Trainable params: ${thousands(s.trainable)}`);
  lines.push(`Non-trainable params: ${thousands(s.nonTrainable)}`);
  lines.push(`Params size: ${formatBytes(s.paramBytes)}`);
  lines.push(`Mult-adds per sample: ${formatMacs(s.macs)} (${thousands(s.macs)})`);
  lines.push(`Activations per sample: ${formatBytes(s.activationBytes)} (forward outputs, float32)`);
  return lines.join('\n');
}

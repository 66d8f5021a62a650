/** The Keras-style model summary, as rows (for the editor and `--json`) and as text (CLI). */
import { kerasShape } from '../nodes';
import type { Analysis } from './analyze';

export interface SummaryRow {
  readonly name: string;
  readonly className: string;
  /** Output shape with the batch dimension as `null`. */
  readonly outputShape: readonly (number | null)[];
  readonly params: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  /** Names of the layers feeding this one, in input order. */
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
}

export function summarize(name: string, analysis: Analysis): Summary {
  const names = new Map(analysis.layers.map((l) => [l.path, l.name]));
  const rows = analysis.layers.map((l) => ({
    name: l.name,
    className: l.def.kerasClass,
    outputShape: [null, ...(l.shape ?? [])],
    params: l.count.trainable + l.count.nonTrainable,
    trainable: l.count.trainable,
    nonTrainable: l.count.nonTrainable,
    connectedTo: l.inputs.map((p) => names.get(p) ?? p),
    path: l.path,
  }));
  const { trainable, nonTrainable } = analysis.totals;
  return { name, rows, total: trainable + nonTrainable, trainable, nonTrainable };
}

/** `923,556` */
export const thousands = (n: number): string => n.toLocaleString('en-US');

function cell(s: string, width: number): string {
  return s.length >= width ? `${s} ` : s.padEnd(width);
}

/** The summary as Keras 2 prints it: layer (type), output shape, param #, connected to. */
export function formatSummary(s: Summary): string {
  const w = [
    Math.max(28, ...s.rows.map((r) => r.name.length + r.className.length + 4)),
    Math.max(22, ...s.rows.map((r) => kerasShape(r.outputShape.slice(1)).length + 2)),
    12,
  ];
  const width = w[0]! + w[1]! + w[2]! + 30;
  const lines = [`Model: "${s.name}"`, '_'.repeat(width)];
  lines.push(` ${cell('Layer (type)', w[0]!)}${cell('Output Shape', w[1]!)}${cell('Param #', w[2]!)}Connected to`);
  lines.push('='.repeat(width));
  s.rows.forEach((r, i) => {
    const connected = r.connectedTo.length ? r.connectedTo.map((c) => `${c}[0][0]`) : ['-'];
    lines.push(
      ` ${cell(`${r.name} (${r.className})`, w[0]!)}${cell(kerasShape(r.outputShape.slice(1)), w[1]!)}${cell(thousands(r.params), w[2]!)}${connected[0]}`,
    );
    for (const c of connected.slice(1)) lines.push(` ${' '.repeat(w[0]! + w[1]! + w[2]!)}${c}`);
    lines.push(i === s.rows.length - 1 ? '='.repeat(width) : '');
  });
  if (s.rows.length === 0) lines.push('='.repeat(width));
  lines.push(`Total params: ${thousands(s.total)}`);
  lines.push(`Trainable params: ${thousands(s.trainable)}`);
  lines.push(`Non-trainable params: ${thousands(s.nonTrainable)}`);
  return lines.join('\n');
}

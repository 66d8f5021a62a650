/**
 * The model diagram as SVG, like Keras' `plot_model(show_shapes=True)`: one box per layer of the
 * compiled model (block instances expanded) with its name, class, input and output shapes, wired
 * top to bottom. Pure string generation; every name is escaped. (PNG is left to the editor, which
 * can draw this SVG on a canvas.)
 */

import type { FlatLayer, SkipwireDoc } from '../compile';
import { thousands } from '../compile';
import type { Category } from '../nodes';
import { kerasShape } from '../nodes';
import { layeredPositions } from './layout';
import { analyzeForExport, modelName } from './python';

/** Escapes text for SVG element content and attribute values. */
export function escapeXml(s: string): string {
  return (
    s
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids them
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
  );
}

const FILL: Readonly<Record<Category, string>> = {
  input: '#e8f1fb',
  core: '#eef6ee',
  conv: '#fdf1e3',
  pooling: '#f3eefb',
  reshape: '#f4f4f4',
  normalization: '#eaf7f7',
  regularization: '#f7f0ea',
  activation: '#fbeef2',
  merge: '#fff8dc',
  recurrent: '#eef0fb',
  embedding: '#f0fbe8',
  preprocessing: '#f4f4f4',
};

const CHAR = 7; // average glyph width of 12px monospace, for box sizes
const BOX_H = 52;
const ROW_GAP = 44;
const COL_GAP = 28;
const MARGIN = 24;

const shapeText = (s: readonly (number | null)[] | undefined) => (s ? kerasShape(s) : '?');

interface Box {
  readonly layer: FlatLayer;
  readonly lines: readonly [string, string];
  readonly width: number;
  x: number;
  y: number;
}

/** The SVG diagram of a document's model. Throws ExportError when the model has errors. */
export function exportSvg(doc: SkipwireDoc): string {
  const analysis = analyzeForExport(doc);
  const byPath = new Map(analysis.layers.map((l) => [l.path, l]));
  const edges = analysis.layers.flatMap((l) => l.inputs.map((src, port) => ({ source: src, target: l.path, port })));
  const order = layeredPositions(
    analysis.layers.map((l) => ({ id: l.path })),
    edges,
  );
  const boxes = new Map<string, Box>();
  for (const l of analysis.layers) {
    const ins = l.inputs.map((p) => shapeText(byPath.get(p)?.shape)).join(', ') || '-';
    const lines: [string, string] = [`${l.name} (${l.def.kerasClass})`, `${ins} → ${shapeText(l.shape)}`];
    const width = Math.max(...lines.map((t) => t.length)) * CHAR + 24;
    boxes.set(l.path, { layer: l, lines, width, x: 0, y: 0 });
  }
  // Rows from the layered layout, boxes sized to their text and centred on the widest row.
  const rows = new Map<number, Box[]>();
  for (const [path, p] of order) {
    const box = boxes.get(path) as Box;
    box.x = p.x;
    const row = rows.get(p.y) ?? [];
    row.push(box);
    rows.set(p.y, row);
  }
  const ys = [...rows.keys()].sort((a, b) => a - b);
  const rowWidth = (r: Box[]) => r.reduce((w, b) => w + b.width, 0) + COL_GAP * (r.length - 1);
  const width = Math.max(320, ...[...rows.values()].map(rowWidth)) + 2 * MARGIN;
  ys.forEach((y, i) => {
    const row = (rows.get(y) as Box[]).sort((a, b) => a.x - b.x);
    let x = (width - rowWidth(row)) / 2;
    for (const b of row) {
      b.x = x;
      b.y = MARGIN + 28 + i * (BOX_H + ROW_GAP);
      x += b.width + COL_GAP;
    }
  });
  const height = MARGIN + 28 + ys.length * (BOX_H + ROW_GAP) - ROW_GAP + 40 + MARGIN;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${height}" viewBox="0 0 ${Math.ceil(width)} ${height}" font-family="ui-monospace, Menlo, Consolas, monospace" font-size="12">`,
    `<title>${escapeXml(modelName(doc.name))}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker></defs>',
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${MARGIN}" y="${MARGIN + 8}" font-size="14" font-weight="bold">${escapeXml(`Model: "${modelName(doc.name)}"`)}</text>`,
  ];
  for (const e of edges) {
    const s = boxes.get(e.source);
    const t = boxes.get(e.target);
    if (!s || !t) continue;
    const n = t.layer.inputs.length;
    const tx = t.x + (t.width * (e.port + 1)) / (n + 1);
    const sx = s.x + s.width / 2;
    out.push(
      `<path d="M${sx.toFixed(1)},${s.y + BOX_H} C${sx.toFixed(1)},${s.y + BOX_H + ROW_GAP / 2} ${tx.toFixed(1)},${t.y - ROW_GAP / 2} ${tx.toFixed(1)},${t.y}" fill="none" stroke="#555" marker-end="url(#arrow)"/>`,
    );
  }
  for (const b of boxes.values()) {
    const fill = FILL[b.layer.def.category];
    out.push(
      `<g><rect x="${b.x.toFixed(1)}" y="${b.y}" width="${b.width}" height="${BOX_H}" rx="6" fill="${fill}" stroke="#333"/>`,
      `<text x="${(b.x + 12).toFixed(1)}" y="${b.y + 21}" font-weight="bold">${escapeXml(b.lines[0])}</text>`,
      `<text x="${(b.x + 12).toFixed(1)}" y="${b.y + 40}" fill="#333">${escapeXml(b.lines[1])}</text></g>`,
    );
  }
  const { trainable, nonTrainable } = analysis.totals;
  out.push(
    `<text x="${MARGIN}" y="${height - MARGIN}">${escapeXml(`Total params: ${thousands(trainable + nonTrainable)} (trainable ${thousands(trainable)}, non-trainable ${thousands(nonTrainable)})`)}</text>`,
    '</svg>',
  );
  return `${out.join('\n')}\n`;
}

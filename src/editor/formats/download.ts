/** Browser side of the exports: saving a file, zipping a tfjs model, rasterizing the SVG diagram. */
import type { ExportFile } from '../../formats';

/** A file to hand to the browser's downloads. */
export interface Download {
  readonly name: string;
  readonly blob: Blob;
}

export function saveDownload({ name, blob }: Download): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started from the click; the URL can go once the browser has read it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const asBlob = (f: ExportFile): Blob =>
  new Blob([typeof f.data === 'string' ? f.data : (f.data as Uint8Array<ArrayBuffer>)], { type: f.mime });

/** File-name stem of a model (what Save uses for the .skipwire.json). */
export const fileStem = (name: string): string => name.replace(/[^\w.-]+/g, '_') || 'model';

/**
 * The tfjs model as one .zip holding `model.json` and `weights.bin` side by side: the pair only
 * works together under these names (model.json points at weights.bin), and two separate
 * downloads get renamed (`weights (1).bin`) or blocked by the browser's multiple-downloads prompt.
 */
export async function zipFiles(files: readonly ExportFile[], name: string): Promise<Download> {
  const { strToU8, zipSync } = await import('fflate');
  const entries: Record<string, Uint8Array> = {};
  for (const f of files) entries[f.path] = typeof f.data === 'string' ? strToU8(f.data) : f.data;
  const zip = zipSync(entries, { level: 6 });
  return { name, blob: new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' }) };
}

/** Largest side and area of the PNG, within what browsers' canvases allow. */
const MAX_SIDE = 16_000;
const MAX_AREA = 60_000_000;

/** Draws the SVG diagram on a canvas at up to 2× and encodes it as PNG. */
export async function svgToPng(svg: string): Promise<Blob> {
  const img = new Image();
  img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await img.decode();
  const w = img.naturalWidth || 800;
  const h = img.naturalHeight || 600;
  const scale = Math.min(2, MAX_SIDE / w, MAX_SIDE / h, Math.sqrt(MAX_AREA / (w * h)));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.floor(w * scale));
  canvas.height = Math.max(1, Math.floor(h * scale));
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot draw on a canvas');
  ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the diagram is too large to draw as PNG; export it as SVG');
  return blob;
}

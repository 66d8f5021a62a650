/**
 * Browser-only: decodes image files (from an `<input webkitdirectory>` or a drop) into RGBA
 * pixels for `imageFolderDataset`. Uses `createImageBitmap` and `OffscreenCanvas`, so it runs on
 * the main thread or in a worker.
 */
import type { LabelledImage } from './images';

const IMAGE = /\.(png|jpe?g|gif|webp|bmp)$/i;

/** Decodes one image file, scaled down so its longer side is at most `maxSide` pixels. */
export async function decodeImage(file: Blob, maxSide = 512): Promise<ImageData> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const ctx = new OffscreenCanvas(width, height).getContext('2d');
    if (!ctx) throw new Error('This browser cannot draw images off screen.');
    ctx.drawImage(bitmap, 0, 0, width, height);
    return ctx.getImageData(0, 0, width, height);
  } finally {
    bitmap.close();
  }
}

/** Decodes the image files of a chosen folder, with their paths (`webkitRelativePath`). */
export async function decodeFolder(files: Iterable<File>, maxSide = 512): Promise<LabelledImage[]> {
  const chosen = [...files].filter((f) => IMAGE.test(f.name));
  return Promise.all(
    chosen.map(async (f) => ({ path: f.webkitRelativePath || f.name, image: await decodeImage(f, maxSide) })),
  );
}

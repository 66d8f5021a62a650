/**
 * Bring your own images: a folder with one subfolder per class. This part is pure: it takes
 * decoded RGBA images (`ImageData` or anything shaped like it) with their paths, resizes them to
 * the model's input (bilinear) and makes a classification set. Decoding files is in decode.ts.
 */
import { type ClassificationSet, DataError } from './types';

/** RGBA pixels, row-major, as in `ImageData`. */
export interface ImageDataLike {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray | Uint8Array;
}

export interface LabelledImage {
  /** Path inside the chosen folder, `cats/001.png` or `pets/cats/001.png`: the parent folder is the class. */
  readonly path: string;
  readonly image: ImageDataLike;
}

export interface ImageFolderOptions {
  readonly height: number;
  readonly width: number;
  /** 1: grey (luma), 3: RGB. Alpha is dropped. */
  readonly channels: 1 | 3;
  readonly name?: string;
}

/** The class of a file: the name of the folder it is in, or undefined for a file at the top. */
export function classOfPath(path: string): string | undefined {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.length >= 2 ? parts[parts.length - 2] : undefined;
}

/**
 * Resizes an RGBA image to `height × width × channels` floats in [0, 1], bilinear, sampling at
 * pixel centres (as `tf.image.resizeBilinear` with half-pixel centres).
 */
export function resizeImage(
  image: ImageDataLike,
  height: number,
  width: number,
  channels: 1 | 3,
  out: Float32Array = new Float32Array(height * width * channels),
  offset = 0,
): Float32Array {
  const { width: W, height: H, data } = image;
  if (W < 1 || H < 1 || data.length < W * H * 4) throw new DataError(`An image of ${W}×${H} pixels has no pixel data.`);
  const px = (x: number, y: number, c: number) => (data[(y * W + x) * 4 + c] as number) / 255;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(H - 1, Math.max(0, ((y + 0.5) * H) / height - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(H - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(W - 1, Math.max(0, ((x + 0.5) * W) / width - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(W - 1, x0 + 1);
      const fx = sx - x0;
      const rgb = [0, 1, 2].map(
        (c) =>
          (px(x0, y0, c) * (1 - fx) + px(x1, y0, c) * fx) * (1 - fy) +
          (px(x0, y1, c) * (1 - fx) + px(x1, y1, c) * fx) * fy,
      ) as [number, number, number];
      const o = offset + (y * width + x) * channels;
      if (channels === 1) out[o] = 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
      else out.set(rgb, o);
    }
  }
  return out;
}

/** A classification set from images in class subfolders, resized to `height × width × channels`. */
export function imageFolderDataset(images: readonly LabelledImage[], o: ImageFolderOptions): ClassificationSet {
  const labelled = images.map((im) => ({ ...im, cls: classOfPath(im.path) }));
  const loose = labelled.find((im) => im.cls === undefined);
  if (loose)
    throw new DataError(
      `"${loose.path}" is not in a class folder: put each image in a subfolder named after its class.`,
    );
  const classes = [...new Set(labelled.map((im) => im.cls as string))].sort();
  if (classes.length < 2)
    throw new DataError(
      `Found ${classes.length} class folder${classes.length === 1 ? ` ("${classes[0]}")` : 's'}: the folder needs one subfolder per class, at least 2.`,
    );
  const per = o.height * o.width * o.channels;
  const x = new Float32Array(labelled.length * per);
  const index = new Map(classes.map((c, i) => [c, i]));
  const labels = new Int32Array(labelled.length);
  labelled.forEach((im, i) => {
    resizeImage(im.image, o.height, o.width, o.channels, x, i * per);
    labels[i] = index.get(im.cls as string) as number;
  });
  return {
    name: o.name ?? 'images',
    task: 'classification',
    count: labelled.length,
    inputShape: [o.height, o.width, o.channels],
    x,
    classes,
    labels,
  };
}

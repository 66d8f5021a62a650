/**
 * HDF5 in and out, on h5wasm (the HDF5 C library compiled to WebAssembly; the same code runs in
 * the browser and in Node). Loaded only when a `.h5` / `.keras` file is read or written: this
 * module is imported dynamically by the Keras file formats, never by the editor's first page.
 *
 * Reading flattens the file into plain data: every group's attributes and every dataset as
 * float32 (paths with `/`; Keras 2.x on Windows wrote `layers\dense` group names, which read as
 * `layers/dense`). Limits keep a hostile file from taking the tab down: the depth, the number of
 * objects and the number of values (compressed datasets cannot expand past them).
 */
import { oneLine } from './safeJson';

export class Hdf5Error extends Error {
  override name = 'Hdf5Error';
}

export interface H5Dataset {
  readonly shape: readonly number[];
  /** The values as float32 (float64 and integer datasets converted), row-major. */
  readonly values: Float32Array;
}

export interface H5Contents {
  /** Attributes by group path (`''` for the root, `model_weights/dense`). */
  readonly attrs: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
  /** Datasets by path (`model_weights/dense/dense/kernel:0`). */
  readonly datasets: ReadonlyMap<string, H5Dataset>;
}

export interface H5Limits {
  /** Groups and datasets at most. */
  readonly maxObjects?: number;
  /** Values in all datasets together at most. */
  readonly maxValues?: number;
  /** Group paths for which datasets are not read (optimizer state). */
  readonly skip?: (path: string) => boolean;
}

const MAX_DEPTH = 32;
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

/** Whether the bytes start with the HDF5 signature (at offset 0, where Keras writes it). */
export const isHdf5 = (bytes: Uint8Array): boolean => HDF5_MAGIC.every((b, i) => bytes[i] === b);

type H5 = typeof import('h5wasm');
let module:
  | Promise<{
      h5: H5;
      fs: { writeFile(p: string, d: Uint8Array): void; readFile(p: string): Uint8Array; unlink(p: string): void };
    }>
  | undefined;
let counter = 0;

async function load() {
  module ??= import('h5wasm').then(async (h5) => {
    const m = await h5.ready;
    // HDF5 prints a many-line diagnostic to stderr for every damaged file; the error we throw
    // says it in one line, so the library's own stderr (a TTY device in its file system) is muted.
    const stderr = (m.FS as unknown as { getStream(fd: number): { tty?: { ops: object } } | null }).getStream(2);
    if (stderr?.tty) stderr.tty.ops = { ...stderr.tty.ops, put_char() {}, fsync() {} };
    return { h5, fs: m.FS as never };
  });
  return module;
}

const message = (e: unknown) => oneLine(e instanceof Error ? e.message : String(e), 200);

function plainAttr(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView))
    return Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value)) return value.map(plainAttr);
  return value;
}

function toFloat32(value: unknown, count: number): Float32Array | undefined {
  if (value instanceof Float32Array) return value.length === count ? value : undefined;
  if (value instanceof BigInt64Array || value instanceof BigUint64Array)
    return Float32Array.from(value as ArrayLike<bigint>, (v) => Number(v));
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const a = value as unknown as ArrayLike<number>;
    return a.length === count ? Float32Array.from(a) : undefined;
  }
  if (typeof value === 'number' && count === 1) return Float32Array.of(value);
  if (typeof value === 'bigint' && count === 1) return Float32Array.of(Number(value));
  return undefined;
}

/** Reads a whole HDF5 file; throws Hdf5Error with a one-line message for a file it cannot read. */
export async function readHdf5(bytes: Uint8Array, limits: H5Limits = {}): Promise<H5Contents> {
  if (!isHdf5(bytes)) throw new Hdf5Error('not an HDF5 file (no HDF5 signature)');
  const { h5, fs } = await load();
  const maxObjects = limits.maxObjects ?? 100_000;
  const maxValues = limits.maxValues ?? Math.max(1 << 24, bytes.byteLength * 4);
  const name = `/skipwire-read-${++counter}.h5`;
  fs.writeFile(name, bytes);
  let file: InstanceType<H5['File']> | undefined;
  const attrs = new Map<string, Record<string, unknown>>();
  const datasets = new Map<string, H5Dataset>();
  let objects = 0;
  let values = 0;
  /** Where reading was when it failed, for the message. */
  let where = '';
  try {
    try {
      file = new h5.File(name, 'r');
      file.keys();
    } catch {
      throw new Hdf5Error('cannot open the HDF5 file: it is truncated or damaged');
    }
    const visit = (group: InstanceType<H5['Group']>, path: string, depth: number) => {
      if (depth > MAX_DEPTH) throw new Hdf5Error(`groups nested more than ${MAX_DEPTH} deep at "${path}"`);
      const a: Record<string, unknown> = {};
      for (const [k, attr] of Object.entries(group.attrs)) a[k] = plainAttr(attr.value);
      attrs.set(path, a);
      for (const key of group.keys()) {
        if (++objects > maxObjects) throw new Hdf5Error(`more than ${maxObjects.toLocaleString('en-US')} objects`);
        const child = group.get(key);
        const at = `${path ? `${path}/` : ''}${key.replaceAll('\\', '/')}`;
        where = at;
        if (child instanceof h5.Group) visit(child, at, depth + 1);
        else if (child instanceof h5.Dataset) {
          if (limits.skip?.(at)) continue;
          const shape = child.shape ?? [];
          const count = shape.reduce((n, d) => n * d, 1);
          values += count;
          if (!Number.isSafeInteger(count) || values > maxValues)
            throw new Hdf5Error(`dataset "${at}" is larger than the file could hold (${shape.join('×')} values)`);
          const data = toFloat32(child.value, count);
          if (data) datasets.set(at, { shape, values: data });
        }
      }
    };
    visit(file, '', 0);
    return { attrs, datasets };
  } catch (e) {
    if (e instanceof Hdf5Error) throw e;
    throw new Hdf5Error(
      `cannot read the HDF5 file${where ? ` at "${oneLine(where, 80)}"` : ''} (${message(e)}); it may be truncated or damaged`,
    );
  } finally {
    try {
      file?.close();
    } catch {
      // A file that failed to open has nothing to close.
    }
    fs.unlink(name);
  }
}

/** What to write: groups (with attributes) and float32 datasets, by path. */
export interface H5Writable {
  /** Attributes by group path, `''` for the root; groups are created in this order. */
  readonly groups: readonly { readonly path: string; readonly attrs?: Readonly<Record<string, string | string[]>> }[];
  readonly datasets: readonly {
    readonly path: string;
    readonly shape: readonly number[];
    readonly values: Float32Array;
  }[];
}

/** Writes an HDF5 file and returns its bytes. */
export async function writeHdf5(contents: H5Writable): Promise<Uint8Array> {
  const { h5, fs } = await load();
  const name = `/skipwire-write-${++counter}.h5`;
  const file = new h5.File(name, 'w');
  try {
    for (const g of contents.groups) {
      const group = g.path ? file.create_group(g.path) : file;
      for (const [k, v] of Object.entries(g.attrs ?? {})) group.create_attribute(k, v);
    }
    for (const d of contents.datasets) {
      const cut = d.path.lastIndexOf('/');
      const parent = cut < 0 ? file : (file.get(d.path.slice(0, cut)) as InstanceType<H5['Group']>);
      parent.create_dataset({ name: d.path.slice(cut + 1), data: d.values, shape: [...d.shape], dtype: '<f' });
    }
    file.close();
    return fs.readFile(name).slice();
  } finally {
    fs.unlink(name);
  }
}

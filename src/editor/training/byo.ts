/**
 * Bring your own data, read locally (nothing is uploaded): a CSV file with chosen feature and
 * label columns, or a folder of images with one subfolder per class, from a file picker or a
 * drop. The CSV parser (papaparse) is loaded on first use so the editor's first chunk stays small.
 */
import { decodeImage } from '../../train/data/decode';
import { imageFolderDataset, type LabelledImage } from '../../train/data/images';
import type { ClassificationSet } from '../../train/data/types';
import type { CsvChoice, ImageFolderChoice } from './session';

const loadCsv = () => import('../../train/data/csv');

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** A file with its path inside the chosen or dropped folder (`pets/cats/001.png`). */
export interface PickedFile {
  readonly file: File;
  readonly path: string;
}

export const IMAGE_FILE = /\.(png|jpe?g|gif|webp|bmp)$/i;
export const CSV_FILE = /\.(csv|tsv|txt)$/i;

/** Makes the data set for the chosen columns; a choice that cannot make one carries the reason. */
export async function withColumns(columns: Omit<CsvChoice, 'dataset' | 'skipped' | 'error'>): Promise<CsvChoice> {
  const { csvDataset } = await loadCsv();
  const { fileName, table, features, label, task } = columns;
  const choice = { fileName, table, features, label, task };
  try {
    const { dataset, skipped } = csvDataset(choice.table, {
      features: choice.features,
      label: choice.label,
      name: choice.fileName,
      ...(choice.task === 'auto' ? {} : { task: choice.task }),
    });
    return { ...choice, dataset, skipped };
  } catch (e) {
    return { ...choice, skipped: 0, error: message(e) };
  }
}

/** Reads a CSV file; the last column is the label and the other numeric columns the features. */
export async function readCsvFile(file: File): Promise<CsvChoice> {
  const { parseCsv } = await loadCsv();
  const table = parseCsv(await file.text());
  const label = table.columns.at(-1) as string;
  const features = table.columns.filter((c, i) => c !== label && table.numeric[i]);
  return withColumns({ fileName: file.name, table, features, label, task: 'auto' });
}

export function filesFromInput(list: FileList | null): PickedFile[] {
  return [...(list ?? [])].map((file) => ({ file, path: file.webkitRelativePath || file.name }));
}

/** Every file under the dropped items, folders walked, with paths relative to the drop. */
export async function filesFromDrop(data: DataTransfer): Promise<PickedFile[]> {
  const entries = [...data.items]
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => e !== null && e !== undefined);
  if (!entries.length) return filesFromInput(data.files);
  const out: PickedFile[] = [];
  const walk = async (entry: FileSystemEntry): Promise<void> => {
    if (entry.isFile) {
      const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
      out.push({ file, path: entry.fullPath.replace(/^\/+/, '') });
      return;
    }
    const reader = (entry as FileSystemDirectoryEntry).createReader();
    // readEntries answers in chunks (100 in Chromium) until it answers an empty list.
    for (;;) {
      const chunk = await new Promise<FileSystemEntry[]>((resolve, reject) => reader.readEntries(resolve, reject));
      if (!chunk.length) break;
      for (const child of chunk) await walk(child);
    }
  };
  for (const entry of entries) await walk(entry);
  return out;
}

/**
 * Decodes the images among `files` (a few at a time, reporting progress), scaled so the longer
 * side is at most `maxSide`. Throws when there is no image.
 */
export async function readImageFolder(
  files: readonly PickedFile[],
  maxSide: number,
  onProgress?: (done: number, total: number) => void,
): Promise<ImageFolderChoice> {
  const chosen = files.filter((f) => IMAGE_FILE.test(f.path));
  if (!chosen.length) throw new Error('No images found: choose a folder with one subfolder of images per class.');
  const images: LabelledImage[] = [];
  const AT_ONCE = 8;
  for (let i = 0; i < chosen.length; i += AT_ONCE) {
    const part = chosen.slice(i, i + AT_ONCE);
    const decoded = await Promise.all(
      part.map(async (f) => {
        try {
          return { path: f.path, image: await decodeImage(f.file, maxSide) };
        } catch (e) {
          throw new Error(`Cannot read "${f.path}" as an image: ${message(e)}`);
        }
      }),
    );
    images.push(...decoded);
    onProgress?.(images.length, chosen.length);
  }
  const first = chosen[0]?.path ?? '';
  return { folder: first.includes('/') ? (first.split('/')[0] as string) : 'images', images };
}

/** The image shape a folder is resized to: the model's input when it is an image, else 32×32×3. */
export function imageShapeFor(input: readonly (number | null)[] | undefined): [number, number, 1 | 3] {
  const [h, w, c] = input ?? [];
  if (input?.length === 3 && typeof h === 'number' && typeof w === 'number' && (c === 1 || c === 3)) return [h, w, c];
  return [32, 32, 3];
}

/** The classification set of a decoded folder at `shape`, or the reason it cannot be made. */
export function imageDataset(
  choice: ImageFolderChoice,
  shape: readonly [number, number, 1 | 3],
): { dataset?: ClassificationSet; error?: string } {
  try {
    const [height, width, channels] = shape;
    return { dataset: imageFolderDataset(choice.images, { height, width, channels, name: choice.folder }) };
  } catch (e) {
    return { error: message(e) };
  }
}

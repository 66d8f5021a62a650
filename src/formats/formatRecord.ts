/**
 * What one file format is, as a record (id, label, file extension, MIME type, whether it needs
 * tfjs, run): the CLI, the editor's Export menu and its import picker all read the list in
 * `registry.ts`. A format is one file in `records/` plus one line there.
 */
import type { SkipwireDoc } from '../compile';
import type { TF } from '../nodes';
import type { FidelityReport } from './fidelity';
import type { ModelFormat } from './kerasModel';
import type { LayoutOptions } from './layout';
import type { PythonOptions } from './python';
import type { AppliedWeights, WeightSet, WeightSources } from './weights';

export interface ExportFile {
  /** File name (tfjs: `model.json` and `weights.bin`, to put in one folder). */
  readonly path: string;
  readonly data: string | Uint8Array;
  readonly mime: string;
}

export interface ExportOptions {
  /** Where the weights come from (trained, else imported, else fresh: see `weights.ts`). */
  readonly weights?: WeightSources;
  readonly python?: PythonOptions;
}

export interface ExportOutput {
  readonly files: readonly ExportFile[];
  /** The read-back check, for the formats that have one. */
  readonly fidelity?: FidelityReport;
  /** Which weights the files carry, for the formats that carry weights. */
  readonly applied?: AppliedWeights;
}

export interface ExportRecord {
  /** The CLI's `--format` value and the menu entry's key. */
  readonly id: string;
  readonly label: string;
  /** One line for the menu. */
  readonly detail: string;
  /** The file's extension (`.json`), or the folder's files for multi-file formats (tfjs). */
  readonly extension: string;
  readonly mime: string;
  /** tfjs must be loaded to run it (the pure ones run without). */
  readonly needsTf: boolean;
  /** The files carry weights (the menu and the CLI say which ones). */
  readonly carriesWeights: boolean;
  /** The export is read back and compared before it is offered (the fidelity check). */
  readonly readBack: boolean;
  /** Throws ExportError, WeightsError or CompileError for a user mistake (`exportModel` catches them). */
  run(tf: TF, doc: SkipwireDoc, options: ExportOptions): Promise<ExportOutput>;
}

/** A file to import, and a way to read the files beside it (a tfjs model's weight shards). */
export interface ImportSource {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** Another file picked or dropped with it, or lying beside it (by file name), if there is one. */
  sibling(name: string): Promise<Uint8Array | undefined>;
}

export interface ImportContext {
  /** Size limit of a model file, in bytes. */
  readonly maxBytes?: number;
  /** Loads tfjs (only called when the file's weights need it). */
  readonly loadTf: () => Promise<TF>;
  /** The layout: elkjs in the editor and the CLI's import, the simple layered one elsewhere. */
  readonly layout?: 'elk' | 'layered';
  /** Options of the elkjs layout (an elkjs instance in a worker, wrapping). */
  readonly elk?: LayoutOptions;
}

export type FileImport =
  | {
      readonly ok: true;
      readonly doc: SkipwireDoc;
      readonly format: ModelFormat;
      /** What the file was, in words, when the topology's format does not say it (`Keras 3 .keras file`). */
      readonly formatLabel?: string;
      /** Things that were dropped or changed on the way, and weights that did not come. */
      readonly warnings: readonly string[];
      /** The file's weights, by layer path of `doc`. */
      readonly weights?: WeightSet;
    }
  | { readonly ok: false; readonly error: string };

export interface ImportRecord {
  readonly id: string;
  readonly label: string;
  /** Extensions the picker offers (`.h5`). */
  readonly extensions: readonly string[];
  readonly mime: string;
  /** tfjs must be loaded to read it (its weights), at least sometimes. */
  readonly needsTf: boolean;
  /** Whether this record reads the file, from its name and first bytes. */
  sniff(name: string, head: Uint8Array): boolean;
  /** Never throws. */
  run(source: ImportSource, context: ImportContext): Promise<FileImport>;
}

/**
 * Every import and export format, one record each (`formatRecord.ts`), in the order menus show
 * them. The CLI's `--format` values, the Export menu's entries and the import picker's accepted
 * extensions are read from these lists: a new format is one file in `records/` plus one line here.
 */
import type { ExportRecord, FileImport, ImportContext, ImportRecord, ImportSource } from './formatRecord';
import { h5Export, h5Import, kerasExport, kerasImport } from './records/kerasFile';
import { kerasJsonExport } from './records/kerasJson';
import { pythonExport, pythonImport } from './records/python';
import { svgExport } from './records/svg';
import { kerasJsonImport, tfjsExport, tfjsImport } from './records/tfjs';
import { oneLine } from './safeJson';

export const EXPORT_RECORDS: readonly ExportRecord[] = [
  tfjsExport,
  kerasExport,
  h5Export,
  kerasJsonExport,
  pythonExport,
  svgExport,
];

/** Tried in order: the first whose `sniff` says yes reads the file. */
export const IMPORT_RECORDS: readonly ImportRecord[] = [
  kerasImport,
  h5Import,
  tfjsImport,
  kerasJsonImport,
  pythonImport,
];

export const exportRecord = (id: string): ExportRecord | undefined => EXPORT_RECORDS.find((r) => r.id === id);

/** The extensions the import picker accepts, for `<input accept>`. */
export const importExtensions = (): readonly string[] => [...new Set(IMPORT_RECORDS.flatMap((r) => r.extensions))];

/** The record that reads a file, by its name and first bytes. */
export const importRecordFor = (name: string, head: Uint8Array): ImportRecord | undefined =>
  IMPORT_RECORDS.find((r) => r.sniff(name, head.subarray(0, 4096)));

/** Imports one file with the record that reads it. Never throws. */
export async function importFile(source: ImportSource, context: ImportContext): Promise<FileImport> {
  const record = importRecordFor(source.name, source.bytes);
  if (!record)
    return {
      ok: false,
      error: `not a model file Skipwire reads (${IMPORT_RECORDS.map((r) => r.label).join('; ')})`,
    };
  try {
    return await record.run(source, context);
  } catch (e) {
    return { ok: false, error: `import failed: ${oneLine(e instanceof Error ? e.message : String(e), 300)}` };
  }
}

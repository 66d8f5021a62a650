/**
 * Import and export of Keras and TensorFlow.js model files (docs/formats.md). Pure TypeScript;
 * the functions that need tfjs take it as their first argument, and elkjs is loaded lazily.
 */
export { checkKerasJsonExport, checkTfjsExport, exportKerasJson, exportTfjs, toKerasJson } from './exportJson';
export { EXPORT_FORMATS, type ExportFile, type ExportOptions, type ExportResult, exportModel } from './exportModel';
export { compareModels, type FidelityReport, predictionAgreement } from './fidelity';
export type { ExportRecord, FileImport, ImportContext, ImportRecord, ImportSource } from './formatRecord';
export {
  type AnyDocument,
  type ImportOptions,
  type ImportResult,
  importModel,
  importModelText,
  parseAnyDocument,
} from './importModel';
export { FORMAT_LABELS, type ModelFormat, type WeightsManifest } from './kerasModel';
export {
  type GraphLayout,
  type LayoutOptions,
  layoutDocument,
  layoutGraph,
  layoutLayered,
  NODE_HEIGHT,
  NODE_WIDTH,
  type PortCount,
  portX,
} from './layout';
export { ExportError, exportPython, type PythonOptions } from './python';
export {
  EXPORT_RECORDS,
  exportRecord,
  IMPORT_RECORDS,
  importExtensions,
  importFile,
  importRecordFor,
} from './registry';
export { MAX_MODEL_BYTES } from './safeJson';
export { escapeXml, exportSvg } from './svg';
export { decodeTfjsWeights } from './tfjsWeights';
export {
  type AppliedWeights,
  applyWeights,
  byPath,
  countWeights,
  describeWeights,
  movedWeights,
  type PlainWeight,
  readWeights,
  type WeightSet,
  type WeightSources,
  WeightsError,
  weightSetOfNamed,
} from './weights';

/**
 * Keras's own files: a `.keras` archive (Keras 3: config.json + metadata.json + model.weights.h5)
 * and a legacy `.h5` (HDF5 with `model_config` and `model_weights`), both with their weights.
 * Their code (h5wasm, fflate) loads when one is read or written.
 */
import type { ExportRecord, ImportRecord } from '../formatRecord';

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04];
const HDF5_MAGIC = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (head: Uint8Array, magic: readonly number[]) => magic.every((b, i) => head[i] === b);

export const kerasImport: ImportRecord = {
  id: 'keras',
  label: 'Keras .keras archive (with its weights)',
  extensions: ['.keras'],
  mime: 'application/zip',
  needsTf: false,
  sniff: (name, head) => startsWith(head, ZIP_MAGIC) || (/\.keras$/i.test(name) && head.length > 0),
  async run(source, context) {
    const { importKerasFile } = await import('../kerasFiles');
    return importKerasFile('keras', source.bytes, context);
  },
};

export const h5Import: ImportRecord = {
  id: 'h5',
  label: 'Keras .h5 (HDF5, with its weights)',
  extensions: ['.h5', '.hdf5'],
  mime: 'application/x-hdf5',
  needsTf: false,
  sniff: (name, head) => startsWith(head, HDF5_MAGIC) || (/\.(h5|hdf5)$/i.test(name) && head.length > 0),
  async run(source, context) {
    const { importKerasFile } = await import('../kerasFiles');
    return importKerasFile('h5', source.bytes, context);
  },
};

export const kerasExport: ExportRecord = {
  id: 'keras',
  label: 'Keras (.keras)',
  detail: 'Keras 3 archive with the weights, read-back-checked',
  extension: '.keras',
  mime: 'application/zip',
  needsTf: true,
  carriesWeights: true,
  readBack: true,
  async run(tf, doc, options) {
    const { exportKerasFile } = await import('../kerasWrite');
    return exportKerasFile(tf, doc, 'keras', options.weights);
  },
};

export const h5Export: ExportRecord = {
  id: 'h5',
  label: 'Keras (.h5)',
  detail: 'legacy HDF5 with the weights, read-back-checked',
  extension: '.h5',
  mime: 'application/x-hdf5',
  needsTf: true,
  carriesWeights: true,
  readBack: true,
  async run(tf, doc, options) {
    const { exportKerasFile } = await import('../kerasWrite');
    return exportKerasFile(tf, doc, 'h5', options.weights);
  },
};
